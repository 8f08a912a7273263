"""Values every page's layout needs: navigation for the role, the scope, the language."""

from django.conf import settings
from django.utils import translation

from . import navigation
from .middleware import scopes_of
from .translation.tags import bcp47


def layout(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    scope = getattr(request, "scope", None)
    return {
        "service_name": "dueregard",
        "nav_items": navigation.items_for(request) if signed_in and scope is not None else [],
        "scope": scope,
        "scope_count": len(scopes_of(request)) if signed_in else 0,
        "demo_mode": settings.DEMO_MODE,
        # The language the page is in: only ever an offered one (HonestLocaleMiddleware).
        "html_lang": bcp47(translation.get_language() or settings.LANGUAGE_CODE),
        "html_dir": "rtl" if translation.get_language_bidi() else "ltr",
        # Sign-in (issue 15): the session expiry warning and sign-in link lifetimes.
        "session_idle_seconds": settings.SESSION_IDLE_MINUTES * 60 if signed_in else 0,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
        "link_minutes": settings.SESAME_MAX_AGE // 60,
    }
