"""The improvement plan: actions (add, change, remove, status) and carrying them over."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_actions import submit
from dueregard.core.permissions import can, require

from ..forms import ActionForm, ActionStatusForm
from ..models import Action, Assessment, Objective, Stage
from ..services import assessments, plan
from .common import confirm_removal, load_assessment


def _action_form(request, assessment, data=None, initial=None):
    framework = assessments.framework_of(assessment)
    objectives = list(request.scope.query(Objective))
    form = ActionForm(
        data,
        initial=initial,
        outcomes=[(o.code, f"{o.code} {o.title or o.statement}"[:90]) for o in framework.outcomes],
        objectives=[(str(o.pk), str(o)) for o in objectives],
    )
    return form, objectives


def _with_objective(data, objectives) -> dict:
    data = dict(data)
    data["objective"] = next((o for o in objectives if str(o.pk) == data["objective"]), None)
    return data


@login_required
@require_http_methods(["GET", "POST"])
def action_plan(request, pk):
    assessment = load_assessment(request, pk)
    form, objectives = _action_form(request, assessment, request.POST or None)
    if request.method == "POST":
        require(request.scope, "eds.manage")
        done = submit(
            form,
            lambda data: plan.add_action(
                assessment, request.user, **_with_objective(data, objectives)
            ),
        )
        if done.ok:
            messages.success(request, _("Action added to the improvement plan."))
            return redirect("eds:plan", pk=pk)
    actions = list(
        request.scope.query(Action).filter(assessment=assessment).select_related("objective")
    )
    return render(
        request,
        "eds/plan.html",
        {
            "assessment": assessment,
            "form": form,
            "actions": actions,
            "overdue": plan.overdue(actions),
            "needs_date": plan.needs_new_date(actions),
            "can_manage": can(request.scope, "eds.manage"),
            "previous": request.scope.query(Assessment)
            .filter(stage=Stage.PUBLISHED)
            .exclude(pk=assessment.pk),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_action(request, pk, action_pk):
    assessment = load_assessment(request, pk)
    action = request.scope.get_or_404(Action, pk=action_pk, assessment=assessment)
    require(request.scope, "eds.manage")
    initial = {
        "outcome_code": action.outcome_code,
        "objective": str(action.objective_id or ""),
        "action": action.action,
        "owner": action.owner,
        "due_date": action.due_date,
    }
    form, objectives = _action_form(request, assessment, request.POST or None, initial)
    if request.method == "POST":
        done = submit(
            form,
            lambda data: plan.update_action(
                action, request.user, **_with_objective(data, objectives)
            ),
        )
        if done.ok:
            messages.success(request, _("Action saved."))
            return redirect("eds:plan", pk=pk)
    return render(
        request,
        "eds/action_form.html",
        {"form": form, "assessment": assessment, "action": action},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def remove_action(request, pk, action_pk):
    assessment = load_assessment(request, pk)
    action = request.scope.get_or_404(Action, pk=action_pk, assessment=assessment)
    require(request.scope, "eds.manage")
    return confirm_removal(
        request,
        assessment,
        remove=lambda: plan.remove_action(action, request.user),
        what=_("the action \u201c%s\u201d") % action.action[:80],
        consequence=_("This cannot be undone."),
        back=reverse("eds:plan", args=[pk]),
        done_message=_("Action removed from the improvement plan."),
    )


@login_required
@require_POST
def action_status(request, pk, action_pk):
    assessment = load_assessment(request, pk)
    action = request.scope.get_or_404(Action, pk=action_pk, assessment=assessment)
    require(request.scope, "eds.manage")
    form = ActionStatusForm(request.POST)
    done = submit(form, lambda data: plan.set_status(action, request.user, data["status"]))
    if done.ok:
        messages.success(request, _("Action status updated."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect("eds:plan", pk=pk)


@login_required
@require_POST
def carry_over(request, pk):
    assessment = load_assessment(request, pk)
    require(request.scope, "eds.manage")
    previous = request.scope.get_or_404(Assessment, pk=request.POST.get("previous") or 0)
    count = plan.carry_over(previous, assessment, request.user)
    messages.success(
        request,
        _("%(count)s action(s) carried over from %(previous)s. Give the open ones a new date.")
        % {"count": count, "previous": previous},
    )
    return redirect("eds:plan", pk=pk)
