"""Forms: the register details, and forms built from the framework's questions."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dueregard.core.fields import NHSDateField

from . import engagement_sources
from .models import Action, CommitteeDecision, Decision, DecisionType
from .services import framework

YES_NO = (("yes", "Yes"), ("no", "No"))


class DecisionForm(forms.ModelForm):
    date_needed = NHSDateField(label="Date the decision is needed", required=False)
    qia_url = forms.URLField(max_length=500, required=False, assume_scheme="https")
    dpia_url = forms.URLField(max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = Decision
        fields = [
            "title",
            "design_group",
            "decision_body",
            "decision_type",
            "date_needed",
            "qia_url",
            "dpia_url",
        ]
        labels = {
            "title": "Proposal title",
            "design_group": "Design group",
            "decision_body": "Decision-making body",
            "decision_type": "Type of decision",
            "qia_url": _("Link to the quality impact assessment (optional)"),
            "dpia_url": _("Link to the data protection impact assessment (optional)"),
        }
        help_texts = {
            "title": 'A short name people will recognise, for example "Moving the '
            'phlebotomy clinic to the health centre".',
            "design_group": "The design group or programme leading the proposal, if any.",
            "decision_body": "The board or committee that will make the decision.",
            "qia_url": _("The organisation's QIA of the same decision, if it has one."),
            "dpia_url": _("The DPIA of the same decision, if personal data is involved."),
        }
        widgets = {"decision_type": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_type"].choices = DecisionType.choices
        self.fields["decision_body"].error_messages["required"] = "Enter the decision-making body"
        self.fields["title"].error_messages["required"] = "Enter the proposal title"
        self.fields["decision_type"].error_messages["required"] = "Select the type of decision"


def question_field(question, *, options=None, label=None):
    """One Django field for one framework question."""
    required = question.required
    common = {"label": label or question.text, "required": required, "help_text": question.hint}
    if question.type == "date":
        return NHSDateField(**common)
    if question.type in ("yes_no", "choice"):
        choices = YES_NO if question.type == "yes_no" else [(o.code, o.label) for o in options]
        field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        field.error_messages["required"] = f"Answer: {common['label']}".rstrip("?")
        return field
    widget = forms.Textarea(attrs={"rows": 4}) if question.type == "long_text" else None
    field = forms.CharField(widget=widget, max_length=10000, **common)
    field.error_messages["required"] = f"Answer: {common['label']}".rstrip("?")
    return field


class QuestionsForm(forms.Form):
    """A form of framework questions. ``draft=True`` saves without requiring answers."""

    def __init__(self, questions, spec, *args, initial_answers=None, draft=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = []
        initial_answers = initial_answers or {}
        for q in questions:
            if q.repeat_for == "psed_aims":
                for aim in spec.psed_aims:
                    key = f"{q.code}__{aim.code}"
                    f = question_field(q, options=q.options, label=f"{aim.name} ({aim.section})")
                    f.help_text = aim.description
                    self._add(key, f, initial_answers.get(key), draft)
                continue
            self._add(
                q.code, question_field(q, options=q.options), initial_answers.get(q.code), draft
            )
        self.draft = draft

    def _add(self, key, field, value, draft):
        if draft:
            field.required = False
        if value not in (None, ""):
            if isinstance(field, NHSDateField) and isinstance(value, str):
                try:
                    value = dt.date.fromisoformat(value)
                except ValueError:
                    value = None
            field.initial = value
        self.fields[key] = field
        self.questions.append(key)


class ImpactGridForm(forms.Form):
    """For each group: rating, reasons, evidence links, confidence."""

    def __init__(self, assessment, *args, draft=False, **kwargs):
        super().__init__(*args, **kwargs)
        spec = framework.idmf(assessment)
        existing = {i.group: i for i in assessment.impacts.all()}
        self.rows = []
        for group in framework.groups(assessment):
            impact = existing.get(group.code)
            rating = forms.ChoiceField(
                label=f"Impact on {group.name.lower() if group.is_protected else group.name}",
                choices=[(c.code, c.label) for c in spec.impact_values],
                widget=forms.RadioSelect,
                required=not draft,
                initial=impact.rating if impact else None,
            )
            rating.error_messages["required"] = f"Select the impact on {group.name}"
            reasons = forms.CharField(
                label="Reasons",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=not draft,
                initial=impact.reasons if impact else "",
                max_length=10000,
                help_text="Think about people who belong to more than one group.",
            )
            reasons.error_messages["required"] = f"Give the reasons for {group.name}"
            evidence = forms.CharField(
                label="Evidence",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=impact.evidence if impact else "",
                max_length=10000,
                help_text="Links or references to the evidence, one a line.",
            )
            confidence = forms.ChoiceField(
                label="Confidence",
                choices=[(c.code, c.label) for c in spec.confidence_levels],
                widget=forms.RadioSelect,
                required=not draft,
                initial=impact.confidence if impact else None,
            )
            confidence.error_messages["required"] = f"Select your confidence for {group.name}"
            prefix = group.code
            self.fields[f"{prefix}-rating"] = rating
            self.fields[f"{prefix}-reasons"] = reasons
            self.fields[f"{prefix}-evidence"] = evidence
            self.fields[f"{prefix}-confidence"] = confidence
            self.rows.append(
                {
                    "group": group,
                    "fields": [
                        f"{prefix}-{n}" for n in ("rating", "reasons", "evidence", "confidence")
                    ],
                }
            )

    def grid(self) -> dict[str, dict]:
        out = {}
        for row in self.rows:
            code = row["group"].code
            out[code] = {
                name: self.cleaned_data.get(f"{code}-{name}") or ""
                for name in ("rating", "reasons", "evidence", "confidence")
            }
        return out


def group_choices(assessment):
    return [(g.code, g.name) for g in framework.groups(assessment)]


class EngagementForm(forms.Form):
    who = forms.CharField(label="Who did you engage with?", max_length=200)
    held_on = NHSDateField(label="When")
    method = forms.CharField(
        label="How", max_length=200, help_text="For example a drop-in session with interpreters."
    )
    groups_reached = forms.MultipleChoiceField(
        label="Which groups were reached?", widget=forms.CheckboxSelectMultiple, required=False
    )
    heard = forms.CharField(label="What did you hear?", widget=forms.Textarea(attrs={"rows": 3}))
    changed = forms.CharField(
        label="What changed as a result?", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, assessment, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups_reached"].choices = group_choices(assessment)
        self.fields["who"].error_messages["required"] = "Enter who you engaged with"
        self.fields["method"].error_messages["required"] = "Enter how you engaged"
        self.fields["heard"].error_messages["required"] = "Enter what you heard"
        # Issue 19: staff networks (or other registered groups) as engagement sources.
        sources = engagement_sources.choices(assessment.decision)
        if sources:
            self.fields["source"] = forms.ChoiceField(
                label="Was this with a staff network? (optional)",
                choices=[("", "No, or another group"), *[(s, s) for s in sources]],
                required=False,
            )
            self.fields["who"].required = False
            self.fields["who"].help_text = "Leave empty if you chose a staff network above."

    def clean(self):
        data = super().clean()
        source = data.pop("source", "")
        if "source" in self.fields and not data.get("who") and not self.has_error("who"):
            if not source:
                self.add_error("who", "Enter who you engaged with, or choose a staff network")
            data["who"] = source
        return data


class ActionForm(forms.Form):
    purpose = forms.ChoiceField(
        label="What is the action for?", choices=Action.Purpose.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label="Action", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    groups = forms.MultipleChoiceField(
        label="Which groups does it address?",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    owner_name = forms.CharField(label="Owner", max_length=200, help_text="Name and role.")
    owner_email = forms.EmailField(label="Owner's e-mail address", required=False)
    due_date = NHSDateField(label="Due date")

    def __init__(self, assessment, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].choices = group_choices(assessment)
        self.fields["purpose"].error_messages["required"] = "Select what the action is for"
        self.fields["description"].error_messages["required"] = "Describe the action"
        self.fields["owner_name"].error_messages["required"] = "Enter the owner of the action"


class SignOffForm(forms.Form):
    """The decision maker's own sentence for each due-regard (Brown) principle, and the
    date the decision was made (the committee's meeting date when it is recorded)."""

    decided_on = NHSDateField(
        label=_("Date of the decision"),
        help_text=_("The day the committee, board or decision maker decided, not today's date."),
    )

    def __init__(self, spec, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].error_messages["required"] = _("Enter the date of the decision")
        self.principles = []
        for item in spec.due_regard_checklist:
            name = f"statement-{item.code}"
            field = forms.CharField(
                label=item.text,
                help_text=_("In a sentence of your own: how was this met for this decision?"),
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2000,
            )
            field.error_messages["required"] = _("Say how this was met: %(principle)s") % {
                "principle": item.text.rstrip(".")
            }
            self.fields[name] = field
            self.principles.append((item.code, name))

    def clean_decided_on(self):
        value = self.cleaned_data["decided_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date of the decision must be today or in the past"))
        return value

    def statements(self) -> dict[str, str]:
        return {code: self.cleaned_data[name] for code, name in self.principles}


