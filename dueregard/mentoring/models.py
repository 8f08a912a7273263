"""Reciprocal mentoring for inclusion: programmes, applications, match runs, partnerships.

A programme belongs to an organisation, or (organisation empty) to a whole system; it is
run by the programme organisers of ``organiser_organisation``. Staff apply as leaders or
partners. Organisers run the optimal solver (``services/matching.py``); every run keeps
its inputs, weights, seed and result. Accepted pairs become partnerships, which log
meetings, check-ins at 3, 6 and 12 months, an early end and an evaluation from each side.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dueregard.core.models import Organisation
from dueregard.core.tenancy import Scope, ScopedModel
from dueregard.frameworks.models import FrameworkVersion

CHECKIN_MONTHS = (3, 6, 12)


class Cadence(models.TextChoices):
    FORTNIGHTLY = "fortnightly", _("Every 2 weeks")
    MONTHLY = "monthly", _("Every month")
    SIX_WEEKLY = "six_weekly", _("Every 6 weeks")
    BI_MONTHLY = "bi_monthly", _("Every 2 months")


class ProgrammeStatus(models.TextChoices):
    OPEN = "open", _("Open for applications")
    MATCHING = "matching", _("Matching")
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class OrganisationRule(models.TextChoices):
    EITHER = "either", _("From the same organisation or different ones")
    SAME = "same", _("Only from the same organisation")
    DIFFERENT = "different", _("Only from different organisations")


class PreferenceMode(models.TextChoices):
    SOFT = "soft", _("Honour them where possible (a preference)")
    HARD = "hard", _("Always honour them (a rule), even if someone is left unmatched")


class Programme(ScopedModel):
    """A cohort of reciprocal mentoring (6 to 18 months)."""

    title = models.CharField(_("Title"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    organiser_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    cohort_start = models.DateField(_("Cohort starts"))
    cohort_end = models.DateField(_("Cohort ends"))
    # Codes from the characteristics framework (pinned below), in its canonical order.
    focus_groups = models.JSONField(_("Focus groups"), default=list, blank=True)
    characteristics_framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="+"
    )
    board_commitment = models.TextField(_("Board commitment"))
    board_committed_on = models.DateField(_("Date the board committed"), null=True, blank=True)
    sponsor = models.CharField(_("Executive sponsor"), max_length=200)
    meeting_cadence = models.CharField(
        _("How often partners meet"), max_length=20, choices=Cadence.choices
    )
    status = models.CharField(
        max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.OPEN
    )
    # Organiser's matching configuration.
    weight_topics = models.FloatField(default=1.0)
    weight_availability = models.FloatField(default=1.0)
    weight_format = models.FloatField(default=1.0)
    require_focus_group = models.BooleanField(
        _("Only match partners who shared a focus-group characteristic"), default=False
    )
    organisation_rule = models.CharField(
        _("Pairs come from"),
        max_length=10,
        choices=OrganisationRule.choices,
        default=OrganisationRule.EITHER,
    )
    preference_mode = models.CharField(
        _("People's preferences about their partner's organisation"),
        max_length=10,
        choices=PreferenceMode.choices,
        default=PreferenceMode.SOFT,
    )
    weight_preferences = models.FloatField(default=1.0)
    # The evaluation opens on this date (default: the cohort's end), or earlier if the
    # organiser opens it.
    evaluation_opens_on = models.DateField(_("Evaluation opens on"), null=True, blank=True)
    paused_from = models.CharField(max_length=10, blank=True)  # the status before a pause
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-cohort_start", "title"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        """An organisation sees its own programmes and its system's system-wide ones."""
        qs = cls._default_manager.all()
        if scope.organisation is not None:
            return qs.filter(
                Q(organisation=scope.organisation)
                | Q(organisation__isnull=True, system_id=scope.organisation.system_id)
            )
        if scope.system is not None:
            return qs.filter(system=scope.system)
        return qs.none()

    @property
    def is_system_wide(self) -> bool:
        return self.organisation_id is None

    @property
    def evaluation_date(self):
        return self.evaluation_opens_on or self.cohort_end


class Side(models.TextChoices):
    LEADER = "leader", _("Senior leader or board member")
    PARTNER = "partner", _("Member of staff from an under-represented group")


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    EITHER = "either", _("Either")


