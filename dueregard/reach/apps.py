from django.apps import AppConfig


class ReachConfig(AppConfig):
    name = "dueregard.reach"
    label = "reach"
    verbose_name = "Who our programmes reach"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from dueregard.core import demo, navigation

        from . import demo as reach_demo
        from . import permissions  # noqa: F401 - registers the rules

        navigation.register(
            navigation.NavItem(
                _("Who our programmes reach"),
                "reach:overview",
                "reach.view",
                order=68,
                description=_(
                    "Every programme's reach by the characteristics participants chose to"
                    " share, with small numbers hidden, and the WRES indicator 4 view of"
                    " access to non-mandatory training and development."
                ),
            )
        )
        demo.register_loader("reach", reach_demo.load)
