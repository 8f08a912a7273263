"""What a signed-in session must satisfy on every request.

- It ends after ``SESSION_IDLE_MINUTES`` without activity, recorded to the minute (the
  page warns before, with a button to stay signed in: WCAG 2.2.1), and when the person
  (or an administrator, for a leaver) ended every session after it began ("sign out everywhere").
- A person whose role needs two-factor sign-in in a place that requires it is sent to set
  up, or use, their second factor before anything else.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .services import audit, two_factor
from .services.accounts import SIGNED_IN_AT

LAST_SEEN = "dueregard_last_seen"
ACTIVITY_RESOLUTION = 60  # seconds: activity is recorded at most once a minute
# Paths open to a session that still owes its second factor (or that has just ended).
OPEN_PREFIXES = ("/static/", "/two-factor/", "/sign-out/", "/session/", "/i18n/", "/favicon")


def idle_seconds() -> int:
    return settings.SESSION_IDLE_MINUTES * 60


class SignInPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ended = self._ended(request, user)
            if ended is not None:
                return ended
            if not request.path.startswith("/session/status"):
                self._seen(request)
            owed = self._second_factor_owed(request, user)
            if owed is not None:
                return owed
        return self.get_response(request)

    @staticmethod
    def _seen(request) -> None:
        """Record activity, to the minute: writing the time on every page view saved the
        session (an UPDATE and a commit) on every request. A session may so end up to
        ``ACTIVITY_RESOLUTION`` seconds before the idle limit, never after it; staying
        signed in from the warning always records."""
        now = time.time()
        last_seen = request.session.get(LAST_SEEN)
        if (
            last_seen is None
            or now - last_seen >= ACTIVITY_RESOLUTION
            or request.path.startswith("/session/extend")
        ):
            request.session[LAST_SEEN] = now

    def _ended(self, request, user):
        now = time.time()
        last_seen = request.session.get(LAST_SEEN)
        signed_in_at = request.session.get(SIGNED_IN_AT, 0)
        revoked = user.sessions_revoked_at
        reason = None
        if last_seen is not None and now - last_seen > idle_seconds():
            reason = "idle"
        elif revoked is not None and signed_in_at < revoked.timestamp():
            reason = "revoked"
        if reason is None:
            return None
        audit.record("user.session_ended", actor=user, obj=user, after={"reason": reason})
        logout(request)
        if reason == "idle":
            messages.info(
                request,
                _("You were signed out because you did nothing for %(minutes)s minutes.")
                % {"minutes": settings.SESSION_IDLE_MINUTES},
            )
        else:
            messages.info(request, _("Your session was ended. Sign in again to carry on."))
        if request.path.startswith("/session/"):
            return None  # the status endpoint answers "signed out" itself
        return redirect(reverse("core:sign-in") + "?" + urlencode({"next": request.path}))

    def _second_factor_owed(self, request, user):
        if not settings.TWO_FACTOR_ENFORCED or request.path.startswith(OPEN_PREFIXES):
            return None
        if two_factor.session_is_verified(request) or not two_factor.required_for(user):
            return None
        target = "core:two-factor-verify" if two_factor.has_device(user) else "core:two-factor"
        return redirect(reverse(target) + "?" + urlencode({"next": request.get_full_path()}))
