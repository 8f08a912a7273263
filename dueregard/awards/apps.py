from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "dueregard.awards"
    label = "awards"
    verbose_name = "Inclusive Leader awards"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from dueregard.core import demo, navigation

        from . import demo as awards_demo
        from . import permissions  # noqa: F401 - registers the rules

        navigation.register(
            navigation.NavItem(
                _("Awards"),
                "awards:index",
                "awards.view",
                order=70,
                description=_(
                    "Nominate a colleague or team for the Inclusive Leader awards; judges score"
                    " nominations blind, and organisers announce the winners."
                ),
            )
        )
        demo.register_loader("awards", awards_demo.load)

        from dueregard.core.services.retention import register_disposal

        from .services import retention

        register_disposal("award nominations", retention.dispose)

        # a11y: the request-a-format form on the winners page
        from dueregard.publishing import published

        from .services.decisions import published_document, published_page

        published.register("awards", published_page)
        published.register_document("awards", published_document)
