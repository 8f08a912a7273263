from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "dueregard.awards"
    label = "awards"
