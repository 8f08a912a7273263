"""Leadership against the community: the dashboard, its download, and the BLFI
objectives with their measures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_actions import submit
from dueregard.core.permissions import can, requires

from . import presenters
from .forms import MeasureForm
from .models import Measure
from .services import dashboard
from .services import objectives as chosen


@login_required
@requires("leadership.view")
def index(request):
    data = dashboard.build(
        request.scope,
        characteristic=request.GET.get("characteristic", "ethnicity"),
        period=request.GET.get("year"),
    )
    return render(request, "leadership/index.html", presenters.dashboard(data))


@login_required
@requires("leadership.view")
def download(request, fmt):
    content, content_type, name = dashboard.download(request.scope, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@requires("leadership.view")
@require_http_methods(["GET", "POST"])
def objectives(request):
    scope = request.scope
    may_choose = can(scope, "leadership.choose_measures")
    form = MeasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not may_choose:
            raise Http404("Only EDI leads and system administrators choose measures.")
        result = submit(
            form,
            lambda data: chosen.add(scope, request.user, **data, request=request),
        )
        if result.ok:
            messages.success(request, _("The measure is added."))
            return redirect("leadership:objectives")
    return render(
        request,
        "leadership/objectives.html",
        {
            "form": form if may_choose else None,
            "board": presenters.objectives(chosen.board(scope)),
        },
        status=400 if form.errors else 200,
    )


@login_required
@requires("leadership.choose_measures")
@require_POST
def remove_measure(request, pk):
    measure = request.scope.get_or_404(Measure, pk=pk)
    if not chosen.mine(request.scope).filter(pk=measure.pk).exists():
        raise Http404("Not one of your measures.")
    chosen.remove(measure, request.user, request=request)
    messages.success(request, _("The measure is removed."))
    return redirect("leadership:objectives")
