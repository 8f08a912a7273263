"""Disposal of cohort applications (with the equality monitoring shared, projects, scores
and conflicts) and follow-ups, three years after the cohort closed or the follow-up was due.
Registered with ``core.services.retention`` by the app's ``ready``."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ..models import Application, FollowUp


def dispose_applications(now) -> int:
    cutoff = timezone.localdate(now) - timedelta(days=Application.retention_days)
    deleted, _counts = Application.objects.filter(cohort__closes_on__lt=cutoff).delete()
    return deleted


def dispose_follow_ups(now) -> int:
    cutoff = timezone.localdate(now) - timedelta(days=FollowUp.retention_days)
    deleted, _counts = FollowUp.objects.filter(due_on__lt=cutoff).delete()
    return deleted
