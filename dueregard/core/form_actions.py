"""One way for a view to validate a form, call a service and show the service's errors.

Every POST handler in every app does the same three things: validate the form, call one
service with what was typed, and, when the service refuses with a ``ValidationError``, put
its messages on the form so the page re-renders with status 400 and nothing lost::

    form = BookingForm(request.POST)
    result = submit(form, lambda data: booking.book(session, request.user, **data))
    if result.ok:
        return redirect("events:booking", result.value.pk)
    return render(request, "events/session.html", {"form": form}, status=result.status)

``submit`` never swallows any other exception: a bug is a bug, not a form error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from .form_rendering import add_service_errors


@dataclass(frozen=True)
class Submission:
    """What happened to a submitted form: ``ok`` with the service's return ``value``, or
    not ok with the errors on the form (``status`` is then 400)."""

    ok: bool
    value: Any = None

    @property
    def status(self) -> int:
        return 200 if self.ok else 400


def submit(form: forms.BaseForm, action: Callable[[dict], Any]) -> Submission:
    """Validate ``form``; when valid, call ``action(form.cleaned_data)``.

    A ``ValidationError`` from the service lands on the form (field errors on their
    fields, the rest at the top of the error summary) and the submission is not ok.
    """
    if not form.is_valid():
        return Submission(ok=False)
    try:
        value = action(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return Submission(ok=False)
    return Submission(ok=True, value=value)


def attempt(form: forms.BaseForm, action: Callable[[], Any]) -> Submission:
    """Call a service for a form that has already been validated (or has no fields of its
    own), showing a refusal on the form. The same contract as :func:`submit`."""
    try:
        value = action()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return Submission(ok=False)
    return Submission(ok=True, value=value)
