from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "dueregard.evidence"
    label = "evidence"
