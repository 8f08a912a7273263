"""The staff in post a WRES indicator 4 view divides by (from the organisation's ESR)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


def _staff(label, group):
    return forms.IntegerField(
        label=label,
        help_text=_("From your electronic staff record (ESR), as in your WRES return"),
        min_value=1,
        max_value=2_000_000,
        required=False,
        # a text box with a numeric keypad, as the NHS.UK and GOV.UK guidance advise: a
        # number input changes its value on scroll and rejects what it cannot parse silently
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-10"}),
        error_messages={
            "invalid": _("Enter the number of %(group)s staff in post as a whole number, like 1200")
            % {"group": group},
            "min_value": _("The number of %(group)s staff in post must be 1 or more")
            % {"group": group},
            "max_value": _("The number of %(group)s staff in post must be 2,000,000 or fewer")
            % {"group": group},
        },
    )


class HeadcountForm(forms.Form):
    white_staff = _staff(_("White staff in post"), _("White"))
    minority_staff = _staff(_("BME staff in post"), _("BME"))

    def clean(self):
        data = super().clean()
        white, minority = data.get("white_staff"), data.get("minority_staff")
        if "white_staff" in self.errors or "minority_staff" in self.errors:
            return data
        if (white is None) != (minority is None):
            missing = "white_staff" if white is None else "minority_staff"
            self.add_error(
                missing,
                _("Enter both numbers of staff in post, or leave both empty"),
            )
        return data

    def headcounts(self) -> tuple[int, int] | None:
        if not self.is_valid():
            return None
        white, minority = (
            self.cleaned_data.get("white_staff"),
            self.cleaned_data.get("minority_staff"),
        )
        return (white, minority) if white and minority else None
