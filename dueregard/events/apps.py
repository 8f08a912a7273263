from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "dueregard.events"
    label = "events"
    verbose_name = "Workshops and events"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from dueregard.core import demo, navigation

        from . import demo as events_demo
        from . import permissions  # noqa: F401 - registers the rules

        navigation.register(
            navigation.NavItem(
                _("Workshops"),
                "events:index",
                "events.book",
                order=60,
                description=_(
                    "Book workshops such as the Inclusive Decision Making Framework sessions;"
                    " organisers run sessions, waiting lists, registers and feedback."
                ),
            )
        )
        demo.register_loader("events", events_demo.load)
