from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "dueregard.mentoring"
    label = "mentoring"
