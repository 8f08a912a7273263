from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Objective
from .services.catalogue import choices


class MeasureForm(forms.Form):
    objective = forms.ChoiceField(
        label=_("Objective"),
        choices=Objective.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the objective this measure shows progress on"),
            "invalid_choice": _("Choose one of the three objectives"),
        },
    )
    code = forms.ChoiceField(
        label=_("Measure"),
        error_messages={
            "required": _("Choose a measure"),
            "invalid_choice": _("Choose a measure from the list"),
        },
    )
    target = forms.DecimalField(
        label=_("Target"),
        help_text=_(
            "A percentage; for a gap, percentage points; for programme reach, a number."
            " For example 15 or -2.5"
        ),
        max_digits=6,
        decimal_places=1,
        error_messages={
            "required": _("Enter the target, like 15"),
            "invalid": _("Enter the target as a number, like 15 or -2.5"),
            "max_decimal_places": _("Enter the target with at most one decimal place"),
            "max_digits": _("Enter a target from -100 to 100"),
            "max_whole_digits": _("Enter a target from -100 to 100"),
        },
    )
    target_year = forms.CharField(
        label=_("Target year"),
        help_text=_("The reporting year by which to reach it, like 2030-31"),
        max_length=7,
        error_messages={"required": _("Enter the target year, like 2030-31")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", _("Choose a measure")), *choices()]
