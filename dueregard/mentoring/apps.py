from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "dueregard.mentoring"
    label = "mentoring"
    verbose_name = "Reciprocal mentoring"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from dueregard.core import demo, navigation

        from . import demo as mentoring_demo
        from . import permissions  # noqa: F401 - registers the rules

        navigation.register(
            navigation.NavItem(
                _("Mentoring"),
                "mentoring:index",
                "mentoring.view",
                order=65,
                description=_(
                    "Reciprocal mentoring for inclusion: senior leaders and staff from"
                    " under-represented groups mentor each other. Apply to a programme;"
                    " organisers match pairs, send introductions and follow partnerships."
                ),
            )
        )
        demo.register_loader("mentoring", mentoring_demo.load)
