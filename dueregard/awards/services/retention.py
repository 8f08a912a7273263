"""Disposal of award nominations (personal data about nominees and nominators).

Nominations, their answers, evidence files, scores and conflicts, and the panel's names
and e-mail addresses are kept for ``Nomination.retention_days`` after the round closes
(so next year's panel can see past winners), then deleted. The round, its categories and
questions stay. Registered with ``core.services.retention.register_disposal``.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from ..models import Evidence, Judge, Nomination


@transaction.atomic
def dispose(now) -> int:
    cutoff = (now - timedelta(days=Nomination.retention_days)).date()
    due = Nomination.objects.filter(round__closes_on__lt=cutoff)
    for item in Evidence.objects.filter(nomination__in=due):
        item.file.delete(save=False)
    count = due.count()
    due.delete()
    Judge.objects.filter(round__closes_on__lt=cutoff).delete()
    return count
