from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dueregard.api"
    label = "api"
    verbose_name = "API for other systems"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from dueregard.core import navigation

        from . import permissions  # noqa: F401 - registers the rules
        from .services import webhooks

        webhooks.connect()
        navigation.register(
            navigation.NavItem(
                _("API access"),
                "api:tokens",
                "api.manage",
                order=90,
                description=_(
                    "Tokens that let other systems (board-paper, intranet and workforce "
                    "systems) read and add data through the API, and webhooks that tell them "
                    "when something changes."
                ),
            ),
        )
