"""Forms of the EDS cycle. Outcome, grade and factor choices come from the pinned framework."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from dueregard.core.fields import NHSDateField, ObjectChoiceField

from .models import Action, Evidence, Level, PanelRule
from .services.evidence import MAX_EVIDENCE_TEXT

PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


class AssessmentForm(forms.Form):
    framework = forms.ChoiceField(
        label=_("Framework"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the version of the Equality Delivery System")},
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title")}
    )
    period = forms.CharField(
        label=_("Period"),
        max_length=7,
        help_text=_("The year it covers, for example 2025-26"),
        error_messages={"required": _("Enter the period, for example 2025-26")},
    )
    level = forms.ChoiceField(
        label=_("Level"),
        choices=Level.choices,
        widget=forms.RadioSelect,
        initial=Level.ORGANISATION,
    )
    panel_rule = forms.ChoiceField(
        label=_("How panel members' grades combine"),
        choices=PanelRule.choices,
        widget=forms.RadioSelect,
        initial=PanelRule.MEDIAN,
    )
    eds_lead = forms.CharField(label=_("EDS lead (optional)"), max_length=200, required=False)
    board_sponsor = forms.CharField(
        label=_("Board sponsor (optional)"), max_length=200, required=False
    )
    engagement_dates = forms.CharField(
        label=_("Engagement dates (optional)"), max_length=300, required=False
    )

    def __init__(self, *args, framework_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].choices = framework_choices

    def clean_period(self):
        value = self.cleaned_data["period"].strip()
        match = PERIOD.match(value)
        if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
            raise forms.ValidationError(
                _("Enter the period as two consecutive years, like 2025-26")
            )
        return value


class ServiceForm(forms.Form):
    name = forms.CharField(
        label=_("Service name"),
        max_length=200,
        error_messages={"required": _("Enter the service's name")},
    )
    description = forms.CharField(
        label=_("Description (optional)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class LocalInterestForm(forms.Form):
    """Name a staff network as a local interest on the panel (issue 19)."""

    network = ObjectChoiceField(
        label=_("Staff network"),
        queryset=None,
        empty_label=_("Choose a network"),
        error_messages={
            "required": _("Choose the staff network to name as a local interest"),
            "invalid_choice": _("Choose a staff network from the list"),
        },
    )

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks


class LeadForm(forms.Form):
    lead_contact = forms.CharField(
        label=_("Lead's name"),
        max_length=200,
        error_messages={"required": _("Enter the lead's name")},
    )
    role = forms.CharField(
        label=_("Lead's role"),
        max_length=200,
        help_text=_("For example, Medical Director. The published report names the role."),
        error_messages={"required": _("Enter the lead's role, for example Medical Director")},
    )
    name_may_be_published = forms.BooleanField(
        label=_("The lead's name may be published with the report"), required=False
    )


class ConfirmForm(forms.Form):
    """A destructive action asks first: the person ticks to confirm."""

    confirm = forms.BooleanField(
        label=_("Yes, remove it"),
        error_messages={"required": _("Tick the box to confirm, or go back")},
    )


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type of evidence"),
        choices=Evidence.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the type of evidence")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Enter a title for the evidence")},
    )
    text = forms.CharField(
        label=_("Evidence (for written evidence)"),
        widget=forms.Textarea,
        required=False,
        max_length=MAX_EVIDENCE_TEXT,
        error_messages={
            "max_length": _(
                "Written evidence must be %(limit_value)s characters or fewer (this is "
                "%(show_value)s). Upload a long document as a file instead."
            )
        },
    )
    url = forms.URLField(
        assume_scheme="https",
        label=_("Web address (for a link)"),
        required=False,
        max_length=500,
        error_messages={
            "invalid": _(
                "Enter a web address in the correct format, like https://www.example.nhs.uk/report"
            )
        },
    )
    document = forms.FileField(
        label=_("File (for a document): PDF, DOCX, XLSX or ODS, up to 10 MB"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.ods"}),
    )
    service = forms.ChoiceField(label=_("Service"), required=False)
    characteristics = forms.MultipleChoiceField(
        label=_("Groups this evidence covers"), widget=forms.CheckboxSelectMultiple, required=False
    )
    factors = forms.MultipleChoiceField(
        label=_("Grading factors it supports"), widget=forms.CheckboxSelectMultiple, required=False
    )
    may_be_published = forms.BooleanField(
        label=_("This evidence may be published with the report"), required=False
    )

    def __init__(self, *args, characteristics=(), factors=(), services=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["characteristics"].choices = characteristics
        self.fields["factors"].choices = factors
        if not factors:
            del self.fields["factors"]
        if services is None:
            del self.fields["service"]
        else:
            self.fields["service"].choices = [(str(s.pk), s.name) for s in services]
            self.fields["service"].required = True
            self.fields["service"].error_messages["required"] = _(
                "Choose the service this evidence is about"
            )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Evidence.Kind.TEXT and not (data.get("text") or "").strip():
            self.add_error("text", _("Enter the evidence"))
        if kind == Evidence.Kind.LINK and not data.get("url") and "url" not in self.errors:
            self.add_error("url", _("Enter the web address of the evidence"))
        if kind == Evidence.Kind.DOCUMENT and not data.get("document"):
            self.add_error("document", _("Choose a file to upload"))
        return data


class EvidenceEditForm(EvidenceForm):
    """Change an item of evidence: everything but its kind and an uploaded file."""

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        del self.fields["kind"]
        del self.fields["document"]
        if kind != Evidence.Kind.TEXT:
            self.fields["text"].label = _("Description (optional)")
        if kind != Evidence.Kind.LINK:
            del self.fields["url"]

    def clean(self):
        data = forms.Form.clean(self)
        empty = not (data.get("text") or "").strip()
        if self.kind == Evidence.Kind.TEXT and empty and "text" not in self.errors:
            self.add_error("text", _("Enter the evidence"))
        if self.kind == Evidence.Kind.LINK and not data.get("url") and "url" not in self.errors:
            self.add_error("url", _("Enter the web address of the evidence"))
        return data


class GradeForm(forms.Form):
    grade = forms.ChoiceField(
        label=_("Grade"), widget=forms.RadioSelect, error_messages={"required": _("Choose a grade")}
    )
    represents = forms.CharField(
        label=_("Organisation you represent (shown in the published report instead of your name)"),
        max_length=200,
        required=False,
    )
    on_behalf_of = forms.CharField(
        label=_("Recorded on behalf of (optional)"),
        max_length=300,
        required=False,
        help_text=_("For example: Grace Okafor, at the panel meeting of 3 February 2026"),
    )

    source = forms.ChoiceField(
        label=_("Whose grade is this?"),
        widget=forms.RadioSelect,
        required=False,
        choices=[
            ("organisation", _("The organisation's proposed grade")),
            ("panel_agreed", _("The grade the panel agreed in discussion (entered by the chair)")),
            ("on_behalf", _("A panel member's own grade, recorded on their behalf")),
        ],
    )
    member = forms.ChoiceField(
        label=_("Panel member (when recording on their behalf)"), required=False
    )
    reasons_may_be_published = forms.BooleanField(
        label=_(
            "These reasons may be published with the report (unticked: for the panel and "
            "the board only)"
        ),
        required=False,
    )
    change_reason = forms.CharField(
        label=_("Why are you changing this grade?"),
        help_text=_(
            "Only when changing a grade already given: the first grade is kept as it was "
            "given, and the change is shown with its date"
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )

    def __init__(
        self,
        *args,
        grades=(),
        factors=(),
        show_on_behalf=False,
        show_represents=False,
        members=None,
        show_change_reason=False,
        own_choice=False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = grades
        if members is None:
            del self.fields["source"]
            del self.fields["member"]
        else:
            self.fields["member"].choices = members
            if own_choice:  # a chair who also sits on the panel gives their own grade too
                self.fields["source"].choices = [
                    ("mine", _("My own grade as a panel member (given blind)")),
                    *self.fields["source"].choices,
                ]
        self.factor_names = []
        # Per-factor reasons end with a conclusion, as published reports set them out.
        boxes = [*factors, ("conclusion", _("Conclusion"))] if factors else []
        for code, name in boxes or [("summary", _("Reasons for this grade"))]:
            field_name = f"reason_{code}"
            self.fields[field_name] = forms.CharField(
                label=name, widget=forms.Textarea(attrs={"rows": 3}), required=False
            )
            self.factor_names.append(field_name)
        if not show_on_behalf:
            del self.fields["on_behalf_of"]
        if not show_represents:
            del self.fields["represents"]
        if not (show_change_reason or members is not None):
            del self.fields["change_reason"]

    def reasons(self) -> dict[str, str]:
        return {
            name.removeprefix("reason_"): self.cleaned_data.get(name, "")
            for name in self.factor_names
        }

    def clean(self):
        data = super().clean()
        if not any((data.get(n) or "").strip() for n in self.factor_names):
            self.add_error(self.factor_names[0], _("Give the reasons for this grade"))
        if "source" in self.fields:
            if not data.get("source"):
                self.add_error("source", _("Choose whose grade this is"))
            elif data["source"] == "on_behalf":
                if not data.get("member"):
                    self.add_error("member", _("Choose the panel member you are recording for"))
                if not (data.get("on_behalf_of") or "").strip():
                    self.add_error(
                        "on_behalf_of", _("Say at which meeting the member gave this grade")
                    )
        return data


class ActionForm(forms.Form):
    outcome_code = forms.ChoiceField(
        label=_("Outcome"), error_messages={"required": _("Choose the outcome")}
    )
    objective = forms.ChoiceField(label=_("Equality objective (optional)"), required=False)
    action = forms.CharField(
        label=_("Action"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe the action")},
    )
    owner = forms.CharField(
        label=_("Owner"),
        max_length=200,
        error_messages={"required": _("Enter who owns the action")},
    )
    due_date = NHSDateField(label=_("Completion date"), min_year=2000, max_year=2100)

    def __init__(self, *args, outcomes=(), objectives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome_code"].choices = outcomes
        self.fields["objective"].choices = [("", _("None"))] + list(objectives)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=Action.Status.choices, widget=forms.RadioSelect
    )


class ObjectiveForm(forms.Form):
    title = forms.CharField(
        label=_("Objective"), max_length=300, error_messages={"required": _("Enter the objective")}
    )
    description = forms.CharField(
        label=_("Description (optional)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    start_year = forms.IntegerField(
        label=_("First year"),
        min_value=2011,
        max_value=2100,
        help_text=_("Objectives run for four years from this year"),
        error_messages={
            "required": _("Enter the first year"),
            "invalid": _("Enter the first year as a number, like 2026"),
            "min_value": _("The first year must be 2011 or later"),
            "max_value": _("The first year must be 2100 or earlier"),
        },
    )
    outcome_codes = forms.MultipleChoiceField(
        label=_("EDS outcomes it addresses"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, outcomes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome_codes"].choices = outcomes


class ImportForm(forms.Form):
    framework = forms.ChoiceField(
        label=_("Framework the report used"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the framework the report used")},
    )
    period = forms.CharField(
        label=_("Period"),
        max_length=7,
        help_text=_("For example, 2011-12"),
        error_messages={"required": _("Enter the period, for example 2011-12")},
    )
    report = forms.FileField(
        label=_("Published report: plain text, Word (DOCX) or text-based PDF"),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.pdf"}),
        error_messages={"required": _("Choose the report to import")},
    )

    def __init__(self, *args, framework_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].choices = framework_choices

    clean_period = AssessmentForm.clean_period


class ImportConfirmForm(forms.Form):
    """Each error of the review (and an organisation mismatch) ticked one by one."""

    acknowledged = forms.MultipleChoiceField(
        label=_("Problems you have checked"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        needed = review.to_acknowledge
        self.fields["acknowledged"].choices = [
            (key, (f"{p.outcome_code}: " if p.outcome_code else "") + p.message)
            for key, p in needed
        ]
        self.needed = len(needed)
        if not needed:
            del self.fields["acknowledged"]

    def clean(self):
        data = super().clean()
        if self.needed and len(data.get("acknowledged") or ()) < self.needed:
            self.add_error(
                "acknowledged",
                _(
                    "Tick each problem to confirm you have checked it (%(done)s of %(total)s "
                    "ticked). Fix the report and upload it again if a problem is real."
                )
                % {"done": len(data.get("acknowledged") or ()), "total": self.needed},
            )
        data.setdefault("acknowledged", [])
        return data
