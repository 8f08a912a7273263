from django.apps import AppConfig


class IdmfConfig(AppConfig):
    name = "dueregard.idmf"
    label = "idmf"
