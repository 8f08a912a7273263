from django.apps import AppConfig


def network_groups(series, user) -> list[str]:
    """Staff networks a person may register with for a network development day: those of
    the organisations the series is open to, and the system's own."""
    from .services.networks import networks_for_series

    return networks_for_series(series)


class NetworksConfig(AppConfig):
    name = "dueregard.networks"
    label = "networks"
    verbose_name = "Staff networks"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from dueregard.core import demo, navigation
        from dueregard.events import groups

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
        groups.register(network_groups)
