from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "dueregard.publishing"
    label = "publishing"
    verbose_name = "Publishing: one document, many formats"
