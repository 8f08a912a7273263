"""Forms for series, sessions, booking, invitations and feedback."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from dueregard.core import monitoring
from dueregard.core.fields import NHSDateField, ObjectChoiceField, ObjectsChoiceField
from dueregard.core.models import Organisation

from .models import Evaluation, Mode, Series, Session

NEEDS = [
    ("bsl", _("A British Sign Language (BSL) interpreter")),
    ("captions", _("Live captions")),
    ("other", _("Something else")),
]


class SeriesForm(forms.ModelForm):
    questions = forms.CharField(
        label=_("Questions to ask when people book (optional)"),
        help_text=_(
            "One question a line, for example: Do you have any dietary needs? Answers are "
            "optional for people booking and appear in the attendee export."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    allowed_organisations = ObjectsChoiceField(
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Organisations whose staff may book"),
        help_text=_("Your own organisation is always included."),
        required=False,
    )

    class Meta:
        model = Series
        fields = [
            "title",
            "description",
            "audience",
            "allowed_organisations",
            "one_per_person",
            "link_hours_before",
            "offer_hours",
            "register_by_group",
            "places_per_organisation",
            "questions",
        ]
        error_messages = {"title": {"required": _("Enter a title")}}
        widgets = {"description": forms.Textarea, "audience": forms.Textarea}

    def __init__(self, *args, system=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allowed_organisations"].queryset = Organisation.objects.filter(
            system=system, is_active=True
        ).order_by("name")
        self.fields["link_hours_before"].error_messages["required"] = _(
            "Enter how many hours before the start to show the joining link"
        )
        self.fields["offer_hours"].error_messages["required"] = _(
            "Enter how many hours a waiting-list offer stays open"
        )
        if self.instance.pk:
            self.fields["allowed_organisations"].initial = list(
                self.instance.allowed_organisations.values_list("pk", flat=True)
            )
            self.fields["questions"].initial = "\n".join(self.instance.booking_questions)

    def clean_questions(self):
        lines = [line.strip() for line in self.cleaned_data.get("questions", "").splitlines()]
        questions = list(dict.fromkeys(line for line in lines if line))
        if len(questions) > 10:
            raise forms.ValidationError(_("Ask at most 10 questions"))
        if any(len(q) > 200 for q in questions):
            raise forms.ValidationError(_("Keep each question to 200 characters or fewer"))
        return questions

    def service_values(self) -> dict:
        """What the series services take: the questions as ``booking_questions``."""
        data = dict(self.cleaned_data)
        data["booking_questions"] = data.pop("questions")
        return data


class SessionForm(forms.ModelForm):
    date = NHSDateField(label=_("Date"), min_year=2020, max_year=2100)
    starts_at = forms.TimeField(
        label=_("Start time"),
        initial="10:00",
        help_text=_("24-hour clock, for example 10:00"),
        error_messages={
            "required": _("Enter a start time"),
            "invalid": _("Enter a start time like 10:00"),
        },
    )
    joining_link = forms.URLField(
        label=_("Joining link (for example a Teams link)"),
        assume_scheme="https",
        required=False,
        help_text=_("Shown to people booked, and e-mailed, nearer the time"),
        error_messages={"invalid": _("Enter the joining link as a web address")},
    )
    ends_at = forms.TimeField(
        label=_("End time"),
        initial="16:00",
        help_text=_("24-hour clock, for example 16:00"),
        error_messages={
            "required": _("Enter an end time"),
            "invalid": _("Enter an end time like 16:00"),
        },
    )

    class Meta:
        model = Session
        fields = [
            "date",
            "starts_at",
            "ends_at",
            "breaks",
            "mode",
            "venue",
            "joining_link",
            "capacity",
            "facilitators",
        ]
        widgets = {"mode": forms.RadioSelect}
        error_messages = {
            "capacity": {"required": _("Enter how many places there are")},
            "joining_link": {"invalid": _("Enter the joining link as a web address")},
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("End time must be after the start time"))
        if data.get("mode") == Mode.VENUE and not data.get("venue"):
            self.add_error("venue", _("Enter the venue"))
        if data.get("capacity") == 0:
            self.add_error("capacity", _("Places must be 1 or more"))
        return data


class BookingForm(forms.Form):
    """Access needs, and the series' own booking questions (fields ``question_1``…)."""

    needs = forms.MultipleChoiceField(
        label=_("Do you need anything to take part? (optional)"),
        help_text=_("Only the organisers see this. Select all that apply."),
        choices=NEEDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other = forms.CharField(
        label=_("If something else, tell us what you need"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, questions=(), groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        if groups is not None:  # a network development day: register with a network
            self.fields["group"] = forms.ChoiceField(
                label=_("Which staff network are you registering with?"),
                choices=[(name, name) for name in groups],
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose the staff network you are registering with"),
                    "invalid_choice": _("Choose the staff network you are registering with"),
                },
            )
        for i, question in enumerate(self.questions, start=1):
            self.fields[f"question_{i}"] = forms.CharField(
                label=question,
                help_text=_("Optional"),
                max_length=500,
                required=False,
            )
        monitoring.add_fields(self)

    def answers(self) -> dict:
        return {
            question: self.cleaned_data.get(f"question_{i}", "").strip()
            for i, question in enumerate(self.questions, start=1)
            if self.cleaned_data.get(f"question_{i}", "").strip()
        }

    def clean(self):
        data = super().clean()
        if "other" in data.get("needs", []) and not data.get("other", "").strip():
            self.add_error("other", _("Tell us what else you need, or untick 'Something else'"))
        monitoring.clean(self)
        return data

    def monitoring(self) -> tuple[list[str], str]:
        """(codes, ethnic group) the person chose to share; empty when they preferred not."""
        return monitoring.answer(self)

    def access_needs(self) -> dict:
        from .services.booking import clean_needs

        needs = self.cleaned_data.get("needs", [])
        other = self.cleaned_data.get("other", "") if "other" in needs else ""
        return clean_needs("bsl" in needs, "captions" in needs, other)


class InviteForm(forms.Form):
    emails = forms.CharField(
        label=_("E-mail addresses"),
        help_text=_("One address per line. Each person gets a place held for them."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter at least one e-mail address")},
    )
    group = forms.CharField(
        label=_("Group (optional)"),
        help_text=_("For example: Reconfiguration design group"),
        max_length=200,
        required=False,
    )
    reserved_until = NHSDateField(
        label=_("Hold the places until"),
        help_text=_("At the end of this day, places not booked are released to everyone."),
        min_year=2020,
        max_year=2100,
    )

    def __init__(self, *args, session=None, today=None, **kwargs):
        self.session, self.today = session, today
        super().__init__(*args, **kwargs)

    def clean_emails(self):
        raw = [line.strip() for line in self.cleaned_data["emails"].replace(",", "\n").split()]
        emails = [e for e in raw if e]
        bad = []
        for email in emails:
            try:
                validate_email(email)
            except forms.ValidationError:
                bad.append(email)
        if bad:
            raise forms.ValidationError(
                _("These are not e-mail addresses: %(bad)s") % {"bad": ", ".join(bad)}
            )
        return emails

    def clean_reserved_until(self):
        date = self.cleaned_data["reserved_until"]
        if self.today and date < self.today:
            raise forms.ValidationError(_("Hold the places until must be today or in the future"))
        if self.session and date >= self.session.date:
            raise forms.ValidationError(_("Hold the places until must be before the session date"))
        return date

    def reserved_until_datetime(self) -> dt.datetime:
        from .models import LONDON

        day = self.cleaned_data["reserved_until"] + dt.timedelta(days=1)
        return dt.datetime.combine(day, dt.time(0, 0), tzinfo=LONDON)


RATING_CHOICES = [(str(i), str(i)) for i in range(1, 6)]


class EvaluationForm(forms.ModelForm):
    overall = forms.TypedChoiceField(
        label=_("Overall, how good was the workshop? (1 poor, 5 excellent)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select a rating for the workshop overall")},
    )
    usefulness = forms.TypedChoiceField(
        label=_("How useful will it be in your work? (1 not at all, 5 very)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how useful it will be")},
    )
    confidence = forms.TypedChoiceField(
        label=_("How confident do you now feel applying the framework? (1 not at all, 5 very)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how confident you feel")},
    )

    class Meta:
        model = Evaluation
        fields = ["overall", "usefulness", "confidence", "do_differently", "comments"]
        labels = {
            "do_differently": _("What will you do differently as a result?"),
            "comments": _("Anything else you would like to tell us? (optional)"),
        }
        error_messages = {"do_differently": {"required": _("Tell us what you will do differently")}}


class CancelForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the people booked (optional)"),
        help_text=_("Included in the e-mail telling them it is cancelled"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )
    confirm = forms.BooleanField(
        label=_("Yes, cancel it and tell everyone booked"),
        error_messages={"required": _("Tick the box to confirm you want to cancel")},
    )


class MessageForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=150,
        error_messages={"required": _("Enter a subject")},
    )
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        error_messages={"required": _("Enter the message")},
    )


class MoveForm(forms.Form):
    target = ObjectChoiceField(
        label=_("Move to"),
        queryset=Session.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose the session to move them to")},
    )

    def __init__(self, *args, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (
            sessions if sessions is not None else Session.objects.none()
        )
        self.fields["target"].label_from_instance = lambda s: (
            f"{s.date:%-d %B %Y}, {s.starts_at:%H:%M} to {s.ends_at:%H:%M}"
        )


class AgendaItemForm(forms.Form):
    """One item of a network development day's agenda."""

    starts_at = forms.TimeField(
        label=_("Starts"),
        help_text=_("24-hour clock, for example 10:30"),
        error_messages={
            "required": _("Enter a start time"),
            "invalid": _("Enter a start time like 10:30"),
        },
    )
    ends_at = forms.TimeField(
        label=_("Ends"),
        help_text=_("24-hour clock, for example 11:15"),
        error_messages={
            "required": _("Enter an end time"),
            "invalid": _("Enter an end time like 11:15"),
        },
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title")}
    )
    speakers = forms.CharField(label=_("Speakers (optional)"), max_length=300, required=False)
    room = forms.CharField(
        label=_("Room (optional)"),
        help_text=_("Give breakouts at the same time different rooms"),
        max_length=100,
        required=False,
    )
