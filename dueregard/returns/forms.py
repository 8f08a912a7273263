"""Forms of the yearly cycle."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dueregard.core.fields import NHSDateField

from .models import Standard

MAX_UPLOAD = 5 * 1024 * 1024


class StartForm(forms.Form):
    standard = forms.ChoiceField(
        label=_("Standard"), choices=Standard.choices, widget=forms.RadioSelect
    )
    year = forms.IntegerField(
        label=_("Data year"),
        help_text=_("The year of the 31 March staff snapshot, for example 2025."),
        min_value=2015,
        max_value=2100,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].error_messages["required"] = _("Choose WRES or WDES")
        self.fields["year"].error_messages["required"] = _("Enter the data year")


class SurveyUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Staff Survey summary file"),
        help_text=_(
            "CSV or XLSX: indicator, group, percentage and base (or the benchmark tables' layout)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages["required"] = _("Choose the summary file to upload")

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("The file must be a CSV or XLSX file"))
        if f.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file must be smaller than 5 MB"))
        return f


class RegisterUploadForm(SurveyUploadForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Board register file")
        self.fields["file"].help_text = _(
            "CSV or XLSX with the columns role, voting, executive (yes or no) and group. "
            "It replaces the seats entered so far."
        )
        self.fields["file"].error_messages["required"] = _("Choose the board register file")


class SeatForm(forms.Form):
    role = forms.CharField(
        label=_("Role on the board"),
        max_length=200,
        help_text=_("For example, Chief executive. No names."),
    )
    voting = forms.BooleanField(label=_("Voting member"), required=False)
    executive = forms.BooleanField(label=_("Executive member"), required=False)
    group = forms.ChoiceField(label=_("Group"), widget=forms.RadioSelect)

    def __init__(self, *args, groups: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(g, g) for g in groups]
        self.fields["role"].error_messages["required"] = _("Enter the role on the board")
        self.fields["group"].error_messages["required"] = _("Choose the group")


class AnalysisForm(forms.Form):
    analyses = forms.MultipleChoiceField(
        label=_("Evidence workspace analyses"),
        help_text=_("Choose every pack this year's indicators come from."),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["analyses"].choices = choices
        self.fields["analyses"].error_messages["required"] = _("Choose at least one analysis")


class NarrativeForm(forms.Form):
    text = forms.CharField(label=_("Narrative"), widget=forms.Textarea, max_length=5000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = _("Enter the narrative")


class ActionForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))
    description = forms.CharField(label=_("Action"), widget=forms.Textarea, max_length=2000)
    owner_name = forms.CharField(label=_("Owner"), max_length=200)
    due_date = NHSDateField(label=_("Due date"))

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = indicators
        self.fields["description"].error_messages["required"] = _("Enter the action")
        self.fields["owner_name"].error_messages["required"] = _("Enter who owns the action")


class ApproveForm(forms.Form):
    body = forms.CharField(label=_("Approved by (board or committee)"), max_length=200)
    chair = forms.CharField(
        label=_("Who signed it off"),
        max_length=200,
        help_text=_("For example, the chair of the board."),
    )
    approved_on = NHSDateField(label=_("Date of approval"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["required"] = _("Enter the board or committee")
        self.fields["chair"].error_messages["required"] = _("Enter who signed it off")

    def clean_approved_on(self):
        value = self.cleaned_data["approved_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of approval must be today or in the past"))
        return value
