"""Rows for getting in and for checking who is in: identity providers (single sign-on)
and access reviews. Imported by ``core.models`` so Django registers them."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

slug_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{1,48}$",
    _("Use 2 to 49 small letters, numbers and hyphens, like nhsmail or riverside-entra"),
)

# Values of the id_token's ``amr`` claim (RFC 8176) that mean a second factor was used.
DEFAULT_TWO_FACTOR_AMR = "mfa,otp,hwk,swk,sms,fido"


class IdentityProvider(models.Model):
    """An OpenID Connect identity provider (NHSmail, Microsoft Entra ID, …) that people of
    one organisation, or of a whole system, sign in with."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.CharField(
        _("short name"), max_length=49, unique=True, validators=[slug_validator]
    )
    button_label = models.CharField(
        _("button text"), max_length=100, help_text=_("For example: Sign in with NHSmail")
    )
    issuer = models.URLField(_("issuer"), max_length=300)
    client_id = models.CharField(_("client ID"), max_length=300)
    client_secret = models.CharField(
        _("client secret"),
        max_length=500,
        blank=True,
        help_text=_(
            "Leave empty to read it from the environment variable "
            "OIDC_CLIENT_SECRET_<SHORT NAME> (capitals, hyphens as underscores)."
        ),
    )
    email_domains = models.CharField(
        _("e-mail domains"),
        max_length=500,
        help_text=_("Comma-separated, like nhs.net, riverside.nhs.uk"),
    )
    system = models.ForeignKey(
        "core.System", on_delete=models.CASCADE, related_name="identity_providers"
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="identity_providers",
    )
    jit_accounts = models.BooleanField(
        _("create accounts for uninvited staff"),
        default=False,
        help_text=_(
            "People from these domains who were not invited get an account with the staff "
            "role in the organisation on first sign-in."
        ),
    )
    amr_counts_as_two_factor = models.BooleanField(
        _("trust the provider's two-factor sign-in"), default=True
    )
    two_factor_amr = models.CharField(
        _("amr or acr values that mean two-factor"),
        max_length=200,
        default=DEFAULT_TWO_FACTOR_AMR,
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def in_scope(cls, scope):
        if scope.organisation is not None:
            return cls._default_manager.filter(
                Q(organisation=scope.organisation)
                | Q(organisation__isnull=True, system=scope.organisation.system)
            )
        if scope.system is not None:
            return cls._default_manager.filter(system=scope.system)
        return cls._default_manager.none()

    @property
    def domains(self) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in self.email_domains.split(",") if d.strip()]

    @property
    def two_factor_values(self) -> set[str]:
        return {v.strip() for v in self.two_factor_amr.split(",") if v.strip()}

    def secret(self) -> str:
        if self.client_secret:
            return self.client_secret
        name = "OIDC_CLIENT_SECRET_" + self.slug.upper().replace("-", "_")
        return os.environ.get(name, "")


class AccessReview(models.Model):
    """An EDI lead's or administrator's periodic sign-off of who holds which role."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="access_reviews"
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_at = models.DateTimeField(default=timezone.now)
    people = models.PositiveIntegerField(default=0)
    roles = models.PositiveIntegerField(default=0)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-signed_off_at"]

    def __str__(self) -> str:
        return f"Access review of {self.organisation} on {self.signed_off_at:%Y-%m-%d}"

    @classmethod
    def in_scope(cls, scope):
        return cls._default_manager.filter(organisation__in=scope.organisations())
