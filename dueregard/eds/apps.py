from django.apps import AppConfig


class EdsConfig(AppConfig):
    name = "dueregard.eds"
    label = "eds"
