from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "dueregard.publishing"
    label = "publishing"
    verbose_name = "Publishing: one document, many formats"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from dueregard.core import navigation
        from dueregard.core.services.retention import register_disposal

        from . import permissions  # noqa: F401 - registers the rules
        from .services.format_requests import dispose_expired

        navigation.register(
            navigation.NavItem(
                _("Format requests"),
                "publishing:requests",
                "publishing.format_requests",
                order=90,
                description=_(
                    "Requests from the public for a published report in large print, "
                    "Braille, audio, Easy Read or another language, tracked to a reply."
                ),
            ),
        )
        register_disposal("format requests", dispose_expired)
