"""The Jinja2 environment: Django's URL reversing, static files, i18n and date formats."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, translation
from jinja2 import ChainableUndefined, Environment, select_autoescape

from dueregard.core.form_rendering import error_list, nhsuk_field


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def date_gb(value, fmt: str = "j F Y") -> str:
    """Dates as people in the UK write them: 23 November 2026."""
    if value is None or value == "":
        return ""
    return formats.date_format(value, fmt)


def datetime_gb(value) -> str:
    if value is None:
        return ""
    from django.utils import timezone

    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "j F Y, H:i")


def environment(**options) -> Environment:
    options.setdefault("autoescape", select_autoescape(["html", "jinja", "xml"], default=True))
    # The NHS.UK macros read optional nested parameters (params.search.action, ...).
    options["undefined"] = ChainableUndefined
    env = Environment(**options)  # noqa: S701 - autoescape is set above
    env.install_gettext_translations(translation, newstyle=True)
    env.globals.update(
        {
            "url": url,
            "static": static,
            "settings": settings,
            "get_current_language": translation.get_language,
            "get_language_bidi": translation.get_language_bidi,
            "nhsuk_field": nhsuk_field,
            "form_errors": error_list,
        }
    )
    env.filters.update({"date_gb": date_gb, "datetime_gb": datetime_gb})
    return env
