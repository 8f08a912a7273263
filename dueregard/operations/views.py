"""Endpoints for machines: health checks and GOV.UK Notify's delivery-status callbacks."""

import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.crypto import constant_time_compare
from django.utils.dateparse import parse_datetime
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from dueregard.core.services import notifications

from . import health


@never_cache
@require_GET
def live(request):
    """The process answers: no database or other dependency is touched."""
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
@require_GET
def ready(request):
    ok, checks = health.readiness()
    return JsonResponse(
        {"status": "ok" if ok else "fail", "checks": checks}, status=200 if ok else 503
    )


@csrf_exempt
@require_POST
def notify_callback(request):
    """GOV.UK Notify posts each message's final status here with our bearer token."""
    expected = settings.NOTIFY_CALLBACK_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not expected or not constant_time_compare(given, expected):
        return JsonResponse({"error": "unauthorised"}, status=401)
    try:
        payload = json.loads(request.body)
        reference, status = str(payload["id"]), str(payload["status"])
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "expected JSON with id and status"}, status=400)
    when = (
        parse_datetime(str(payload.get("completed_at") or ""))
        if payload.get("completed_at")
        else None
    )
    changed = notifications.record_provider_status(reference, status, when=when)
    return JsonResponse({"updated": changed})
