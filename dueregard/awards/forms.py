"""Forms for rounds, nominations, the panel, scores and decisions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dueregard.core import monitoring
from dueregard.core.fields import NHSDateField, ObjectChoiceField, ObjectsChoiceField

from .models import ConflictKind, JudgeKind, NomineeKind, Stage
from .services.nominations import EVIDENCE_HELP, check_word_limit


class RoundForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Inclusive Leader Awards 2027",
        error_messages={"required": "Enter a title"},
    )
    description = forms.CharField(label="Description", widget=forms.Textarea, required=False)
    introduction = forms.CharField(
        label=_("Introduction shown on the round's page"),
        help_text=_(
            "Starts with the Inclusive Leader award's introduction. Change it to suit your round."
        ),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
    )
    opens_on = NHSDateField(label="Nominations open")
    closes_on = NHSDateField(label="Nominations close")
    eligible_organisations = ObjectsChoiceField(
        label="Organisations whose staff may be nominated",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one organisation"},
    )
    blind = forms.BooleanField(
        label="Blind judging: hide names and organisations from judges", required=False
    )
    allow_self_nomination = forms.BooleanField(
        label="People may nominate themselves", required=False
    )
    min_judges = forms.IntegerField(
        label="Fewest judges each nomination needs",
        min_value=1,
        max_value=20,
        initial=3,
        error_messages={
            "required": "Enter the fewest judges each nomination needs",
            "invalid": "The fewest judges must be a whole number, like 3",
            "min_value": "The fewest judges must be 1 or more",
            "max_value": "The fewest judges must be 20 or fewer",
        },
    )
    include_inclusive_leader = forms.BooleanField(
        label="Include the Inclusive Leader category with its four questions", required=False
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["eligible_organisations"].queryset = organisations

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] <= data["opens_on"]:
            self.add_error("closes_on", "The closing date must be after the opening date")
        return data


class CategoryForm(forms.Form):
    name = forms.CharField(
        label="Category name", max_length=200, error_messages={"required": "Enter a name"}
    )
    description = forms.CharField(label="Description", widget=forms.Textarea, required=False)


class QuestionForm(forms.Form):
    text = forms.CharField(
        label="Question", widget=forms.Textarea, error_messages={"required": "Enter the question"}
    )
    prompts = forms.CharField(
        label="Example evidence, one a line", widget=forms.Textarea, required=False
    )
    word_limit = forms.IntegerField(
        label="Word limit",
        min_value=1,
        max_value=5000,
        initial=500,
        error_messages={
            "required": "Enter a word limit",
            "invalid": "The word limit must be a whole number, like 500",
            "min_value": "The word limit must be 1 or more",
            "max_value": "The word limit must be 5000 or fewer",
        },
    )


class NominationForm(forms.Form):
    kind = forms.ChoiceField(
        label="Who are you nominating?",
        choices=NomineeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an individual or a team"},
    )
    nominee_name = forms.CharField(
        label="Nominee's name, or the team's name",
        max_length=200,
        error_messages={"required": "Enter the nominee's name"},
    )
    nominee_email = forms.EmailField(
        label="Nominee's e-mail address (for a team, the team lead's)",
        help_text="We will e-mail them to ask if they agree to be nominated",
        error_messages={
            "required": "Enter the nominee's e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.nhs.uk",
        },
    )
    nominee_job_title = forms.CharField(
        label="Nominee's job title, or what the team does",
        max_length=200,
        error_messages={"required": "Enter the nominee's job title"},
    )
    nominee_organisation = ObjectChoiceField(
        label="Nominee's organisation",
        queryset=None,
        error_messages={"required": "Choose the nominee's organisation"},
    )
    nominator_job_title = forms.CharField(label="Your job title", max_length=200, required=False)
    evidence = forms.FileField(
        label=f"Supporting evidence (optional): {EVIDENCE_HELP}",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args, category, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.category = category
        self.questions = list(category.questions.all())
        self.fields["nominee_organisation"].queryset = organisations
        for q in self.questions:
            self.fields[f"answer_{q.pk}"] = forms.CharField(
                label=f"Question {q.position}: {q.text}",
                widget=forms.Textarea(attrs={"rows": 8}),
                required=False,
            )

    def answer_fields(self):
        return [(q, self[f"answer_{q.pk}"]) for q in self.questions]

    def clean(self):
        data = super().clean()
        for q in self.questions:
            problem = check_word_limit(q, data.get(f"answer_{q.pk}", ""))
            if problem:
                self.add_error(f"answer_{q.pk}", problem)
        return data

    def details(self) -> dict:
        return {
            k: self.cleaned_data[k]
            for k in (
                "kind",
                "nominee_name",
                "nominee_email",
                "nominee_job_title",
                "nominee_organisation",
                "nominator_job_title",
            )
        }

    def answers(self) -> dict:
        return {q.pk: self.cleaned_data.get(f"answer_{q.pk}", "") for q in self.questions}


class JudgeForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter the judge's name"}
    )
    email = forms.EmailField(
        label="E-mail address",
        help_text="People without an account here are invited to join as panel members",
        error_messages={
            "required": "Enter the judge's e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.nhs.uk",
        },
    )
    kind = forms.ChoiceField(
        label="Type of judge",
        choices=JudgeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of judge"},
    )
    is_chair = forms.BooleanField(label="Chair of the panel", required=False)


class DeclareConflictForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is the conflict?",
        choices=ConflictKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the conflict is"},
    )
    note = forms.CharField(label="Anything to add (optional)", max_length=300, required=False)


class RecordConflictForm(DeclareConflictForm):
    judge = forms.ChoiceField(label="Judge", error_messages={"required": "Choose the judge"})
    nomination = forms.ChoiceField(
        label="Nomination", error_messages={"required": "Choose the nomination"}
    )
    field_order = ["judge", "nomination", "kind", "note"]

    def __init__(self, *args, judges, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].choices = [(str(j.pk), j.full_name) for j in judges]
        self.fields["nomination"].choices = [
            (str(n.pk), f"{n.reference} – {n.nominee_name}") for n in nominations
        ]


class ScoreForm(forms.Form):
    comment = forms.CharField(
        label="Overall comments (optional)", widget=forms.Textarea, required=False
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            rubric = list(q.rubric or [])
            self.fields[f"score_{q.pk}"] = forms.TypedChoiceField(
                label=f"Score for question {q.position}",
                choices=[
                    (str(i), rubric[i - 1] if i <= len(rubric) else str(i)) for i in range(1, 6)
                ],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose a score for question {q.position}"},
            )
            self.fields[f"comment_{q.pk}"] = forms.CharField(
                label=f"Comment on question {q.position} (optional)",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )

    def scores(self) -> dict:
        return {q.pk: self.cleaned_data[f"score_{q.pk}"] for q in self.questions}

    def comments(self) -> dict:
        return {q.pk: self.cleaned_data.get(f"comment_{q.pk}", "") for q in self.questions}


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Decision",
        choices=[
            (Stage.SHORTLISTED.value, "Shortlist"),
            (Stage.WINNER.value, "Winner"),
            (Stage.NOT_SHORTLISTED.value, "Not shortlisted"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision"},
    )
    reason = forms.CharField(
        label="Reason for the decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reason for the decision"},
    )
    citation = forms.CharField(
        label="Citation (for a winner): what will be read out and published",
        help_text="The winner is asked to approve it before it is published",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    override_reason = forms.CharField(
        label=_("If the nomination has fewer scores than it needs: why decide now?"),
        help_text=_("Recorded in the audit trail. Leave empty when every judge has scored."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Stage.WINNER and not data.get("citation", "").strip():
            self.add_error("citation", "Write the citation to be read out and published")
        return data


class JudgeConflictForm(DeclareConflictForm):
    """A judge declares a conflict by the nominee's name (no reference is shown, so in
    blind mode the name is not linked to a nomination's answers)."""

    nomination = forms.ChoiceField(
        label="Nominee", error_messages={"required": "Choose the nominee you have a conflict with"}
    )
    field_order = ["nomination", "kind", "note"]

    def __init__(self, *args, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        rows = sorted(nominations, key=lambda n: (n.nominee_name.lower(), n.pk))
        self.fields["nomination"].choices = [
            (str(n.pk), f"{n.nominee_name}, {n.nominee_organisation.name}") for n in rows
        ]


class ConsentForm(forms.Form):
    """The nominee's answer, and the voluntary equality monitoring only they may give
    (ADR 0044): kept apart from the nomination, never shown to the judges or organisers."""

    consent = forms.ChoiceField(
        label=_("Do you agree to be nominated?"),
        choices=[
            ("yes", _("Yes, I agree to the nomination going to the judges")),
            ("no", _("No, I do not want to be nominated")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether you agree to be nominated"),
            "invalid_choice": _("Choose whether you agree to be nominated"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        monitoring.add_fields(self)

    def clean(self):
        data = super().clean()
        monitoring.clean(self)
        return data

    def monitoring(self) -> tuple[list[str], str]:
        """What the nominee chose to share; nothing when they declined or preferred not."""
        if self.cleaned_data.get("consent") != "yes":
            return [], ""
        return monitoring.answer(self)
