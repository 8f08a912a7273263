from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "dueregard.networks"
    label = "networks"
    verbose_name = "Staff networks"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from dueregard.core import demo, navigation

        from . import demo as networks_demo
        from . import permissions  # noqa: F401 - registers the rules

        navigation.register(
            navigation.NavItem(
                _("Staff networks"),
                "networks:index",
                "networks.view",
                order=67,
                description=_(
                    "The register of staff networks: chairs, executive sponsors, protected"
                    " time and budget, regional and national groups, meetings. Join a network;"
                    " only its chairs see who the members are."
                ),
            )
        )
        demo.register_loader("networks", networks_demo.load)
