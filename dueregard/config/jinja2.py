"""The Jinja2 environment: Django's URL reversing, static files, i18n and date formats.

Undefined values: in development and tests (``JINJA2_STRICT_UNDEFINED``, on in
``local`` and ``test`` settings) one of *our* templates that shows, iterates or measures a
name nobody passed, or uses an attribute an object does not have, fails loudly
(:class:`StrictTemplateUndefined`), so a typo cannot hide. Only a bare name tested for
truth (``{% if round %}``) may be absent: that is how a view leaves an optional value
out. Two things stay quiet and chainable, as Jinja's
``ChainableUndefined``: a missing *key* of a dict (``params.search.action``), and
anything undefined inside the NHS.UK templates (``nhsuk-frontend-jinja``), which read
optional names and parameters by design (``{% if htmlClasses %}``). In production the
chainable undefined renders nothing and logs what was missing (:class:`LoggingUndefined`),
so a person never sees an error page for it.
"""

import logging
import os
import sys
from collections.abc import Mapping
from functools import cache

import nhsuk_frontend_jinja
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone, translation
from jinja2 import ChainableUndefined, Environment, select_autoescape
from jinja2.utils import missing

from dueregard.core.form_rendering import error_list, nhsuk_field, rendered_component

logger = logging.getLogger(__name__)


_NHSUK_TEMPLATES = os.path.realpath(os.path.dirname(nhsuk_frontend_jinja.__file__)) + os.sep
_TEMPLATE_SUFFIXES = (".jinja", ".html", ".txt", ".xml", ".svg")


@cache
def _is_nhsuk_template(filename: str) -> bool:
    return os.path.realpath(filename).startswith(_NHSUK_TEMPLATES)


def _used_in_nhsuk_template() -> bool:
    """Whether the template evaluating an undefined is one of the NHS.UK package's: the
    nearest template frame on the stack (compiled templates keep their file name)."""
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.endswith(_TEMPLATE_SUFFIXES) or filename == "<template>":  # from_string
            return _is_nhsuk_template(filename)
        frame = frame.f_back
    return False


class StrictTemplateUndefined(ChainableUndefined):
    """Fails when rendered, iterated, tested or measured — unless it is a missing key of
    a dict or it is used inside an NHS.UK template, where it stays chainable and empty."""

    __slots__ = ()

    def _check(self) -> None:
        if isinstance(self._undefined_obj, Mapping) or _used_in_nhsuk_template():
            return
        self._fail_with_undefined_error()

    def __str__(self) -> str:
        self._check()
        return ""

    def __iter__(self):
        self._check()
        return iter(())

    def __bool__(self) -> bool:
        # A view leaves an optional value out and the template tests it
        # ({% if round %}): a bare name tested for truth may be absent. Its attributes,
        # output, iteration and length stay strict.
        if self._undefined_obj is not missing:
            self._check()
        return False

    def __len__(self) -> int:
        self._check()
        return 0


class LoggingUndefined(ChainableUndefined):
    """Production: renders nothing, as before, and logs what the strict class would refuse.

    The NHS.UK templates' optional names, a missing dict key and a bare name tested for
    truth are by design and stay quiet: logging them wrote 20-80 warnings per page view
    into the production log (found by the load bench, issue 24).
    """

    __slots__ = ()

    def _log(self) -> None:
        if isinstance(self._undefined_obj, Mapping) or _used_in_nhsuk_template():
            return
        logger.warning("Template undefined: %s", self._undefined_message)

    def __str__(self) -> str:
        self._log()
        return ""

    def __iter__(self):
        self._log()
        return iter(())

    def __bool__(self) -> bool:
        if self._undefined_obj is not missing:
            self._log()
        return False

    def __len__(self) -> int:
        self._log()
        return 0


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
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "j F Y, H:i")


def published_extras(kind: str, slug, downloads: bool = False) -> dict:
    """a11y: a published page's other formats and languages (publishing/macros.jinja)."""
    from dueregard.publishing.presenters import public_extras  # after the app registry

    return public_extras(kind, slug, downloads)


def environment(**options) -> Environment:
    # Plain-text e-mails (``.txt``) are not HTML: "A & E" must stay "A & E" there. Every
    # other template, and any template of unknown kind, is escaped. (Django's backend passes
    # ``autoescape=True`` itself, so this is set, not defaulted.)
    options["autoescape"] = select_autoescape(
        ["html", "jinja", "xml", "svg"], disabled_extensions=["txt"], default=True
    )
    # The NHS.UK macros read optional nested parameters (params.search.action, ...):
    # both classes keep a missing dict key chainable.
    strict = getattr(settings, "JINJA2_STRICT_UNDEFINED", settings.DEBUG)
    options["undefined"] = StrictTemplateUndefined if strict else LoggingUndefined
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
            "rendered_component": rendered_component,
            "form_errors": error_list,
            # a11y: other formats and languages of a published page (publishing/macros.jinja)
            "published_extras": published_extras,
        }
    )
    env.filters.update({"date_gb": date_gb, "datetime_gb": datetime_gb})
    return env
