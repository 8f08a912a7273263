"""The session's remaining time (for the expiry warning) and staying signed in."""

import time

from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..session_policy import LAST_SEEN, idle_seconds
from .auth import _safe_next


@require_GET
def status(request):
    """Seconds left before the session ends for lack of activity (not itself activity)."""
    return _status(request)


def _status(request):
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False, "seconds_left": 0})
    last_seen = request.session.get(LAST_SEEN, time.time())
    left = max(0, int(idle_seconds() - (time.time() - last_seen)))
    return JsonResponse({"signed_in": True, "seconds_left": left})


@require_POST
def extend(request):
    """Any signed-in request is activity; this one exists so the warning can extend."""
    if request.headers.get("accept", "").startswith("application/json"):
        return _status(request)
    if request.user.is_authenticated:
        from django.contrib import messages

        messages.success(request, _("You are still signed in."))
    return redirect(_safe_next(request))
