"""The audit trail: who, what, when, before and after, for every important change.

Special-category personal data (UK GDPR Art. 9: ethnicity, disability, health, religion,
sexual orientation, access needs, ...) is never written to the trail; a change to such a
field is recorded as ``"[changed]"`` so the trail proves that it changed without leaking
what it was.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from ..models import AuditEvent

SPECIAL_CATEGORY_FIELDS = frozenset(
    {
        "ethnicity",
        "ethnic_group",
        "ethnic_category",
        "disability",
        "disability_status",
        "religion",
        "religion_or_belief",
        "sexual_orientation",
        "gender_identity",
        "gender_reassignment",
        "trans_status",
        "health",
        "health_condition",
        "access_needs",
        "accessibility_needs",
        "pregnancy",
        "pregnancy_and_maternity",
        "characteristics",
    }
)
REDACTED = "[changed]"


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if hasattr(value, "name") and hasattr(value, "url"):  # files
        return getattr(value, "name", "") or ""
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The listed fields of ``obj`` as JSON-safe values (foreign keys as their ids)."""
    out = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = _plain(getattr(obj, attname))
    return out


def _redact(before: dict, after: dict) -> tuple[dict, dict]:
    before, after = dict(before), dict(after)
    for key in set(before) | set(after):
        if key.lower() in SPECIAL_CATEGORY_FIELDS:
            changed = before.get(key) != after.get(key)
            if key in before:
                before[key] = REDACTED if changed else "[unchanged]"
            if key in after:
                after[key] = REDACTED if changed else "[unchanged]"
    return before, after


def _changed_only(before: dict, after: dict) -> tuple[dict, dict]:
    if not before or not after:
        return before, after
    keys = [k for k in set(before) | set(after) if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def record(
    action: str,
    *,
    actor=None,
    obj: models.Model | None = None,
    organisation=None,
    system=None,
    before: Mapping | None = None,
    after: Mapping | None = None,
    request=None,
    object_repr: str | None = None,
) -> AuditEvent:
    """Append one event. ``organisation``/``system`` default to the object's own."""
    if obj is not None:
        organisation = organisation or getattr(obj, "organisation", None)
        system = system or getattr(obj, "system", None)
    if organisation is not None and system is None:
        system = organisation.system
    before_plain = _plain(dict(before or {}))
    after_plain = _plain(dict(after or {}))
    before_plain, after_plain = _changed_only(before_plain, after_plain)
    before_plain, after_plain = _redact(before_plain, after_plain)
    ip = None
    if request is not None:
        ip = request.META.get("REMOTE_ADDR")
        if actor is None and getattr(request, "user", None) is not None:
            actor = request.user if request.user.is_authenticated else None
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=(getattr(actor, "email", "") or "system") if actor else "system",
        organisation=organisation,
        system=system,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:300],
        before=before_plain,
        after=after_plain,
        ip_address=ip,
    )
