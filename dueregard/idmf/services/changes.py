"""What a save changed, field by field, in words a reader follows: the question as asked,
the answer before and the answer after. Stored with the audit event of the save so the
per-step history reads "Who reached: (empty) → Older people", not "Saved a step"."""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import framework

MAX_VALUE = 300  # characters of an answer kept in the trail (longer text is shortened)
GRID_FIELDS = ("rating", "reasons", "evidence", "confidence")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _readable(value, options: dict[str, str]) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.date):
        return date_format(value, "j F Y")
    if isinstance(value, (list, tuple)):
        return ", ".join(_readable(v, options) for v in value)
    text = str(value)
    if text in options:
        return str(options[text])
    try:
        return (
            date_format(dt.date.fromisoformat(text), "j F Y") if len(text) == 10 else _short(text)
        )
    except ValueError:
        return _short(text)


def _question_labels(spec) -> dict[str, tuple[str, dict[str, str]]]:
    """Each answer key (question code, or code__aim for questions asked per PSED aim)."""
    out = {}
    for q in spec.questions:
        options = {"yes": _("Yes"), "no": _("No")} if q.type == "yes_no" else {}
        options.update({o.code: o.label for o in q.options})
        out[q.code] = (q.text, options)
        if q.repeat_for == "psed_aims":
            for aim in spec.psed_aims:
                out[f"{q.code}__{aim.code}"] = (f"{q.text} – {aim.name}", options)
    return out


def answers(assessment, before: dict, after: dict) -> list[dict]:
    """The answers in ``after`` that differ from ``before``, in the order they are asked."""
    labels = _question_labels(framework.idmf(assessment))
    out = []
    for key, new in after.items():
        label, options = labels.get(key, (key, {}))
        old_text, new_text = _readable(before.get(key), options), _readable(new, options)
        if old_text != new_text:
            out.append({"label": label, "before": old_text, "after": new_text})
    return out


def impacts(assessment, before: dict[str, dict], after: dict[str, dict]) -> list[dict]:
    """The impact-grid cells that changed, labelled with the group and the column."""
    spec = framework.idmf(assessment)
    options = {
        "rating": {c.code: c.label for c in spec.impact_values},
        "confidence": {c.code: c.label for c in spec.confidence_levels},
    }
    columns = {
        "rating": _("impact"),
        "reasons": _("reasons"),
        "evidence": _("evidence"),
        "confidence": _("confidence"),
    }
    out = []
    for code, values in after.items():
        old = before.get(code, {})
        for name in GRID_FIELDS:
            old_text = _readable(old.get(name), options.get(name, {}))
            new_text = _readable(values.get(name), options.get(name, {}))
            if old_text != new_text:
                out.append(
                    {
                        "label": f"{framework.group_name(assessment, code)}: {columns[name]}",
                        "before": old_text,
                        "after": new_text,
                    }
                )
    return out
