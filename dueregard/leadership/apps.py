from django.apps import AppConfig


def who_lives_here(decision):
    """IDMF step 2: who lives in the areas the decision's organisation serves."""
    from dueregard.population.services.population import summary_for

    return summary_for(decision.system, decision.organisation)


class LeadershipConfig(AppConfig):
    name = "dueregard.leadership"
    label = "leadership"
    verbose_name = "Leadership and the community"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from dueregard.core import demo, navigation
        from dueregard.evidence import imported
        from dueregard.idmf import population_sources
        from dueregard.reach import headcounts

        from . import demo as leadership_demo
        from . import permissions  # noqa: F401 - registers the rules
        from .services import snapshots

        navigation.register(
            navigation.NavItem(
                _("Leadership and the community"),
                "leadership:index",
                "leadership.view",
                order=69,
                description=_(
                    "Whether the board, very senior managers and bands 8a to 9 reflect the"
                    " people who live in the areas you serve, year on year; the Building"
                    " Leadership for Inclusion objectives and their measures."
                ),
            )
        )
        demo.register_loader("leadership", leadership_demo.load)
        imported.register(snapshots.on_import)
        population_sources.register(who_lives_here)
        headcounts.register(snapshots.staff_in_post)
