"""Forms for the network register, chairs, affiliations and meetings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dueregard.core.fields import NHSDateField

from .models import AffiliationLevel, NetworkKind


class NetworkForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Enter the network's name")}
    )
    kind = forms.ChoiceField(
        label=_("Kind of network"),
        choices=NetworkKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of network")},
    )
    purpose = forms.CharField(
        label=_("Purpose"), widget=forms.Textarea, required=False, max_length=5000
    )
    sponsor = forms.CharField(
        label=_("Executive sponsor"),
        help_text=_("Name and role, for example Helen Moore, Chief Executive"),
        max_length=200,
        error_messages={"required": _("Enter the executive sponsor")},
    )
    protected_time = forms.CharField(
        label=_("Protected time agreed"),
        help_text=_("For example: chairs 1 day a month, members 2 hours a month"),
        max_length=300,
        required=False,
    )
    budget = forms.IntegerField(
        label=_("Budget agreed (pounds a year)"),
        min_value=0,
        max_value=10_000_000,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-10"}),
        error_messages={
            "invalid": _("Enter the budget as a whole number of pounds, like 2500"),
            "min_value": _("The budget cannot be negative"),
            "max_value": _("The budget must be 10,000,000 pounds or less"),
        },
    )


class ChairForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the new chair"),
        max_length=254,
        error_messages={
            "required": _("Enter the e-mail address of the new chair"),
            "invalid": _("Enter an e-mail address, like name@nhs.net"),
        },
    )


class AffiliationForm(forms.Form):
    body = forms.CharField(
        label=_("Group"),
        help_text=_("For example: Power of Staff Networks"),
        max_length=200,
        error_messages={"required": _("Enter the name of the group")},
    )
    level = forms.ChoiceField(
        label=_("Level"),
        choices=AffiliationLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose regional or national")},
    )
    since = NHSDateField(label=_("Member since"), required=False, min_year=1990, max_year=2100)


class MeetingForm(forms.Form):
    held_on = NHSDateField(label=_("Date"), min_year=1990, max_year=2100)
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title")}
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea, required=False, max_length=10000
    )
