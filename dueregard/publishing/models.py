"""Requests for a published page in another format or language, tracked to a reply."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dueregard.core.tenancy import ScopedModel


class FormatRequest(ScopedModel):
    class Format(models.TextChoices):
        LARGE_PRINT = "large_print", _("Large print")
        BRAILLE = "braille", _("Braille")
        AUDIO = "audio", _("Audio")
        EASY_READ = "easy_read", _("Easy Read")
        LANGUAGE = "language", _("Another language")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a reply")
        REPLIED = "replied", _("Replied")

    retention_days = 365  # the requester's name and address, a year after the request

    kind = models.CharField(max_length=30)
    slug = models.CharField(max_length=100)
    subject = models.CharField(max_length=300)
    page_url = models.CharField(max_length=500)
    format = models.CharField(max_length=20, choices=Format.choices)
    language = models.CharField(max_length=100, blank=True)
    details = models.TextField(blank=True)
    name = models.CharField(max_length=200)
    email = models.EmailField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reply_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_format_display()} – {self.subject}"


class FormatContact(ScopedModel):
    """How people reach the organisation (or, organisation empty, the whole system) about
    formats and languages: shown on every published page beside the request form."""

    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    text_relay = models.CharField(_("Relay UK (text relay) number"), max_length=40, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["system", "organisation"], name="format_contact_one_per_place"
            ),
            models.UniqueConstraint(
                fields=["system"],
                condition=models.Q(organisation__isnull=True),
                name="format_contact_one_per_system",
            ),
        ]

    def __str__(self) -> str:
        return self.email or self.phone


class EasyRead(ScopedModel):
    """The Easy Read version of one published page, written by the EDI lead: three short
    sections of one idea per line, each with a picture from ``pictograms``."""

    kind = models.CharField(max_length=30)
    slug = models.CharField(max_length=100)
    looked_at = models.TextField()
    looked_at_picture = models.CharField(max_length=20, default="looked")
    how_we_did = models.TextField()
    how_we_did_picture = models.CharField(max_length=20, default="chart")
    will_do = models.TextField()
    will_do_picture = models.CharField(max_length=20, default="clipboard")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "slug"], name="easy_read_one_per_page")
        ]

    def __str__(self) -> str:
        return f"Easy Read {self.kind}/{self.slug}"


class ReportTranslation(ScopedModel):
    """A published page's text in another language, from a translator's PO or XLIFF file:
    ``strings`` maps each English string to its translation. Offered to the public only
    once a named reviewer has checked it, it is published, and it still covers every
    string of the page as it is now."""

    kind = models.CharField(max_length=30)
    slug = models.CharField(max_length=100)
    language = models.CharField(max_length=10)
    strings = models.JSONField(default=dict)
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "slug", "language"], name="report_translation_one_per_language"
            )
        ]
        ordering = ["language"]

    def __str__(self) -> str:
        return f"{self.kind}/{self.slug} ({self.language})"


class EasyReadPicture(ScopedModel):
    """A picture the organisation uploaded for one section of an Easy Read version, shown
    instead of the pictogram chosen for it. Kept as checked bytes (PNG and JPEG re-encoded
    without metadata, SVG cleaned of anything active), with the alternative text read out."""

    easy_read = models.ForeignKey(EasyRead, on_delete=models.CASCADE, related_name="pictures")
    section = models.CharField(max_length=20)
    content_type = models.CharField(max_length=20)
    content = models.BinaryField()
    alt = models.CharField(max_length=150)
    uploaded_at = models.DateTimeField(auto_now=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["easy_read", "section"], name="easy_read_one_picture_per_section"
            )
        ]

    def __str__(self) -> str:
        return f"{self.easy_read} picture {self.section}"
