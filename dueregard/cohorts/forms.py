"""Forms for change-maker cohorts: every input with a message saying what to fix."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dueregard.core import monitoring
from dueregard.core.fields import NHSDateField, ObjectChoiceField, ObjectsChoiceField
from dueregard.core.models import Organisation
from dueregard.events.models import Mode

from .choices import BANDS, STAFF_GROUPS
from .models import ConflictKind, ModuleKind

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _text(label, message, *, rows=None, max_length=200, required=True, help_text=""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    kwargs = {"widget": widget} if widget else {"max_length": max_length}
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        error_messages={
            "required": message,
            "max_length": _("Use %(limit_value)d characters or fewer"),
        },
        **kwargs,
    )


class ProgrammeForm(forms.Form):
    title = _text(_("Title"), _("Enter the programme's title"))
    description = _text(_("Description"), "", rows=4, required=False)
    system_wide = forms.TypedChoiceField(
        label=_("Who is the programme for?"),
        choices=[
            ("no", _("Staff of my organisation")),
            ("yes", _("Staff of every organisation in the system")),
        ],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who the programme is for")},
    )


class CohortForm(forms.Form):
    name = _text(_("Name of the cohort"), _("Enter the cohort's name, for example 2027 intake"))
    opens_on = NHSDateField(label=_("Applications open"), min_year=2020, max_year=2100)
    closes_on = NHSDateField(label=_("Applications close"), min_year=2020, max_year=2100)
    places = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=500,
        error_messages={
            "required": _("Enter the number of places"),
            "invalid": _("Enter the number of places as a whole number, like 20"),
            "min_value": _("There must be at least 1 place"),
            "max_value": _("A cohort can have at most 500 places"),
        },
    )
    eligible_bands = forms.MultipleChoiceField(
        label=_("Bands that may apply (leave empty for any)"),
        choices=BANDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    eligible_staff_groups = forms.MultipleChoiceField(
        label=_("Staff groups that may apply (leave empty for any)"),
        choices=STAFF_GROUPS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    eligible_organisations = ObjectsChoiceField(
        label=_("Organisations whose staff may apply (leave empty for all of the programme's)"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    min_attendance_percent = forms.IntegerField(
        label=_("Share of sessions a participant must attend to complete (per cent)"),
        min_value=0,
        max_value=100,
        initial=75,
        error_messages={
            "required": _("Enter the share of sessions, for example 75"),
            "invalid": _("Enter the share of sessions as a whole number, like 75"),
            "min_value": _("Enter a share from 0 to 100"),
            "max_value": _("Enter a share from 0 to 100"),
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["eligible_organisations"].queryset = organisations


class ApplicationForm(forms.Form):
    organisation = ObjectChoiceField(
        label=_("Your organisation"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("Choose your organisation")},
    )
    job_title = _text(_("Job title"), _("Enter your job title"))
    band = forms.ChoiceField(
        label=_("Your pay band"),
        choices=[("", _("Choose your band"))] + BANDS,
        error_messages={"required": _("Choose your pay band")},
    )
    staff_group = forms.ChoiceField(
        label=_("Your staff group"),
        choices=[("", _("Choose your staff group"))] + STAFF_GROUPS,
        error_messages={"required": _("Choose your staff group")},
    )
    statement = _text(
        _("Why do you want to take part, and what would you like to change?"),
        _("Tell us why you want to take part"),
        rows=6,
    )
    line_manager_name = _text(_("Your line manager's name"), _("Enter your line manager's name"))
    line_manager_email = forms.EmailField(
        label=_("Your line manager's e-mail address"),
        help_text=_("We e-mail them to ask whether they support your application"),
        error_messages={
            "required": _("Enter your line manager's e-mail address"),
            "invalid": _("Enter your line manager's e-mail address, like name@nhs.net"),
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        monitoring.add_fields(self)

    def clean(self):
        data = super().clean()
        monitoring.clean(self)
        return data

    def application(self) -> dict:
        """The application's answers, without the monitoring (kept apart)."""
        data = dict(self.cleaned_data)
        data.pop("ethnic_group", None)
        data.pop("shared", None)
        return data

    def monitoring(self) -> tuple[list[str], str]:
        """(codes, ethnic group) the applicant chose to share; empty when they preferred
        not to say."""
        return monitoring.answer(self)


class SupportForm(forms.Form):
    supported = forms.ChoiceField(
        label=_("Do you support this application?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you support the application")},
    )
    comment = _text(_("Anything the organisers should know (optional)"), "", rows=3, required=False)


class PanelMemberForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the panel member"),
        error_messages={
            "required": _("Enter the panel member's e-mail address"),
            "invalid": _("Enter an e-mail address, like name@nhs.net"),
        },
    )


class ScoreForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Your score"),
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a score from 1 to 5")},
    )
    comment = _text(_("Your comment (optional)"), "", rows=3, required=False)


class ConflictForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is the conflict of interest?"),
        choices=ConflictKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of conflict")},
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("offered", _("Offer a place")),
            ("waiting", _("Put on the waiting list")),
            ("not_selected", _("Not selected")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision")},
    )
    reason = _text(_("Reason for the decision"), _("Give the reason for the decision"), rows=3)


class ModuleForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=ModuleKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a module or an action-learning set")},
    )
    title = _text(_("Title"), _("Enter a title, for example Leading change"))
    date = NHSDateField(label=_("Date"), min_year=2020, max_year=2100)
    starts_at = forms.TimeField(
        label=_("Start time"),
        error_messages={
            "required": _("Enter a start time"),
            "invalid": _("Enter a start time like 10:00"),
        },
    )
    ends_at = forms.TimeField(
        label=_("End time"),
        error_messages={
            "required": _("Enter an end time"),
            "invalid": _("Enter an end time like 16:00"),
        },
    )
    mode = forms.ChoiceField(
        label=_("Where"),
        choices=Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose online or in person")},
    )
    venue = _text(_("Venue (in person)"), "", max_length=300, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("The end time must be after the start time"))
        if data.get("mode") == Mode.VENUE and not data.get("venue"):
            self.add_error("venue", _("Enter the venue"))
        return data


class ProjectForm(forms.Form):
    title = _text(_("Project title"), _("Enter your project's title"))
    summary = _text(
        _("What you want to change, and for whom"), _("Tell us what you want to change"), rows=5
    )


class MilestoneForm(forms.Form):
    title = _text(_("Milestone"), _("Enter the milestone"))
    due_on = NHSDateField(label=_("Due"), min_year=2020, max_year=2100)


def _yes_no(label, message):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": message},
    )


class FollowUpForm(forms.Form):
    new_role = _yes_no(
        _("Have you moved to a new role since the programme?"),
        _("Choose whether you have moved to a new role"),
    )
    promotion = _yes_no(_("Was it a promotion?"), _("Choose whether you were promoted"))
    band_change = _yes_no(
        _("Has your pay band changed?"), _("Choose whether your pay band has changed")
    )
    new_band = forms.ChoiceField(
        label=_("Your band now (if it changed)"),
        choices=[("", _("Choose your band"))] + BANDS,
        required=False,
    )
    still_in_nhs = _yes_no(
        _("Do you still work in the NHS?"), _("Choose whether you still work in the NHS")
    )
    comments = _text(
        _("Anything else you would like to tell us (optional)"), "", rows=3, required=False
    )
