"""Small numbers in text a person typed for publication, found before it is published.

``dueregard.analytics.disclosure.small_numbers_in_text`` finds numbers 1–7 next to
people-words ("3 staff", "five patients"). Each app that stores free text has ONE registry
of it, ``<app>/services/narrative.py``, holding:

* ``PUBLISHED``: the model fields (``"app.Model.field"``) whose text it publishes;
* ``NOT_PUBLISHED``: every other free-text field, each with the reason it is never published;
* ``fields(obj)``: the ``(where, text)`` pairs of one publication (when it publishes any).

:func:`findings` turns what it finds into warnings naming the field, and each publish view
(EDS report, IDMF summary, awards announcement, WRES/WDES report, Easy Read) calls
:func:`confirm_or_warn`, which shows them and asks the person to publish again once they
have checked: a warning, not a refusal, because "3 sites" is not a disclosure and only the
person can tell. :func:`registries` collects the registries; a test enumerates every text
field of every model against them, so a new field cannot be forgotten.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.contrib import messages
from django.utils.translation import gettext as _

from dueregard.analytics.disclosure import small_numbers_in_text

Field = tuple[str, str]  # (where, text)


@dataclass(frozen=True)
class Registry:
    """One app's publishable free text (its ``services/narrative.py``)."""

    app: str
    published: frozenset[str]
    not_published: Mapping[str, str]
    fields: Callable[[object], list[Field]] | None


def registries() -> dict[str, Registry]:
    """The registry of every app that has one, by app label."""
    out = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("dueregard."):
            continue
        name = f"{config.name}.services.narrative"
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name not in (name, f"{config.name}.services"):
                raise
            continue
        out[config.label] = Registry(
            app=config.label,
            published=frozenset(module.PUBLISHED),
            not_published=dict(module.NOT_PUBLISHED),
            fields=getattr(module, "fields", None),
        )
    return out


def findings(fields: Iterable[Field]) -> list[str]:
    """One warning per field holding a small number next to people-words."""
    out = []
    for where, text in fields:
        found = small_numbers_in_text(text or "")
        if found:
            out.append(
                _("%(where)s says %(found)s: a small number of people may identify someone.")
                % {"where": where, "found": ", ".join(f"“{f}”" for f in found)}
            )
    return out


def confirm_or_warn(request, key: str, warnings: list[str]) -> bool:
    """True when publication may go ahead: nothing found, or the person was shown these
    same warnings and asked again. Otherwise the warnings are shown and False returned."""
    if not warnings:
        return True
    digest = hashlib.sha256("\n".join([key, *warnings]).encode()).hexdigest()[:16]
    seen = request.session.get("narrative_checked", [])
    if digest in seen:
        request.session["narrative_checked"] = [d for d in seen if d != digest]
        return True
    request.session["narrative_checked"] = [*seen[-20:], digest]
    for warning in warnings:
        messages.warning(request, warning)
    messages.warning(
        request,
        _(
            "Check the text above before publishing: change any number that could identify "
            "someone, or publish again to confirm it cannot."
        ),
    )
    return False
