"""Form fields that follow the NHS.UK design system patterns.

``NHSDateField`` is the day / month / year date input: three boxes, one error message that
says exactly what is wrong ("Date must include a month", "Date must be a real date").
"""

from __future__ import annotations

import datetime as dt

from django import forms


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
        label = str(self.label or "Date")
        if not any(parts):
            if self.required:
                raise forms.ValidationError(f"Enter {label.lower()}", code="required")
            return None
        names = ("a day", "a month", "a year")
        missing = [n for n, p in zip(names, parts, strict=True) if not p]
        if missing:
            raise forms.ValidationError(f"{label} must include {' and '.join(missing)}")
        try:
            day, month, year = (int(p) for p in parts)
            if len(parts[2]) != 4:
                raise ValueError
            date = dt.date(year, month, day)
        except ValueError:
            raise forms.ValidationError(f"{label} must be a real date") from None
        if not self.min_year <= date.year <= self.max_year:
            raise forms.ValidationError(
                f"{label} must be between {self.min_year} and {self.max_year}"
            )
        return date

    def compress(self, data_list):  # pragma: no cover - clean() does the work
        return data_list
