from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "dueregard.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self):
        from dueregard.core.services import retention

        from . import disposal, permissions  # noqa: F401 - registers the rules

        for label, fn in disposal.DISPOSALS:
            retention.register_disposal(label, fn)
