"""Developer default: SQLite in ./db, e-mails written to ./db/outbox, debug on."""

import os
import warnings

from .base import *  # noqa: F403
from .base import DATA_DIR, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-change-me"  # noqa: S105
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
DATA_DIR.mkdir(parents=True, exist_ok=True)
# `make run` runs with DEBUG off: WhiteNoise serves the static files from their source
# folders (no collectstatic needed), as it serves the collected ones in production.
WHITENOISE_USE_FINDERS = True
# No collected static folder is needed here; WhiteNoise need not warn about it.
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
WHITENOISE_AUTOREFRESH = DEBUG

# Jinja: a template using a name or attribute nobody passed fails loudly in development
# (config/jinja2.py); JINJA2_STRICT_UNDEFINED=0 to render it empty instead.
JINJA2_STRICT_UNDEFINED = env_bool("JINJA2_STRICT_UNDEFINED", True)
