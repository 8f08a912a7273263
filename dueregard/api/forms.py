"""Forms: the token and webhook pages; and ``validated`` for API writes, which runs the
web's own form over JSON input so the API and the pages check input the same way."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import scopes
from .models import WebhookEvent

DAY_CHOICES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("180", _("180 days")),
    ("365", _("1 year")),
]


def validated(form_class, data: dict, **kwargs) -> dict:
    """The form's cleaned data, or a ``ValidationError`` with each field's message."""
    plain = {}
    for key, value in data.items():
        if isinstance(value, dt.date):
            # NHSDateField is three boxes: day, month, year.
            plain[f"{key}_0"], plain[f"{key}_1"], plain[f"{key}_2"] = (
                str(value.day),
                str(value.month),
                f"{value.year:04d}",
            )
            continue
        plain[key] = "" if value is None else value
    form = form_class(plain, **kwargs)
    if not form.is_valid():
        raise ValidationError(
            {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        )
    return form.cleaned_data


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("Which system will use it, for example “Board papers (ModernGov)”."),
        error_messages={"required": _("Enter a name that says which system will use it")},
    )
    scopes = forms.MultipleChoiceField(
        label=_("What the token may do"),
        choices=scopes.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Never more than you may do yourself here. Choose only what it needs."),
        error_messages={"required": _("Choose at least one thing the token may do")},
    )
    days = forms.ChoiceField(
        label=_("How long it lasts"),
        choices=DAY_CHOICES,
        initial="90",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how long the token lasts")},
    )


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("Address (URL) to send events to"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "An https address of the other system, for example https://intranet.example.nhs.uk/hooks/dueregard"
        ),
        error_messages={
            "required": _("Enter the address to send events to"),
            "invalid": _("Enter an address like https://intranet.example.nhs.uk/hooks"),
        },
    )
    events = forms.MultipleChoiceField(
        label=_("Events to send"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event")},
    )
