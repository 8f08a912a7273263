from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "dueregard.communities"
    label = "communities"
    verbose_name = "Communities"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from dueregard.core import demo, navigation
        from dueregard.core.services import retention

        from . import demo as communities_demo
        from . import permissions  # noqa: F401 - registers the rules
        from .services import content

        navigation.register(
            navigation.NavItem(
                _("Communities"),
                "communities:index",
                "communities.view",
                order=69,
                description=_(
                    "Communities such as a BAME workshops community: a calendar of workshops,"
                    " shared resources and announcements. Join one; only its organisers see"
                    " who the members are."
                ),
            )
        )
        demo.register_loader("communities", communities_demo.load)
        retention.register_disposal("community announcements", content.dispose_expired)
