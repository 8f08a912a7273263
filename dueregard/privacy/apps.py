from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "dueregard.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self):
        from dueregard.core import navigation
        from dueregard.core.services import retention

        from . import disposal, permissions  # noqa: F401 - registers the rules

        for label, fn in disposal.DISPOSALS:
            retention.register_disposal(label, fn)
        navigation.register(
            navigation.NavItem(
                _("Personal data"),
                "privacy:index",
                "privacy.manage",
                order=90,
                description=_(
                    "Record of processing, DPIA starter, and finding, exporting, correcting "
                    "or erasing a person's data."
                ),
            )
        )
