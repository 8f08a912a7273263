"""Forms for programmes, applications, matching, review, meetings, endings, evaluation."""

from __future__ import annotations

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from dueregard.core.fields import NHSDateField, ObjectChoiceField, ObjectsChoiceField
from dueregard.core.models import Organisation

from . import choices
from .models import Cadence, Format, Meeting, OrganisationRule, PreferenceMode, Side
from .services import framework


def _emails(text: str, label: str) -> list[str]:
    out = []
    for part in (text or "").replace(",", "\n").split():
        try:
            validate_email(part)
        except forms.ValidationError as exc:
            raise forms.ValidationError(
                _("%(label)s: %(value)s is not an e-mail address") % {"label": label, "value": part}
            ) from exc
        out.append(part.lower())
    return out


class ProgrammeDetailsForm(forms.Form):
    """The details a programme has from the start and an organiser may change later."""

    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title")}
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    cohort_start = NHSDateField(label=_("Cohort starts"), min_year=2020, max_year=2100)
    cohort_end = NHSDateField(label=_("Cohort ends"), min_year=2020, max_year=2100)
    sponsor = forms.CharField(
        label=_("Executive sponsor"),
        max_length=200,
        error_messages={"required": _("Enter the executive sponsor")},
    )
    meeting_cadence = forms.ChoiceField(
        label=_("How often partners meet"),
        choices=Cadence.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how often partners meet")},
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("cohort_start"), data.get("cohort_end")
        if start and end:
            months = (end.year - start.year) * 12 + end.month - start.month
            if end <= start:
                self.add_error("cohort_end", _("The cohort must end after it starts"))
            elif not 6 <= months <= 18:
                self.add_error("cohort_end", _("Programmes run for 6 to 18 months"))
        return data


class ProgrammeForm(ProgrammeDetailsForm):
    reach = forms.ChoiceField(
        label=_("Who is the programme for?"),
        widget=forms.RadioSelect,
        choices=[
            ("organisation", _("Staff of my organisation")),
            ("system", _("Staff of every organisation in the system")),
        ],
        initial="organisation",
        error_messages={"required": _("Choose who the programme is for")},
    )
    focus_groups = forms.MultipleChoiceField(
        label=_("Focus groups"),
        help_text=_("The under-represented groups the partners come from"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one focus group")},
    )
    board_commitment = forms.CharField(
        label=_("Board commitment"),
        help_text=_("What the board agreed to, for example to take part and report progress"),
        widget=forms.Textarea,
        error_messages={"required": _("Describe the board's commitment")},
    )
    board_committed_on = NHSDateField(
        label=_("Date the board committed"), required=False, min_year=2000, max_year=2100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        row = framework.current_characteristics()
        self.fields["focus_groups"].choices = framework.group_choices(row)


class ApplicationForm(forms.Form):
    side = forms.ChoiceField(
        label=_("Are you applying as a leader or as a partner?"),
        choices=Side.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you are a leader or a partner")},
    )
    role = forms.CharField(
        label=_("Job title or role"),
        max_length=200,
        error_messages={"required": _("Enter your job title or role")},
    )
    organisation = ObjectChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("Choose your organisation")},
    )
    directorate = forms.CharField(label=_("Directorate"), max_length=200, required=False)
    team = forms.CharField(
        label=_("Team"),
        max_length=200,
        required=False,
        help_text=_("You will not be paired with someone in the same team"),
    )
    line_manager_email = forms.EmailField(
        label=_("Your line manager's e-mail address"),
        required=False,
        help_text=_("You will not be paired with anyone in your line-management chain"),
        error_messages={"invalid": _("Enter your line manager's e-mail address correctly")},
    )
    senior_managers = forms.CharField(
        label=_("More senior managers in your line (optional)"),
        help_text=_("E-mail addresses, one a line"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    topics = forms.MultipleChoiceField(
        label=_("What would you like to talk about?"),
        choices=choices.TOPICS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one topic")},
    )
    hopes_to_learn = forms.CharField(
        label=_("What do you hope to learn?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tell us what you hope to learn")},
    )
    hopes_to_offer = forms.CharField(
        label=_("What do you hope to offer?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tell us what you hope to offer")},
    )
    availability = forms.MultipleChoiceField(
        label=_("When could you usually meet?"),
        choices=choices.SLOTS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one time you could meet")},
    )
    format = forms.ChoiceField(
        label=_("How would you like to meet?"),
        choices=Format.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you would like to meet")},
    )
    capacity = forms.TypedChoiceField(
        label=_("Leaders: how many partners could you take?"),
        choices=[(1, "1"), (2, "2"), (3, "3")],
        coerce=int,
        initial=1,
        required=False,
    )
    conflicts = forms.CharField(
        label=_("People you must not be paired with (optional)"),
        help_text=_("E-mail addresses, one a line. Only the organisers see this."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    prefer_organisations = ObjectsChoiceField(
        label=_("I would like to be matched with someone from… (optional)"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    avoid_organisations = ObjectsChoiceField(
        label=_("I would rather not be matched with someone from… (optional)"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    characteristics = forms.MultipleChoiceField(
        label=_("Do you identify with any of the programme's focus groups? (optional)"),
        help_text=_(
            "Only the programme organisers see this. It is never shown to other applicants "
            "or your partner, and is used only as the organisers have set the programme up."
        ),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, programme, organisations, choose_from=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        others = choose_from if choose_from is not None else organisations
        self.fields["prefer_organisations"].queryset = others
        self.fields["avoid_organisations"].queryset = others
        hard = programme.preference_mode == "hard"
        help_text = (
            _("The organisers have made these rules: you will only be matched as you ask.")
            if hard
            else _("We follow these where we can; a good match may still come from elsewhere.")
        )
        self.fields["prefer_organisations"].help_text = help_text
        self.fields["avoid_organisations"].help_text = help_text
        self.fields["characteristics"].choices = framework.focus_choices(programme)

    def clean_senior_managers(self):
        return _emails(self.cleaned_data.get("senior_managers"), "Senior managers")

    def clean_conflicts(self):
        return _emails(self.cleaned_data.get("conflicts"), "People you must not be paired with")

    def clean(self):
        data = super().clean()
        both = set(data.get("prefer_organisations") or ()) & set(
            data.get("avoid_organisations") or ()
        )
        if both:
            self.add_error(
                "avoid_organisations",
                _("An organisation cannot be both preferred and avoided: %(names)s")
                % {"names": ", ".join(sorted(o.name for o in both))},
            )
        return data

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["prefer_organisations"] = sorted(o.pk for o in data.get("prefer_organisations") or ())
        data["avoid_organisations"] = sorted(o.pk for o in data.get("avoid_organisations") or ())
        data["senior_manager_emails"] = data.pop("senior_managers")
        data["conflict_emails"] = data.pop("conflicts")
        data["capacity"] = data.get("capacity") or 1
        return data


class MatchForm(forms.Form):
    weight_topics = forms.FloatField(
        label=_("Weight for shared topics"), min_value=0, max_value=10, initial=1
    )
    weight_availability = forms.FloatField(
        label=_("Weight for common availability"), min_value=0, max_value=10, initial=1
    )
    weight_format = forms.FloatField(
        label=_("Weight for a compatible way of meeting"), min_value=0, max_value=10, initial=1
    )
    require_focus_group = forms.BooleanField(
        label=_("Only match partners who shared a characteristic in the focus groups"),
        required=False,
    )
    seed = forms.IntegerField(
        label=_("Seed (optional)"),
        help_text=_("Leave empty for a new seed. Use a stored run's seed to repeat it."),
        min_value=0,
        max_value=2**31 - 1,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("weight_topics", "weight_availability", "weight_format", "seed"):
            # NHS.UK: text inputs with an input mode, not type=number
            mode = "numeric" if name == "seed" else "decimal"
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": mode})
        for name in ("weight_topics", "weight_availability", "weight_format"):
            field = self.fields[name]
            field.error_messages["required"] = _("Enter a weight from 0 to 10")
            field.error_messages["invalid"] = _("Enter a weight from 0 to 10")
            field.error_messages["min_value"] = _("Enter a weight from 0 to 10")
            field.error_messages["max_value"] = _("Enter a weight from 0 to 10")
        self.fields["seed"].error_messages["invalid"] = _("Enter the seed as a whole number")

    def clean(self):
        data = super().clean()
        weights = [data.get(n) for n in ("weight_topics", "weight_availability", "weight_format")]
        if all(w is not None for w in weights) and sum(weights) == 0:
            self.add_error("weight_topics", _("At least one weight must be above 0"))
        return data


REASON = forms.CharField(
    label=_("Reason"),
    widget=forms.Textarea(attrs={"rows": 3}),
    help_text=_("Recorded in the audit trail"),
    error_messages={"required": _("Give a reason for the change")},
)


class OverrideForm(forms.Form):
    leader = ObjectChoiceField(
        label=_("New leader"),
        queryset=None,
        error_messages={"required": _("Choose the new leader")},
    )
    reason = REASON

    def __init__(self, *args, leaders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders
        self.fields["leader"].label_from_instance = lambda a: f"{a.name} ({a.role})"


class SwapForm(forms.Form):
    other = ObjectChoiceField(
        label=_("Swap leaders with"),
        queryset=None,
        error_messages={"required": _("Choose the pair to swap with")},
    )
    reason = REASON

    def __init__(self, *args, pairs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = pairs
        self.fields["other"].label_from_instance = lambda p: f"{p.leader.name} and {p.partner.name}"


class MeetingForm(forms.ModelForm):
    date = NHSDateField(label=_("Date of the meeting"), min_year=2020, max_year=2100)

    class Meta:
        model = Meeting
        fields = ["date", "format", "minutes", "notes"]
        widgets = {"format": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "format": {"required": _("Choose how you met")},
            "minutes": {"required": _("Enter how long you met, in minutes")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = [c for c in Format.choices if c[0] != "either"]
        self.fields["minutes"].widget = forms.TextInput(attrs={"inputmode": "numeric"})
        self.fields["minutes"].error_messages["invalid"] = _("Enter the minutes as a number")

    def clean_minutes(self):
        minutes = self.cleaned_data.get("minutes")
        if minutes is not None and not 1 <= minutes <= 600:
            raise forms.ValidationError(_("Enter a length from 1 to 600 minutes"))
        return minutes


class EndForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the partnership ending?"),
        help_text=_("Seen by the organisers only"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason for ending the partnership")},
    )


class EvaluationForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Overall, how useful was the partnership?"),
        choices=[
            (5, _("5 – very useful")),
            (4, _("4")),
            (3, _("3")),
            (2, _("2")),
            (1, _("1 – not useful")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how useful the partnership was")},
    )
    learned = forms.CharField(
        label=_("What did you learn?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tell us what you learned")},
    )
    will_change = forms.CharField(
        label=_("What will you do differently? (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    would_recommend = forms.TypedChoiceField(
        label=_("Would you recommend reciprocal mentoring to a colleague?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no")},
    )


class ProgrammeEditForm(ProgrammeDetailsForm):
    """What an organiser may change once a programme is running."""

    organisation_rule = forms.ChoiceField(
        label=_("Pairs come from"),
        choices=OrganisationRule.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where pairs may come from")},
    )
    preference_mode = forms.ChoiceField(
        label=_("People's preferences about their partner's organisation"),
        choices=PreferenceMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how people's preferences count")},
    )
    evaluation_opens_on = NHSDateField(
        label=_("Evaluation opens on (optional)"),
        help_text=_("Leave empty to open it when the cohort ends"),
        required=False,
        min_year=2020,
        max_year=2100,
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are they leaving the programme?"),
        help_text=_("Recorded on their application for the organisers only"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason they are leaving the programme")},
    )
