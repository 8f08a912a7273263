"""Framework definitions stored as versioned rows, so an assessment keeps the one it used.

The YAML files in ``data/`` are the source; ``load_frameworks`` stores each file's parsed
content as a ``FrameworkVersion`` and adds a new version only when the content changes.
"""

from django.db import models


class FrameworkVersion(models.Model):
    class Kind(models.TextChoices):
        EDS = "eds", "Equality Delivery System"
        IDMF = "idmf", "Inclusive Decision Making Framework"
        CHARACTERISTICS = "characteristics", "Protected characteristics and groups"

    code = models.CharField(max_length=40)  # e.g. "eds-2022", "idmf", "characteristics"
    kind = models.CharField(max_length=20, choices=Kind.choices)
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    checksum = models.CharField(max_length=64)
    content = models.JSONField()
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="unique_framework_version"),
            models.UniqueConstraint(fields=["code", "checksum"], name="unique_framework_content"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    @classmethod
    def in_scope(cls, scope):
        """Framework definitions are public reference data, the same for every scope."""
        return cls._default_manager.all()
