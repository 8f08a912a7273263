"""Workshops and events: a series of sessions, bookings, waiting lists and invitations.

Capacity is never a counter. How many places are free is computed from the rows that
hold a place (confirmed bookings, open waiting-list offers and unreleased invitations);
``services.booking`` takes a lock inside one transaction, re-checks, then writes.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dueregard.core.models import Organisation
from dueregard.core.tenancy import Scope, ScopedModel

LONDON = ZoneInfo("Europe/London")


class Series(ScopedModel):
    """A run of sessions with the same content (e.g. the IDMF workshops).

    ``organisation`` is the organiser's organisation; staff of ``allowed_organisations``
    (all in the same system) may book.
    """

    title = models.CharField(_("Title"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    audience = models.TextField(_("Who it is for"), blank=True)
    allowed_organisations = models.ManyToManyField(
        Organisation, related_name="+", verbose_name=_("Organisations whose staff may book")
    )
    one_per_person = models.BooleanField(_("Each person attends only one session"), default=True)
    link_hours_before = models.PositiveIntegerField(
        _("Show the joining link this many hours before the start"), default=24
    )
    offer_hours = models.PositiveIntegerField(
        _("Hours a waiting-list offer stays open"), default=48
    )
    # Extra questions asked when booking, one per item (e.g. "Dietary needs", "Your role").
    booking_questions = models.JSONField(_("Booking questions"), default=list, blank=True)
    # Network development days (issue 19): people register with a group (a staff network,
    # from the ``events.groups`` registry), and each organisation has at most so many places.
    register_by_group = models.BooleanField(
        _("People register with their staff network"), default=False
    )
    places_per_organisation = models.PositiveIntegerField(
        _("Places for each organisation (optional)"), null=True, blank=True
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return self.title

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        """The organiser's own series, and series open to the scope's organisation."""
        qs = cls._default_manager.all()
        if scope.organisation is not None:
            allowed = cls._default_manager.filter(
                system_id=scope.organisation.system_id,
                allowed_organisations=scope.organisation,
            ).values("pk")
            return qs.filter(Q(organisation=scope.organisation) | Q(pk__in=allowed))
        if scope.system is not None:
            return qs.filter(system=scope.system)
        return qs.none()


class Mode(models.TextChoices):
    ONLINE = "online", _("Online")
    VENUE = "venue", _("In person at a venue")


class Session(models.Model):
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("Date"))
    starts_at = models.TimeField(_("Start time"), default=dt.time(10, 0))
    ends_at = models.TimeField(_("End time"), default=dt.time(16, 0))
    breaks = models.CharField(
        _("Breaks"),
        max_length=300,
        blank=True,
        help_text=_("For example: rest breaks at 11:15 and 14:45, lunch 12:30 to 13:15"),
    )
    mode = models.CharField(_("Where"), max_length=10, choices=Mode.choices, default=Mode.ONLINE)
    venue = models.CharField(_("Venue"), max_length=300, blank=True)
    joining_link = models.URLField(_("Joining link (for example a Teams link)"), blank=True)
    capacity = models.PositiveIntegerField(_("Places"))
    facilitators = models.CharField(_("Facilitators"), max_length=300, blank=True)
    # Calendar files: bumped on every change people booked are told about (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.series.title}, {self.date:%d %B %Y}"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(series__in=Series.in_scope(scope))

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None or self.series.cancelled_at is not None

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.starts_at, tzinfo=LONDON)

    @property
    def end(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.ends_at, tzinfo=LONDON)

    @property
    def link_shown_from(self) -> dt.datetime:
        return self.start - dt.timedelta(hours=self.series.link_hours_before)

    def link_visible(self, now: dt.datetime | None = None) -> bool:
        return bool(self.joining_link) and (now or timezone.now()) >= self.link_shown_from


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Booked")
    WAITING = "waiting", _("On the waiting list")
    OFFERED = "offered", _("Offered a place")
    CANCELLED = "cancelled", _("Cancelled")
    LAPSED = "lapsed", _("Offer lapsed")


ACTIVE = (BookingStatus.CONFIRMED, BookingStatus.WAITING, BookingStatus.OFFERED)


class Booking(models.Model):
    """One person's place (or place in the queue) on one session."""

    retention_days = 365 * 2

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="bookings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=BookingStatus.choices)
    # Special-category-ish: {"bsl": bool, "captions": bool, "other": str}. Organisers only;
    # the audit trail records only that it changed.
    access_needs = models.JSONField(default=dict, blank=True)
    # Answers to the series' booking questions: {question: answer}.
    answers = models.JSONField(default=dict, blank=True)
    # The staff network the person registered with (network development days).
    group = models.CharField(max_length=200, blank=True)
    # The organisation the person booked from (their scope when booking), for exports.
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)  # arrival order
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    invitation = models.ForeignKey(
        "Invitation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attended = models.BooleanField(null=True, blank=True)
    link_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(status__in=["confirmed", "waiting", "offered"]),
                name="events_one_active_booking_per_session",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.session}"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        """Bookings on the scope's sessions, and the person's own bookings wherever they
        are (an invitee with no role in any organisation still manages their own)."""
        own = Q(user_id=scope.user_id) if scope.user_id is not None else Q(pk__in=[])
        return cls._default_manager.filter(Q(session__in=Session.in_scope(scope)) | own)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    def needs_list(self) -> list[str]:
        needs = self.access_needs or {}
        out = []
        if needs.get("bsl"):
            out.append(str(_("British Sign Language interpreter")))
        if needs.get("captions"):
            out.append(str(_("Live captions")))
        if needs.get("other"):
            out.append(str(_("Other: %(detail)s") % {"detail": needs["other"]}))
        return out


class Invitation(models.Model):
    """A place held for a named person until ``reserved_until``, then released to others."""

    retention_days = 365

    class Status(models.TextChoices):
        PENDING = "pending", _("Invited")
        BOOKED = "booked", _("Booked")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    group = models.CharField(max_length=200, blank=True)
    reserved_until = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.email} – {self.session}"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(session__in=Session.in_scope(scope))

    def holds_place(self, now: dt.datetime) -> bool:
        return self.status == self.Status.PENDING and self.reserved_until > now


class Evaluation(models.Model):
    """What an attendee thought, and what they will do differently."""

    RATINGS = [(i, str(i)) for i in range(1, 6)]

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="evaluation")
    overall = models.PositiveSmallIntegerField(choices=RATINGS)
    usefulness = models.PositiveSmallIntegerField(choices=RATINGS)
    confidence = models.PositiveSmallIntegerField(choices=RATINGS)
    do_differently = models.TextField()
    comments = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Feedback on {self.booking.session}"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(booking__in=Booking.in_scope(scope))


class AgendaItem(models.Model):
    """One item of a session's agenda; items at the same time in different rooms are
    breakouts (network development days)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda")
    starts_at = models.TimeField(_("Starts"))
    ends_at = models.TimeField(_("Ends"))
    title = models.CharField(_("Title"), max_length=200)
    speakers = models.CharField(_("Speakers"), max_length=300, blank=True)
    room = models.CharField(_("Room (for breakouts)"), max_length=100, blank=True)

    class Meta:
        ordering = ["starts_at", "room", "pk"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(session__series__in=Series.in_scope(scope))


class Monitoring(models.Model):
    """Voluntary equality monitoring given when booking (ADR 0044): the top-level groups
    of the pinned characteristics framework the person chose to share, and their ethnic
    group as WRES counts it. Kept apart from the booking: organisers never see it; only
    ``services.reach`` reads it, as disclosure-controlled counts. Deleted with the booking.
    No row, or empty answers, means "prefer not to say"."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="monitoring")
    framework = models.ForeignKey(
        "frameworks.FrameworkVersion", on_delete=models.PROTECT, related_name="+"
    )
    codes = models.JSONField(default=list, blank=True)
    ethnic_group = models.CharField(max_length=10, blank=True)  # "", "white", "minority"
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Equality monitoring for booking {self.booking_id}"

    @classmethod
    def in_scope(cls, scope: Scope) -> models.QuerySet:
        return cls._default_manager.filter(booking__in=Booking.in_scope(scope))
