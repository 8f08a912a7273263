from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "dueregard.cohorts"
    label = "cohorts"
    verbose_name = "Change-maker cohorts"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from dueregard.core import demo, navigation
        from dueregard.core.services import retention

        from . import demo as cohorts_demo
        from . import permissions  # noqa: F401 - registers the rules
        from .services import retention as cohort_retention

        navigation.register(
            navigation.NavItem(
                _("Change makers"),
                "cohorts:index",
                "cohorts.view",
                order=66,
                description=_(
                    "Change-maker cohorts: apply with your line manager's support, take part"
                    " in modules and action-learning sets, lead a change project and tell"
                    " us where it took you."
                ),
            )
        )
        demo.register_loader("cohorts", cohorts_demo.load)
        retention.register_disposal("cohort applications", cohort_retention.dispose_applications)
        retention.register_disposal("cohort follow-ups", cohort_retention.dispose_follow_ups)
