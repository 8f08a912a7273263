from django.apps import AppConfig


class PopulationConfig(AppConfig):
    name = "dueregard.population"
    label = "population"
    verbose_name = "Population reference data"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from dueregard.core import demo, navigation

        from . import demo as population_demo
        from . import permissions  # noqa: F401 - registers the rules

        navigation.register(
            navigation.NavItem(
                _("Who lives here"),
                "population:index",
                "population.view",
                order=68,
                description=_(
                    "The ethnicity of the people who live in the areas you serve, from the"
                    " ONS Census 2021 tables you load."
                ),
            )
        )
        demo.register_loader("population", population_demo.load)
