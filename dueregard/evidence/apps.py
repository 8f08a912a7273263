"""The evidence workspace: datasets uploaded in the app and safe analyses of them."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "dueregard.evidence"
    label = "evidence"

    def ready(self):
        from dueregard.core import demo, navigation
        from dueregard.core.services import retention
        from dueregard.eds import attachments
        from dueregard.idmf import attachments as idmf_attachments

        from . import permissions  # noqa: F401 - registers the rules
        from .demo import load as load_demo
        from .services.datasets import dispose_expired
        from .services.links import EDS_ATTACHMENT, idmf_blocks

        navigation.register(
            navigation.NavItem(
                _("Evidence"),
                "evidence:index",
                "evidence.view",
                order=40,
                description=_(
                    "Upload workforce and service data, analyse it safely and attach the "
                    "results to EDS and decision assessments."
                ),
            )
        )
        demo.register_loader("evidence", load_demo)
        retention.register_disposal("evidence rows", dispose_expired)
        # Issue 23: a check or import whose worker died leaves the dataset failed.
        from dueregard.background import jobs

        from .services import datasets

        jobs.register(datasets.CHECK, datasets.worker_died)
        jobs.register(datasets.IMPORT, datasets.worker_died)
        attachments.register(EDS_ATTACHMENT)
        idmf_attachments.register("evidence", "analysis", idmf_blocks)
