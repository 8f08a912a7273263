"""Settings shared by every environment, read from the environment where they vary.

Environment variables: DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, DEBUG, EMAIL_URL-style
settings (EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
EMAIL_USE_TLS, DEFAULT_FROM_EMAIL), DUEREGARD_DEMO, DUEREGARD_DATA_DIR.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import nhsuk_frontend_jinja
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[3]
PACKAGE_DIR = BASE_DIR / "dueregard"
NHSUK_JINJA_DIR = Path(nhsuk_frontend_jinja.__file__).parent / "templates"
DATA_DIR = Path(os.environ.get("DUEREGARD_DATA_DIR", BASE_DIR / "db"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Demo mode turns on the "sign in as" page. Never on in production.
DEMO_MODE = env_bool("DUEREGARD_DEMO", False)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "dueregard.core",
    "dueregard.frameworks",
    "dueregard.publishing",
    "dueregard.eds",
    "dueregard.idmf",
    "dueregard.events",
    "dueregard.mentoring",
    "dueregard.awards",
    "dueregard.evidence",
    # WRES/WDES yearly cycle (issue 25)
    "dueregard.returns",
    # API for other systems (issue 20)
    "dueregard.api",
    # BLFI beyond mentoring (issue 19): staff networks, Census population reference data
    "dueregard.networks",
    "dueregard.reach",
    "dueregard.population",
    "dueregard.cohorts",
    # Communities such as BLFI's "Radar" BAME workshops community (issue 19)
    "dueregard.communities",
    # Leadership against the community, BLFI objectives (issue 19)
    "dueregard.leadership",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # a11y: LocaleMiddleware that only ever activates an offered (complete, reviewed) language
    "dueregard.core.translation.middleware.HonestLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dueregard.core.middleware.ScopeMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dueregard.config.urls"
WSGI_APPLICATION = "dueregard.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        # The NHS.UK macros live in the nhsuk-frontend-jinja package; its base template
        # extends "template.jinja", so its nhsuk/ folder is on the path too.
        "DIRS": [NHSUK_JINJA_DIR, NHSUK_JINJA_DIR / "nhsuk"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "dueregard.config.jinja2.environment",
            "extensions": ["jinja2.ext.i18n"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csrf",
                "django.contrib.messages.context_processors.messages",
                "dueregard.core.context_processors.layout",
            ],
        },
    },
    {
        # Django's own templates (e.g. password reset e-mail subject) still need the DTL.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'dueregard.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions make SQLite take its write lock at BEGIN, so a booking's
    # re-check and write can never interleave with another writer.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "core:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): five failures lock the e-mail address and IP pair.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "dueregard.core.views.auth.locked_out"
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# English first, then the languages the seed report names for published material.
LANGUAGES = [
    ("en-gb", _("English")),
    ("cy", _("Welsh")),
    ("ar", _("Arabic")),
    ("bn", _("Bengali")),
    ("zh-hans", _("Chinese (simplified)")),
    ("zh-hant", _("Chinese (traditional)")),
    ("gu", _("Gujarati")),
    ("hi", _("Hindi")),
    ("pl", _("Polish")),
    ("pa", _("Punjabi")),
    ("so", _("Somali")),
    ("ur", _("Urdu")),
]
LANGUAGES_BIDI = ["ar", "ur", "he", "fa"]
# a11y: Django has no language info for Gujarati or Somali; without it they cannot be chosen.
# Which languages are *offered* is read from the catalogues (core/translation/catalogues.py).
from django.conf.locale import LANG_INFO  # noqa: E402

LANG_INFO.setdefault(
    "gu", {"bidi": False, "code": "gu", "name": "Gujarati", "name_local": "ગુજરાતી"}
)
LANG_INFO.setdefault(
    "so", {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"}
)
LOCALE_PATHS = [PACKAGE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    ("nhsuk", BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "dueregard <no-reply@dueregard.invalid>")
EMAIL_FILE_PATH = DATA_DIR / "outbox"

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

# Jobs `manage.py daily` runs, in order (schedule it once a day, e.g. with cron or a timer).
DAILY_COMMANDS = [
    "eds_publication_reminders",
    "idmf_review_reminders",
    "process_waiting_lists",
    "send_event_reminders",
    "send_mentoring_checkins",
    "returns_reminders",
    "cohort_follow_ups",
    "dispose_expired",
]

# Invitations expire after this many days.
INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "14"))
# How long audit records are kept (their own retention period), in days: seven years.
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", str(365 * 7)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

# --- Sign-in (issue 15): single sign-on, two-factor, sign-in links, sessions ---------------
# See docs/adr/0020-sso-two-factor-links.md.
INSTALLED_APPS += [  # noqa: F405
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "mozilla_django_oidc",
]
MIDDLEWARE.insert(  # noqa: F405
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("dueregard.core.middleware.ScopeMiddleware") + 1,
    "dueregard.core.session_policy.SignInPolicyMiddleware",
)
AUTHENTICATION_BACKENDS += [
    "dueregard.core.services.oidc.ProviderBackend",
    "sesame.backends.ModelBackend",
]
# Sign-in links (django-sesame): single use, valid for 15 minutes by default.
SESAME_MAX_AGE = int(os.environ.get("SIGN_IN_LINK_MINUTES", "15")) * 60
SESAME_ONE_TIME = True
# Two-factor sign-in: enforced for the roles below where the organisation (or system)
# requires it. Off only in the test settings, whose own tests turn it on.
TWO_FACTOR_ENFORCED = env_bool("DUEREGARD_TWO_FACTOR_ENFORCED", True)
TWO_FACTOR_ROLES = ["system_admin", "edi_lead", "analyst", "board_member", "decision_maker"]
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "dueregard")
OTP_WEBAUTHN_RP_ID = os.environ.get("WEBAUTHN_RP_ID", "localhost")
OTP_WEBAUTHN_RP_NAME = "dueregard"
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(
    "WEBAUTHN_ALLOWED_ORIGINS", "http://localhost:8000,http://localhost:8150"
)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# Single sign-on (mozilla-django-oidc): providers are rows (IdentityProvider); these are
# the library's own switches.
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "core:sso-callback"
# Sessions end after this many minutes without activity; a warning comes this many
# seconds before, with a button to stay signed in (WCAG 2.2.1).
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_WARNING_SECONDS = int(os.environ.get("SESSION_WARNING_SECONDS", "120"))
# Access reviews are due this many days after the last sign-off.
ACCESS_REVIEW_DAYS = int(os.environ.get("ACCESS_REVIEW_DAYS", "90"))

# --- Production service (issue 16): public address, headers, CSP, proxies, logs, tasks ---
# The public address (scheme and host, no trailing slash) every absolute link is built from:
# e-mails, calendar files, PDFs and published pages. Production refuses to start without it.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
# True only in settings.production (system checks refuse unsafe production starts).
PRODUCTION = False
# Scheduled jobs and services that build links without a request use the same address.
EVENTS_BASE_URL = SITE_URL
# How many reverse proxies in front of the app append to X-Forwarded-For. The client address
# (sign-in throttling, the audit trail, logs) is the entry that many places from the right.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
INSTALLED_APPS += ["csp", "dueregard.operations"]
MIDDLEWARE.insert(0, "dueregard.operations.middleware.TrustedProxyMiddleware")
MIDDLEWARE.insert(1, "dueregard.operations.middleware.RequestIdMiddleware")
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware"), "csp.middleware.CSPMiddleware"
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "dueregard.operations.middleware.PrivateResponseMiddleware",
)
TEMPLATES[0]["OPTIONS"]["context_processors"].append(
    "dueregard.operations.context_processors.security"
)
# Strict Content-Security-Policy: only this site's own files; an inline script needs the
# request's nonce (``{{ csp_nonce }}`` in templates).
SELF_ONLY = [SELF]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": SELF_ONLY,
        "script-src": [SELF, NONCE],
        "style-src": SELF_ONLY,
        "img-src": [SELF, "data:"],
        # The NHS.UK frontend's CSS loads the Frutiger font from NHS.UK's own asset host.
        "font-src": [SELF, "https://assets.nhs.uk"],
        "connect-src": SELF_ONLY,
        "object-src": [NONE],
        "base-uri": SELF_ONLY,
        # An identity provider the sign-in form redirects to must be listed (comma-separated).
        "form-action": [SELF, *env_list("CSP_FORM_ACTION_EXTRA")],
        "frame-ancestors": [NONE],
    }
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
AXES_CLIENT_IP_CALLABLE = "dueregard.operations.proxies.client_ip"
# Password-reset e-mails to one address per hour (counted from the notifications sent).
PASSWORD_RESET_LIMIT_PER_ADDRESS = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_ADDRESS", "3"))
# Uploaded files on S3-compatible object storage instead of the local disk, when set.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# E-mail delivery: "smtp" (EMAIL_* settings above) or "notify" (GOV.UK Notify).
NOTIFICATIONS_BACKEND = os.environ.get("NOTIFICATIONS_BACKEND", "smtp")
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
NOTIFY_TEMPLATE_ID = os.environ.get("NOTIFY_TEMPLATE_ID", "")
NOTIFY_CALLBACK_TOKEN = os.environ.get("NOTIFY_CALLBACK_TOKEN", "")
# Failed deliveries are tried again after these many seconds, then marked failed.
NOTIFICATION_RETRY_DELAYS = [60, 300, 1800, 7200, 21600]
# Readiness: the oldest task waiting longer than this many seconds means "not ready".
READINESS_MAX_TASK_WAIT = int(os.environ.get("READINESS_MAX_TASK_WAIT", "900"))
LOGGING["formatters"] = {
    "json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
        "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
    },
    "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
}
LOGGING["filters"] = {"request_id": {"()": "dueregard.operations.logs.RequestIdFilter"}}
LOGGING["handlers"]["console"].update(
    {"formatter": os.environ.get("LOG_FORMAT", "plain"), "filters": ["request_id"]}
)
# API for other systems (issue 20): requests one token may make in a minute; webhooks to
# plain http (only to this machine) for local development and tests.
API_RATE_LIMIT_PER_MINUTE = int(os.environ.get("API_RATE_LIMIT_PER_MINUTE", "120"))
API_WEBHOOKS_ALLOW_HTTP = env_bool("API_WEBHOOKS_ALLOW_HTTP", False)

# Single sign-on (issue 15) under the Content-Security-Policy (issue 16): every page's
# form-action names the identity providers (sign-in and sign-out forms redirect to them).
MIDDLEWARE.append("dueregard.core.middleware.IdentityProviderFormActionMiddleware")

# Issue 23 (data): uploads parsed in background tasks within limits, tasks that recover
# from a dead worker. Limits apply before and during every parse of an uploaded file
# (evidence datasets, EDS report imports); see dueregard/background/limits.py.
INSTALLED_APPS += ["dueregard.background", "dueregard.privacy"]
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(50 * 1024 * 1024)))
UPLOAD_MAX_ROWS = int(os.environ.get("UPLOAD_MAX_ROWS", "1000000"))
UPLOAD_MAX_COLUMNS = int(os.environ.get("UPLOAD_MAX_COLUMNS", "500"))
UPLOAD_MAX_DECOMPRESSED_BYTES = int(
    os.environ.get("UPLOAD_MAX_DECOMPRESSED_BYTES", str(200 * 1024 * 1024))
)
UPLOAD_MAX_TEXT_CHARS = int(os.environ.get("UPLOAD_MAX_TEXT_CHARS", "1000000"))
# A running task beats every TASKS_HEARTBEAT_SECONDS; one silent for TASKS_DEAD_AFTER_SECONDS
# is marked failed (its worker died) and can be retried. A task queued for longer than
# TASKS_WAITING_NOTICE_SECONDS tells the person that no worker seems to be running.
TASKS_HEARTBEAT_SECONDS = float(os.environ.get("TASKS_HEARTBEAT_SECONDS", "10"))
TASKS_DEAD_AFTER_SECONDS = float(os.environ.get("TASKS_DEAD_AFTER_SECONDS", "120"))
TASKS_WAITING_NOTICE_SECONDS = float(os.environ.get("TASKS_WAITING_NOTICE_SECONDS", "60"))
