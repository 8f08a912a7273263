"""Browse and filter the audit trail."""

from datetime import datetime, time

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from ..forms import AuditFilterForm
from ..models import AuditEvent
from ..permissions import requires


@login_required
@requires("audit.view")
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    events = request.scope.query(AuditEvent).select_related("actor", "organisation")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            events = events.filter(action__icontains=data["action"])
        if data["actor"]:
            events = events.filter(actor_label__icontains=data["actor"])
        tz = timezone.get_current_timezone()
        if data["date_from"]:
            events = events.filter(
                created_at__gte=datetime.combine(data["date_from"], time.min, tz)
            )
        if data["date_to"]:
            events = events.filter(created_at__lte=datetime.combine(data["date_to"], time.max, tz))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=400 if form.errors else 200,
    )


@login_required
@requires("audit.view")
def audit_detail(request, pk):
    event = request.scope.get_or_404(AuditEvent, pk=pk)
    keys = sorted(set(event.before) | set(event.after))
    changes = [
        {"field": k, "before": event.before.get(k), "after": event.after.get(k)} for k in keys
    ]
    return render(request, "core/audit_detail.html", {"event": event, "changes": changes})
