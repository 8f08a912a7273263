from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dueregard.core"
    label = "core"
    verbose_name = "Core: organisations, people, roles and audit"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from . import navigation

        navigation.register(
            navigation.NavItem(
                _("System"),
                "core:system",
                "system.view",
                order=80,
                description=_("Every organisation in the system, side by side."),
            ),
            navigation.NavItem(
                _("People"),
                "core:members",
                "members.view",
                order=90,
                description=_("Who has which role here. Invite people, including panel members."),
            ),
            navigation.NavItem(
                _("Audit trail"),
                "core:audit",
                "audit.view",
                order=95,
                description=_("Who changed what, and when."),
            ),
            navigation.NavItem(
                _("Organisations"),
                "core:tree",
                "tree.manage",
                order=97,
                description=_(
                    "Regions, systems and organisations, their sign-in and two-factor rules."
                ),
            ),
        )
