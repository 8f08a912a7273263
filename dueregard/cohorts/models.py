"""Change-maker cohorts (issue 19): a programme, its cohorts with an open call, applications
with line-manager support, a selection panel, a calendar of events sessions, change
projects, completion and follow-up at 6 and 12 months (ADR 0043).

The equality monitoring an applicant chooses to share is kept apart in ``Monitoring``
(one-to-one with the application, ADR 0044) and read only by ``services.reach``; no panel
or organiser page shows it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dueregard.core.models import Organisation
from dueregard.core.tenancy import Scope, ScopedModel
from dueregard.events.models import Series, Session
from dueregard.frameworks.models import FrameworkVersion

from .choices import BANDS, STAFF_GROUPS


class Programme(ScopedModel):
    """A change-maker programme of an organisation, or (organisation empty) of a system."""

    title = models.CharField(_("Title"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    organiser_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    characteristics_framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]

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


class Cohort(models.Model):
    """One intake, with its open call, eligibility rules, places and calendar."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(_("Name"), max_length=200)
    opens_on = models.DateField(_("Applications open"))
    closes_on = models.DateField(_("Applications close"))
    places = models.PositiveIntegerField(_("Places"))
    # Eligibility: empty means anyone. Bands and staff groups are codes from ``choices``.
    eligible_bands = models.JSONField(_("Eligible bands"), default=list, blank=True)
    eligible_staff_groups = models.JSONField(_("Eligible staff groups"), default=list, blank=True)
    eligible_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("Eligible organisations")
    )
    # Completion: the share of the calendar's sessions attended, and the project done.
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("Sessions a participant must attend to complete (per cent)"), default=75
    )
    # The cohort's calendar: an events series, created with the cohort.
    series = models.OneToOneField(
        Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "pk"]

    def __str__(self) -> str:
        return f"{self.programme.title}: {self.name}"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(programme__in=Programme.in_scope(scope))

    def is_open(self, today: dt.date) -> bool:
        return self.opens_on <= today <= self.closes_on


class Support(models.TextChoices):
    PENDING = "pending", _("Waiting for the line manager")
    CONFIRMED = "confirmed", _("Supported by the line manager")
    DECLINED = "declined", _("Not supported by the line manager")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    OFFERED = "offered", _("Offered a place")
    ACCEPTED = "accepted", _("Participant")
    DECLINED = "declined", _("Declined the place")
    WAITING = "waiting", _("On the waiting list")
    NOT_SELECTED = "not_selected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Application(models.Model):
    """One person's application to a cohort; once accepted, their place on it."""

    retention_days = 365 * 3

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="applications")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_applications"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    job_title = models.CharField(_("Job title"), max_length=200)
    band = models.CharField(_("Pay band"), max_length=10, choices=BANDS)
    staff_group = models.CharField(_("Staff group"), max_length=20, choices=STAFF_GROUPS)
    statement = models.TextField(_("Why you want to take part"))
    line_manager_name = models.CharField(_("Line manager's name"), max_length=200)
    line_manager_email = models.EmailField(_("Line manager's e-mail address"))
    support = models.CharField(max_length=10, choices=Support.choices, default=Support.PENDING)
    support_comment = models.TextField(blank=True)
    support_answered_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.SUBMITTED)
    decision_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="cohorts_one_application")
        ]

    def __str__(self) -> str:
        return f"{self.user.full_name or self.user.email} – {self.cohort.name}"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        """The scope's cohorts' applications, and a person's own wherever they work."""
        own = Q(user_id=scope.user_id) if scope.user_id is not None else Q(pk__in=[])
        return cls._default_manager.filter(Q(cohort__in=Cohort.in_scope(scope)) | own)

    @property
    def name(self) -> str:
        return self.user.full_name or self.user.email

    @property
    def is_participant(self) -> bool:
        return self.status == Status.ACCEPTED


class Monitoring(models.Model):
    """Voluntary equality monitoring given when applying (ADR 0044): the top-level groups
    of the pinned characteristics framework the applicant chose to share, and their ethnic
    group as WRES counts it. Kept apart from the application: the panel and organisers
    never see it; only ``services.reach`` reads it, as disclosure-controlled counts.
    Deleted with the application. No row, or empty answers, means "prefer not to say"."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="monitoring"
    )
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="+")
    codes = models.JSONField(default=list, blank=True)
    ethnic_group = models.CharField(max_length=10, blank=True)  # "", "white", "minority"
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Equality monitoring for application {self.application_id}"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(application__in=Application.in_scope(scope))


class PanelMember(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="panel")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_panels"
    )
    email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["email", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="cohorts_one_panel_place")
        ]

    def __str__(self) -> str:
        return self.user.full_name or self.email

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(cohort__in=Cohort.in_scope(scope))


class ConflictKind(models.TextChoices):
    LINE_MANAGER = "line_manager", _("Line manager or managed by them")
    SAME_TEAM = "same_team", _("Works in the same team")
    PERSONAL = "personal", _("Personal relationship")
    OTHER = "other", _("Other")


class Conflict(models.Model):
    """A declared conflict of interest: the member never sees or scores the application."""

    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="conflicts")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(max_length=20, choices=ConflictKind.choices)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "application"], name="cohorts_one_conflict")
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.application_id}"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(member__cohort__in=Cohort.in_scope(scope))


class Score(models.Model):
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="scores")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "application"], name="cohorts_one_score"),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="cohorts_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return str(self.score)

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(member__cohort__in=Cohort.in_scope(scope))


class ModuleKind(models.TextChoices):
    MODULE = "module", _("Module")
    ACTION_LEARNING = "action_learning", _("Action-learning set")


class Module(models.Model):
    """One date of the cohort's calendar: an events session of the cohort's series."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="modules")
    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="cohort_module")
    kind = models.CharField(_("Kind"), max_length=20, choices=ModuleKind.choices)
    title = models.CharField(_("Title"), max_length=200)

    class Meta:
        ordering = ["session__date", "session__starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(cohort__in=Cohort.in_scope(scope))


class Project(models.Model):
    """A participant's change project."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="project"
    )
    title = models.CharField(_("Project title"), max_length=200)
    summary = models.TextField(_("What you want to change, and for whom"))
    done = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.title

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(application__in=Application.in_scope(scope))


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("Milestone"), max_length=200)
    due_on = models.DateField(_("Due"))
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(project__in=Project.in_scope(scope))


class FollowUp(models.Model):
    """Where a participant is 6 or 12 months after completing."""

    retention_days = 365 * 3

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="follow_ups"
    )
    months = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    # Claimed by the daily reminder (a conditional UPDATE): at most one reminder a day.
    reminded_on = models.DateField(null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(default=0)
    answered_at = models.DateTimeField(null=True, blank=True)
    new_role = models.BooleanField(null=True)
    promotion = models.BooleanField(null=True)
    band_change = models.BooleanField(null=True)
    new_band = models.CharField(max_length=10, choices=BANDS, blank=True)
    still_in_nhs = models.BooleanField(null=True)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "months"], name="cohorts_one_follow_up")
        ]

    def __str__(self) -> str:
        return f"{self.months}-month follow-up"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(application__in=Application.in_scope(scope))

    @property
    def progressed(self) -> bool:
        return bool(self.new_role or self.promotion or self.band_change)
