"""Form fields that follow the NHS.UK design system patterns.

``NHSDateField`` is the day / month / year date input: three boxes, one error message that
says exactly what is wrong ("Date must include a month", "Date must be a real date").
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.db import models
from django.utils.translation import gettext as _

# A day or month is one or two digits, a year four: anything else is not a real date
# (this also keeps huge numbers away from ``datetime.date``, which overflows on them).
_PART = (re.compile(r"[0-9]{1,2}"), re.compile(r"[0-9]{1,2}"), re.compile(r"[0-9]{4}"))


class DateInputWidget(forms.MultiWidget):
    template_name = ""  # rendered by the NHS.UK dateInput macro, not Django templates

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value):
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]


class NHSDateField(forms.MultiValueField):
    widget = DateInputWidget

    def __init__(self, *, min_year: int = 1900, max_year: int = 2100, **kwargs):
        self.min_year, self.max_year = min_year, max_year
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def clean(self, value):
        """One message for the whole date, in the NHS.UK wording."""
        value = value or ["", "", ""]
        parts = [str(v or "").strip() for v in value]
        label = str(self.label or _("Date"))
        if not any(parts):
            if self.required:
                raise forms.ValidationError(
                    _("Enter %(label)s") % {"label": label.lower()}, code="required"
                )
            return None
        names = (_("a day"), _("a month"), _("a year"))
        missing = [n for n, p in zip(names, parts, strict=True) if not p]
        if missing:
            raise forms.ValidationError(
                _("%(label)s must include %(parts)s")
                % {"label": label, "parts": _(" and ").join(missing)}
            )
        not_real = forms.ValidationError(_("%(label)s must be a real date") % {"label": label})
        if not all(rx.fullmatch(p) for rx, p in zip(_PART, parts, strict=True)):
            raise not_real
        try:
            day, month, year = (int(p) for p in parts)
            date = dt.date(year, month, day)
        except (ValueError, OverflowError):
            raise not_real from None
        if not self.min_year <= date.year <= self.max_year:
            raise forms.ValidationError(
                _("%(label)s must be between %(min)s and %(max)s")
                % {"label": label, "min": self.min_year, "max": self.max_year}
            )
        return date

    def compress(self, data_list):  # pragma: no cover - clean() does the work
        return data_list


def _key_in_range(field: forms.ModelChoiceField, value) -> bool:
    """Whether ``value`` can be looked up at all: a whole-number primary key must fit the
    database's 64-bit integer (a longer one overflows in the driver, a 500)."""
    if field.to_field_name or not isinstance(
        field.queryset.model._meta.pk, (models.AutoField, models.BigAutoField, models.IntegerField)
    ):
        return True
    try:
        return abs(int(str(value).strip())) < 2**63
    except (TypeError, ValueError):
        return True  # Django's own check refuses it with its "invalid choice" message


class ObjectChoiceField(forms.ModelChoiceField):
    """``ModelChoiceField`` that refuses a key too large for the database as an invalid
    choice instead of overflowing."""

    def to_python(self, value):
        if value not in self.empty_values and not _key_in_range(self, value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class ObjectsChoiceField(forms.ModelMultipleChoiceField):
    """``ModelMultipleChoiceField`` with the same guard for every chosen key."""

    def _check_values(self, value):
        for pk in value if isinstance(value, (list, tuple)) else [value]:
            if not _key_in_range(self, pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(pk)[:20]},
                )
        return super()._check_values(value)
