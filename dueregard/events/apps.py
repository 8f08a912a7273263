from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "dueregard.events"
    label = "events"