class Application(models.Model):
    """One person's application to a programme, as a leader or as a partner.

    ``characteristics`` (codes from the programme's pinned characteristics framework) is
    shared with organisers only, used only as the programme is configured, and recorded
    in the audit trail only as ``[changed]``.
    """

    retention_days = 365 * 3

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="applications")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(_("Applying as"), max_length=10, choices=Side.choices)
    role = models.CharField(_("Job title or role"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("Organisation")
    )
    directorate = models.CharField(_("Directorate"), max_length=200, blank=True)
    team = models.CharField(_("Team"), max_length=200, blank=True)
    line_manager_email = models.EmailField(_("Line manager's e-mail address"), blank=True)
    senior_manager_emails = models.JSONField(default=list, blank=True)
    topics = models.JSONField(default=list, blank=True)
    hopes_to_learn = models.TextField(_("What you hope to learn"))
    hopes_to_offer = models.TextField(_("What you hope to offer"))
    availability = models.JSONField(default=list, blank=True)
    format = models.CharField(
        _("How you would like to meet"), max_length=10, choices=Format.choices
    )
    capacity = models.PositiveSmallIntegerField(default=1)
    conflict_emails = models.JSONField(default=list, blank=True)
    # Named preferences: organisation pks the person would like, or not like, their
    # partner to come from.
    prefer_organisations = models.JSONField(default=list, blank=True)
    avoid_organisations = models.JSONField(default=list, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    characteristics = models.JSONField(default=list, blank=True)  # private to organisers
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["side", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user"], name="mentoring_one_application_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.full_name or self.user.email} ({self.get_side_display()})"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(programme__in=Programme.in_scope(scope))

    @property
    def solver_id(self) -> str:
        """The id the solver and the stored run record use (no names, no characteristics)."""
        return f"{'L' if self.side == Side.LEADER else 'P'}{self.pk}"

    @property
    def name(self) -> str:
        return self.user.full_name or self.user.email


class MatchRun(models.Model):
    """One run of the solver: ``record`` is ``MatchResult.as_record()`` (inputs, weights,
    constraints, seed and outcome), enough to re-run it identically."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="runs")
    number = models.PositiveIntegerField()
    seed = models.PositiveIntegerField()
    record = models.JSONField()
    complete = models.BooleanField()
    total_score = models.FloatField()
    excluded = models.JSONField(default=list, blank=True)  # [{"id", "reason"}] before the solver
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="mentoring_run_number")
        ]

    def __str__(self) -> str:
        return f"Run {self.number} of {self.programme}"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(programme__in=Programme.in_scope(scope))


class PairStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    ACTIVE = "active", _("Introduced")
    ENDED = "ended", _("Ended early")
    COMPLETED = "completed", _("Completed")


LIVE = (PairStatus.PROPOSED, PairStatus.ACCEPTED, PairStatus.ACTIVE)


class Partnership(models.Model):
    """A pair of a leader and a partner: proposed by a run or set by an organiser."""

    retention_days = 365 * 3

    class Source(models.TextChoices):
        SOLVER = "solver", _("Proposed by the matching")
        OVERRIDE = "override", _("Set by an organiser")
        SWAP = "swap", _("Swapped by an organiser")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="partnerships")
    leader = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(
        MatchRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="pairs"
    )
    status = models.CharField(max_length=10, choices=PairStatus.choices)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.SOLVER)
    score = models.FloatField(null=True, blank=True)
    explanation = models.TextField(blank=True)
    reason = models.TextField(blank=True)  # why an organiser overrode or swapped
    accepted_at = models.DateTimeField(null=True, blank=True)
    introduced_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner"],
                condition=Q(status__in=["proposed", "accepted", "active"]),
                name="mentoring_one_live_pair_per_partner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.leader.name} and {self.partner.name}"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(programme__in=Programme.in_scope(scope))

    def side_of(self, user) -> str | None:
        if user is None:
            return None
        if self.leader.user_id == user.pk:
            return Side.LEADER
        if self.partner.user_id == user.pk:
            return Side.PARTNER
        return None


class Meeting(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("Date of the meeting"))
    format = models.CharField(_("How you met"), max_length=10, choices=Format.choices[:2])
    minutes = models.PositiveSmallIntegerField(_("How long, in minutes"))
    notes = models.TextField(
        _("Notes (optional, seen by both of you and the organisers)"), blank=True
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"Meeting on {self.date:%d %B %Y}"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(partnership__in=Partnership.in_scope(scope))


class CheckIn(models.Model):
    """A check-in point (3, 6 or 12 months after the introduction)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="checkins")
    month = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "month"], name="mentoring_checkin_once")
        ]

    def __str__(self) -> str:
        return f"{self.month}-month check-in"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(partnership__in=Partnership.in_scope(scope))


class Evaluation(models.Model):
    """End-of-programme evaluation, one from each side of a partnership."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="evaluations"
    )
    side = models.CharField(max_length=10, choices=Side.choices)
    rating = models.PositiveSmallIntegerField(_("Overall, how useful was the partnership?"))
    learned = models.TextField(_("What did you learn?"))
    will_change = models.TextField(_("What will you do differently?"), blank=True)
    would_recommend = models.BooleanField(_("Would you recommend reciprocal mentoring?"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "side"], name="mentoring_one_evaluation_per_side"
            )
        ]

    def __str__(self) -> str:
        return f"Evaluation by the {self.side}"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(partnership__in=Partnership.in_scope(scope))
