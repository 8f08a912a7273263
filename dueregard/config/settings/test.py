"""Test settings: fast hashing, in-memory e-mail, immediate tasks, demo pages on."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
DEMO_MODE = True
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="dueregard-test-media-"))
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if "DATABASE_URL" not in os.environ:
    DATABASES["default"] = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": ":memory:",
        "TEST": {"NAME": None},
    }
AXES_FAILURE_LIMIT = 5
# Tests and the live server serve static files through Django's finders, not WhiteNoise.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# Sign-in (issue 15): the other apps' tests sign in without a second factor; the
# two-factor tests turn enforcement on with the settings fixture.
TWO_FACTOR_ENFORCED = False

# Jinja: a template using a name or attribute nobody passed fails the test
# (config/jinja2.py).
JINJA2_STRICT_UNDEFINED = True
