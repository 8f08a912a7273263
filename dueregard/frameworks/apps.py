from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "dueregard.frameworks"
    label = "frameworks"
    verbose_name = "Frameworks: EDS versions, IDMF steps, characteristics (as data)"