class CommitteeForm(forms.Form):
    """A committee or board's decision; attendees one a line as "Role: Name"."""

    body = forms.CharField(label=_("Committee or board"), max_length=160)
    meeting_date = NHSDateField(label=_("Meeting date"))
    minute_reference = forms.CharField(
        label=_("Minute reference"), max_length=80, help_text=_("For example, TB/2026/041.")
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=CommitteeDecision.Outcome.choices, widget=forms.RadioSelect
    )
    conditions = forms.CharField(
        label=_("Conditions or reasons"),
        help_text=_("Needed when approved with conditions, deferred or rejected."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
    attendees = forms.CharField(
        label=_("Who attended"),
        help_text=_('One person a line, role first, for example "Chair: Dr Priya Shah".'),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=8000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        messages = {
            "body": _("Enter the committee or board"),
            "meeting_date": _("Enter the meeting date"),
            "minute_reference": _("Enter the minute reference"),
            "outcome": _("Select the outcome"),
            "attendees": _("List the people who attended, with their roles"),
        }
        for name, text in messages.items():
            self.fields[name].error_messages["required"] = text

    def clean_meeting_date(self):
        value = self.cleaned_data["meeting_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The meeting date must be today or in the past"))
        return value

    def clean_attendees(self):
        people = []
        for number, line in enumerate(self.cleaned_data["attendees"].splitlines(), start=1):
            if not line.strip():
                continue
            role, sep, name = line.partition(":")
            if not sep or not role.strip() or not name.strip():
                raise forms.ValidationError(
                    _('Line %(n)s: write the role, a colon, then the name ("Chair: Priya Shah")')
                    % {"n": number}
                )
            people.append({"role": role.strip()[:120], "name": name.strip()[:200]})
        if not people:
            raise forms.ValidationError(_("List the people who attended, with their roles"))
        if len(people) > 60:
            raise forms.ValidationError(_("List at most 60 people"))
        return people

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        reasons = (data.get("conditions") or "").strip()
        if outcome and outcome != CommitteeDecision.Outcome.APPROVED and not reasons:
            self.add_error("conditions", _("Give the conditions, or the reasons for the outcome"))
        return data

    @staticmethod
    def initial_from(committee, decision) -> dict:
        if committee is None:
            return {"body": decision.decision_body}
        return {
            "body": committee.body,
            "meeting_date": committee.meeting_date,
            "minute_reference": committee.minute_reference,
            "outcome": committee.outcome,
            "conditions": committee.conditions,
            "attendees": "\n".join(f"{a['role']}: {a['name']}" for a in committee.attendees),
        }


class CoAuthorForm(forms.Form):
    email = forms.EmailField(
        label=_("Co-author's e-mail address"),
        help_text=_("They must work in an organisation of this system and have signed in before."),
        max_length=254,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["required"] = _("Enter the co-author's e-mail address")
        self.fields["email"].error_messages["invalid"] = _(
            "Enter an e-mail address in the correct format, like name@example.nhs.uk"
        )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Add a comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    group = forms.ChoiceField(label=_("About"), required=False)

    def __init__(self, assessment, step, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["required"] = _("Write your comment")
        if step == "assess-impact":
            # "" (the template's empty label, "The whole step") or one group
            self.fields["group"].choices = group_choices(assessment)
            self.fields["group"].widget = forms.Select(choices=self.fields["group"].choices)
        else:
            del self.fields["group"]


class SpecialistReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Your review"),
        choices=[
            ("approve", _("Approve: it can go for sign-off")),
            ("changes", _("Ask for changes")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("What needs to change, or any comments"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].error_messages["required"] = _("Select your review")

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "changes" and not (data.get("note") or "").strip():
            self.add_error("note", _("Say what needs to change"))
        return data


class CopyForm(forms.Form):
    """Pick the assessment to start from, among those the user may read."""

    source = forms.TypedChoiceField(
        label=_("Which assessment do you want to start from?"),
        coerce=int,
        widget=forms.RadioSelect,
    )

    def __init__(self, candidates, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            (a.pk, f"{a.decision.title}, version {a.version} ({a.decision.get_status_display()})")
            for a in candidates
        ]
        self.fields["source"].error_messages["required"] = _("Select the assessment to copy")


class WordImportForm(forms.Form):
    document = forms.FileField(
        label=_("Upload the Word document"),
        help_text=_("A Word (.docx) equality or health inequalities impact assessment."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].error_messages["required"] = _("Choose a Word document")
        self.fields["document"].error_messages["empty"] = _("The file is empty")


class ImportReviewForm(forms.Form):
    """What to keep of what the import found; nothing is kept unless ticked."""

    keep = forms.MultipleChoiceField(
        label=_("Keep these"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, choices, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = choices

    def clean_keep(self):
        value = self.cleaned_data["keep"]
        if not value:
            raise forms.ValidationError(_("Select at least one answer to keep"))
        return value


class PartnerForm(forms.Form):
    full_name = forms.CharField(label=_("Their full name"), max_length=200)
    organisation_name = forms.CharField(label=_("Their organisation"), max_length=200)
    email = forms.EmailField(label=_("Their e-mail address"), max_length=254)
    expires_on = NHSDateField(
        label=_("Access ends on"),
        help_text=_("After this date the link and their access stop working. A year at most."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        messages = {
            "full_name": _("Enter their full name"),
            "organisation_name": _("Enter their organisation"),
            "email": _("Enter their e-mail address"),
            "expires_on": _("Enter the date the access ends"),
        }
        for name, text in messages.items():
            self.fields[name].error_messages["required"] = text
        self.fields["email"].error_messages["invalid"] = _(
            "Enter an e-mail address in the correct format, like name@example.org"
        )
