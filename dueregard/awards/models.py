"""Award rounds, categories and questions; nominations with consent; judges, conflicts, scores.

A ``Round`` belongs to the organiser's organisation and is open to the staff of its
``eligible_organisations`` (all in the same system). Judges see nominations only through
``services.judging.visible_nominations``, which drops every nomination they have a
conflict with (ADR 0012). Tokens for consent and citation approval are stored as hashes.
"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dueregard.core.models import Organisation
from dueregard.core.tenancy import Scope, ScopedModel


def new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


DATA = Path(__file__).resolve().parent / "data"


def default_introduction() -> str:
    """The Inclusive Leader award's introduction (from the nomination form): the default
    text of a new round's page, which the organiser may change."""
    return (DATA / "inclusive_leader_introduction.txt").read_text(encoding="utf-8").strip()


def new_slug() -> str:
    return secrets.token_urlsafe(12).replace("_", "x").replace("-", "y").lower()


class Round(ScopedModel):
    """One year's awards (e.g. "Inclusive Leader Awards 2026")."""

    title = models.CharField(_("Title"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    introduction = models.TextField(
        _("Introduction shown on the round's page"), blank=True, default=default_introduction
    )
    opens_on = models.DateField(_("Nominations open"))
    closes_on = models.DateField(_("Nominations close"))
    eligible_organisations = models.ManyToManyField(
        Organisation, related_name="+", verbose_name=_("Organisations whose staff may be nominated")
    )
    blind = models.BooleanField(
        _("Blind judging (hide names and organisations from judges)"), default=True
    )
    min_judges = models.PositiveSmallIntegerField(_("Fewest judges a nomination needs"), default=3)
    allow_self_nomination = models.BooleanField(_("People may nominate themselves"), default=False)
    public_slug = models.SlugField(max_length=40, unique=True, default=new_slug, editable=False)
    decisions_final_at = models.DateTimeField(null=True, blank=True)
    announced_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "title"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        """The organiser's rounds, rounds open to the organisation, and rounds one judges."""
        qs = cls._default_manager.all()
        if scope.organisation is not None:
            org = scope.organisation
            same_system = cls._default_manager.filter(system_id=org.system_id)
            allowed = same_system.filter(eligible_organisations=org).values("pk")
            judged = same_system.filter(judges__user_id=scope.user_id).values("pk")
            return qs.filter(Q(organisation=org) | Q(pk__in=allowed) | Q(pk__in=judged))
        if scope.system is not None:
            return qs.filter(system=scope.system)
        return qs.none()

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on


class Category(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("Name"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(round__in=Round.in_scope(scope))


def default_rubric() -> list[str]:
    return [
        "1 – No evidence given",
        "2 – Limited evidence",
        "3 – Some clear examples",
        "4 – Strong examples with results",
        "5 – Outstanding, with evidence of lasting change",
    ]


class Question(models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("Question"))
    prompts = models.TextField(_("Example evidence (one a line)"), blank=True)
    word_limit = models.PositiveIntegerField(_("Word limit"), default=500)
    rubric = models.JSONField(default=default_rubric)  # descriptors for scores 1..5

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"Q{self.position} {self.text[:60]}"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(category__in=Category.in_scope(scope))

    @property
    def prompt_list(self) -> list[str]:
        return [p.strip() for p in self.prompts.splitlines() if p.strip()]


class NomineeKind(models.TextChoices):
    INDIVIDUAL = "individual", _("An individual")
    TEAM = "team", _("A team")


class Stage(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_CONSENT = "awaiting_consent", _("Waiting for the nominee's consent")
    DECLINED = "declined", _("Nominee declined")
    JUDGING = "judging", _("With the judges")
    NOT_SHORTLISTED = "not_shortlisted", _("Not shortlisted")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    WINNER = "winner", _("Winner")


JUDGED_STAGES = (Stage.JUDGING, Stage.NOT_SHORTLISTED, Stage.SHORTLISTED, Stage.WINNER)


class Nomination(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="nominations")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="nominations")
    nominator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="award_nominations"
    )
    nominator_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    nominator_job_title = models.CharField(_("Your job title"), max_length=200, blank=True)
    kind = models.CharField(
        _("Who are you nominating?"),
        max_length=12,
        choices=NomineeKind.choices,
        default=NomineeKind.INDIVIDUAL,
    )
    nominee_name = models.CharField(_("Nominee's name, or the team's name"), max_length=200)
    nominee_email = models.EmailField(_("Nominee's e-mail address (for a team, its lead's)"))
    nominee_job_title = models.CharField(_("Nominee's job title or team"), max_length=200)
    nominee_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.DRAFT)
    reference = models.CharField(max_length=20, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    consent_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    consent_expires_at = models.DateTimeField(null=True, blank=True)
    consented_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # The chair decided before the nomination had its minimum number of scores: why.
    override_reason = models.TextField(blank=True)
    outcome_sent_at = models.DateTimeField(null=True, blank=True)
    citation = models.TextField(blank=True)
    citation_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    citation_expires_at = models.DateTimeField(null=True, blank=True)
    citation_approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Personal data of nominees and nominators: kept for this many days after the round
    # closes (so next year's panel can see past winners), then disposed of.
    retention_days = 3 * 365

    class Meta:
        ordering = ["reference", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "nominator", "nominee_email"],
                name="awards_one_nomination_per_nominee_category_nominator",
            )
        ]

    def __str__(self) -> str:
        return self.reference or f"Nomination {self.pk}"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(round__in=Round.in_scope(scope))


class Monitoring(models.Model):
    """Voluntary equality monitoring the nominee gives when they agree to be nominated
    (ADR 0044): the top-level groups of the pinned characteristics framework they chose
    to share, and their ethnic group as WRES counts it. Only the nominee answers (never
    the nominator, on their behalf). Judges and organisers never see it; only
    ``services.reach`` reads it, as disclosure-controlled counts. Deleted with the
    nomination. No row, or empty answers, means "prefer not to say"."""

    nomination = models.OneToOneField(
        Nomination, on_delete=models.CASCADE, related_name="monitoring"
    )
    framework = models.ForeignKey(
        "frameworks.FrameworkVersion", on_delete=models.PROTECT, related_name="+"
    )
    codes = models.JSONField(default=list, blank=True)
    ethnic_group = models.CharField(max_length=10, blank=True)  # "", "white", "minority"
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Equality monitoring for nomination {self.nomination_id}"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(nomination__in=Nomination.in_scope(scope))


class Answer(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Answer to {self.question_id} in {self.nomination_id}"

    class Meta:
        ordering = ["question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "question"], name="awards_one_answer")
        ]


def evidence_path(instance, filename: str) -> str:
    return f"awards/{instance.nomination.round_id}/{secrets.token_hex(8)}-{filename}"


class Evidence(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name_plural = "evidence"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(nomination__in=Nomination.in_scope(scope))


class JudgeKind(models.TextChoices):
    STAFF = "staff", _("Staff member")
    PATIENT = "patient", _("Patient or public representative")


class Judge(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="award_judging",
    )
    email = models.EmailField()
    full_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=JudgeKind.choices, default=JudgeKind.STAFF)
    is_chair = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["full_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "email"], name="awards_one_judge_per_email")
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(round__in=Round.in_scope(scope))


class ConflictKind(models.TextChoices):
    LINE_MANAGER = "line_manager", _("Line manager or managed by them")
    SAME_TEAM = "same_team", _("Works in the same team")
    PERSONAL = "personal", _("Personal relationship")
    OTHER = "other", _("Other")


class Conflict(models.Model):
    """A declared conflict of interest: a hard exclusion of the judge from the nomination."""

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="conflicts")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(max_length=20, choices=ConflictKind.choices)
    note = models.CharField(max_length=300, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.judge} – {self.nomination} ({self.get_kind_display()})"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["judge", "nomination"], name="awards_one_conflict")
        ]

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(judge__round__in=Round.in_scope(scope))


class Scoresheet(models.Model):
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="scoresheets")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="scoresheets")
    comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.judge} on {self.nomination}"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["judge", "nomination"], name="awards_one_sheet")
        ]


class QuestionScore(models.Model):
    sheet = models.ForeignKey(Scoresheet, on_delete=models.CASCADE, related_name="scores")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.score}"

    class Meta:
        ordering = ["question__position"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "question"], name="awards_one_score"),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="awards_score_1_to_5"
            ),
        ]
