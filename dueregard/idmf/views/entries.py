"""The engagement log and the actions: add an entry, add an action, mark one done."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_actions import submit
from dueregard.core.permissions import require

from ..forms import ActionForm, EngagementForm
from ..models import Action
from ..services import decisions
from . import partners
from .assessments import _current


@login_required
@require_http_methods(["GET", "POST"])
def add_engagement(request, pk):
    decision, _partner = partners.reach(request, pk)
    assessment = _current(decision)
    form = EngagementForm(assessment, request.POST or None)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: decisions.add_engagement(
                assessment, actor=request.user, request=request, **data
            ),
        )
        if result.ok:
            messages.success(request, "The engagement was added to the log.")
            return redirect("idmf:step", pk=decision.pk, step="engage")
    return render(
        request,
        "idmf/engagement_form.html",
        {"form": form, "decision": decision},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_action(request, pk):
    decision, _partner = partners.reach(request, pk)
    assessment = _current(decision)
    initial = {}
    if request.GET.get("group"):
        initial["groups"] = [request.GET["group"]]
    form = ActionForm(assessment, request.POST or None, initial=initial)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: decisions.add_action(
                assessment, actor=request.user, request=request, **data
            ),
        )
        if result.ok:
            messages.success(request, "The action was added.")
            return redirect("idmf:step", pk=decision.pk, step="mitigate-decide")
    return render(
        request,
        "idmf/action_form.html",
        {"form": form, "decision": decision},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def complete_action(request, pk):
    scope = request.scope
    action = scope.get_or_404(Action, pk=pk)
    decision = action.assessment.decision
    require(scope, "idmf.edit", decision)
    decisions.complete_action(action, actor=request.user, request=request)
    messages.success(request, "The action is marked as done.")
    return redirect("idmf:detail", decision.pk)
