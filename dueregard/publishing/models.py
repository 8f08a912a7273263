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
