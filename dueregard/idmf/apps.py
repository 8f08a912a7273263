from django.apps import AppConfig


class IdmfConfig(AppConfig):
    name = "dueregard.idmf"
    label = "idmf"
    verbose_name = "Inclusive decision making (IDMF)"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from dueregard.core import demo as core_demo
        from dueregard.core import navigation

        from . import demo, permissions  # noqa: F401 - registers the rules

        navigation.register(
            navigation.NavItem(
                _("Decisions"),
                "idmf:index",
                "idmf.view",
                order=30,
                description=_(
                    "The decision register: screen each proposal and assess its impact on "
                    "equality and health inequalities in six steps, then sign it off."
                ),
            ),
            navigation.NavItem(
                _("Decisions overview"),
                "idmf:overview",
                "idmf.view",
                order=31,
                description=_(
                    "Reviews and actions that are overdue, the groups most often affected "
                    "negatively, and decisions by design group."
                ),
            ),
        )
        core_demo.register_loader("idmf", demo.load)

        # a11y: the request-a-format form, Easy Read and translations on public summaries
        from dueregard.publishing import published

        from .services.public import published_document, published_page

        published.register("idmf", published_page)
        published.register_document("idmf", published_document)
