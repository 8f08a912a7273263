from django.apps import AppConfig


class EdsConfig(AppConfig):
    name = "dueregard.eds"
    label = "eds"
    verbose_name = "Equality Delivery System"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from dueregard.core import demo, navigation

        from . import permissions  # noqa: F401 - registers the rules
        from .demo import load_demo

        navigation.register(
            navigation.NavItem(
                _("EDS"),
                "eds:index",
                "eds.view",
                order=20,
                description=_(
                    "The Equality Delivery System: evidence, grading with local interests, "
                    "the published report and the improvement plan."
                ),
            ),
        )
        demo.register_loader("eds", load_demo)

        # a11y: the request-a-format form works on published reports
        from dueregard.publishing import published

        from .services.public import published_document, published_page

        published.register("eds", published_page)
        published.register_document("eds", published_document)

        # data (issue 23): the report import is read in a tracked background job.
        from dueregard.background import jobs
        from dueregard.core.services import retention

        from .services import import_jobs

        jobs.register(import_jobs.KIND, import_jobs.worker_died)
        retention.register_disposal("eds report imports", import_jobs.dispose_expired)
