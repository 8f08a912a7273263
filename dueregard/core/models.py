"""Tenancy (nation → region → system → organisation), people, memberships, invitations,
the audit trail and the notifications outbox."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import Role

ods_code_validator = RegexValidator(
    r"^[A-Z0-9]{3,10}$",
    _("Enter an ODS code of 3 to 10 capital letters and numbers, like RWE or QK1."),
)


class OrganisationOrSystemMixin:
    """For rows that name either an organisation or a system (memberships, invitations)."""

    @classmethod
    def in_scope(cls, scope):
        if scope.organisation is not None:
            return cls._default_manager.filter(organisation=scope.organisation)
        if scope.system is not None:
            return cls._default_manager.filter(
                Q(system=scope.system) | Q(organisation__system=scope.system)
            )
        return cls._default_manager.none()


class Region(models.Model):
    """An NHS England region (the level above systems)."""

    name = models.CharField(max_length=200, unique=True)
    code = models.CharField(max_length=20, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def in_scope(cls, scope):
        """The current system's region, and regions no system is in yet."""
        if scope.system is None:
            return cls._default_manager.none()
        return cls._default_manager.filter(
            Q(pk=scope.system.region_id) | Q(system__isnull=True)
        ).distinct()


class System(models.Model):
    """A health and care system, such as an Integrated Care System (ICS)."""

    name = models.CharField(max_length=200, unique=True)
    code = models.CharField(max_length=20, unique=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    require_two_factor = models.BooleanField(
        _("two-factor sign-in required for sensitive roles"),
        default=True,
        help_text=_(
            "People with a system-wide role that can see special-category data or sign off "
            "must use a second factor."
        ),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def in_scope(cls, scope):
        if scope.system is None:
            return cls._default_manager.none()
        return cls._default_manager.filter(pk=scope.system.pk)


class OrganisationType(models.TextChoices):
    NHS_TRUST = "nhs_trust", _("NHS trust")
    ICB = "icb", _("Integrated care board (ICB)")
    COUNCIL = "council", _("Local authority (council)")
    PRIMARY_CARE = "primary_care", _("Primary care")
    VCSE = "vcse", _("Voluntary, community and social enterprise (VCSE)")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="organisations")
    name = models.CharField(max_length=200)
    ods_code = models.CharField(
        _("ODS code"), max_length=10, unique=True, validators=[ods_code_validator]
    )
    type = models.CharField(max_length=20, choices=OrganisationType.choices)
    is_active = models.BooleanField(default=True)
    require_two_factor = models.BooleanField(
        _("two-factor sign-in required for sensitive roles"),
        default=True,
        help_text=_(
            "EDI leads, analysts, system administrators, board members and decision makers "
            "must use a second factor. Other roles may choose to."
        ),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def in_scope(cls, scope):
        return scope.organisations()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address (or, later, single sign-on)."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # "E-mail me a link each time" instead of a password (people without an NHS account).
    sign_in_by_link = models.BooleanField(_("signs in with an e-mailed link"), default=False)
    # Sessions started before this moment are ended ("sign out everywhere", leavers).
    sessions_revoked_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    # Personal data: kept while the account is active; closed accounts are anonymised
    # after this many days (see core.services.retention).
    retention_days_after_closure = 365

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = (self.email or "").strip().lower()


class MembershipQuerySet(models.QuerySet):
    def active(self):
        """Memberships that give their role now: not removed and not suspended."""
        return self.filter(is_active=True, suspended_at__isnull=True)


class Membership(OrganisationOrSystemMixin, models.Model):
    """Gives a user one role in one organisation, or in a whole system."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    system = models.ForeignKey(
        System, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    suspended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organisation__isnull=False, system__isnull=True))
                | (Q(organisation__isnull=True, system__isnull=False)),
                name="membership_in_organisation_xor_system",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(organisation__isnull=False),
                name="unique_role_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["user", "system", "role"],
                condition=Q(system__isnull=False),
                name="unique_role_per_system",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.place}"

    @property
    def place(self):
        return self.organisation or self.system

    def clean(self) -> None:
        from .roles import SYSTEM_LEVEL_ROLES

        if self.system_id and self.role not in SYSTEM_LEVEL_ROLES:
            raise ValidationError({"role": _("This role can only be held in an organisation.")})


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(OrganisationOrSystemMixin, models.Model):
    """An e-mailed invitation to join an organisation (or system) in a role.

    Only a hash of the token is stored, so a database leak does not leak working links.
    """

    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    system = models.ForeignKey(
        System, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Where to go once accepted (e.g. the workshop the invitee was invited to book).
    next_url = models.CharField(max_length=300, blank=True)

    objects = InvitationQuerySet.as_manager()

    # Personal data (an e-mail address): disposed of this many days after it is accepted,
    # revoked or expired.
    retention_days = 90

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organisation__isnull=False, system__isnull=True))
                | (Q(organisation__isnull=True, system__isnull=False)),
                name="invitation_to_organisation_xor_system",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"

    @staticmethod
    def new_token() -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, _hash_token(token)

    @staticmethod
    def hash_token(token: str) -> str:
        return _hash_token(token)

    @property
    def place(self):
        return self.organisation or self.system

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit trail is append-only.")

    def delete(self):
        raise PermissionError("The audit trail is append-only; use the retention service.")


class AuditEvent(models.Model):
    """Who did what, when, with the values before and after. Append-only.

    Special-category values (ethnicity, disability, health, ...) are never stored here:
    the audit service records that such a field changed, not its value.
    """

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField(max_length=254, blank=True)
    system = models.ForeignKey(System, null=True, blank=True, on_delete=models.SET_NULL)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    @classmethod
    def in_scope(cls, scope):
        if scope.organisation is not None:
            return cls._default_manager.filter(organisation=scope.organisation)
        if scope.system is not None:
            return cls._default_manager.filter(system=scope.system)
        return cls._default_manager.none()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail is append-only; use the retention service.")


class Notification(models.Model):
    """The record of every message the notifications service sent (or failed to send)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Bounced")

    created_at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(max_length=20, default="email")
    recipient = models.CharField(max_length=254)
    template = models.CharField(max_length=100)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL)
    # Delivery (core/services/notifications.py): a task sends it, failures are tried again
    # after a back-off, the provider (GOV.UK Notify) reports delivered or bounced.
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    provider = models.CharField(max_length=20, blank=True)
    provider_reference = models.CharField(max_length=100, blank=True, db_index=True)
    # Files sent with the message: [{"filename", "mimetype", "content" (base64)}].
    attachments = models.JSONField(default=list, blank=True)

    # Message bodies may hold personal data: disposed of after this many days.
    retention_days = 180

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.template} to {self.recipient} ({self.status})"


from .access_models import AccessReview, IdentityProvider  # noqa: E402, F401
