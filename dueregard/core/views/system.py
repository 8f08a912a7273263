"""The system-level view for system roles: every organisation in the system."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from ..permissions import requires


@login_required
@requires("system.view")
def system_overview(request):
    organisations = request.scope.organisations().annotate(
        members=Count("memberships", filter=Q(memberships__is_active=True))
    )
    return render(request, "core/system.html", {"organisations": organisations})
