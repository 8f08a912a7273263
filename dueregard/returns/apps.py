from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "dueregard.returns"
    label = "returns"
    verbose_name = "WRES and WDES returns"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from dueregard.core import demo as core_demo
        from dueregard.core import navigation

        from . import demo, permissions  # noqa: F401 - registers the rules

        navigation.register(
            navigation.NavItem(
                _("WRES and WDES"),
                "returns:index",
                "returns.view",
                order=45,
                description=_(
                    "The yearly WRES and WDES returns: survey figures, the board register, "
                    "the narrative and action plan, board approval and publication."
                ),
            )
        )
        core_demo.register_loader("returns", demo.load)
