"""The cohort's calendar (modules and action-learning sets, on events) and its register;
a participant's change project and milestones; completion; follow-ups."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_actions import attempt, submit
from dueregard.core.permissions import can, require

from ..forms import FollowUpForm, MilestoneForm, ModuleForm, ProjectForm
from ..models import FollowUp, Milestone, Module
from ..services import calendar, progress
from .applications import load_application
from .programmes import load_cohort


def _status(*forms_) -> int:
    return 400 if any(f.errors for f in forms_) else 200


@login_required
@require_http_methods(["GET", "POST"])
def module_create(request, pk):
    cohort = load_cohort(request, pk, "cohorts.manage")
    form = ModuleForm(request.POST if request.method == "POST" else None)
    result = submit(
        form,
        lambda data: calendar.add_module(
            cohort, actor=request.user, request=request, capacity=cohort.places, **data
        ),
    )
    if request.method == "POST" and result.ok:
        messages.success(
            request, _("%(title)s is on the cohort's calendar.") % {"title": result.value.title}
        )
        return redirect("cohorts:cohort", cohort.pk)
    return render(
        request, "cohorts/module_form.html", {"form": form, "cohort": cohort}, status=_status(form)
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    module = request.scope.get_or_404(Module, pk=pk)
    require(request.scope, "cohorts.manage", module.cohort.programme)
    if request.method == "POST":
        present = set()
        for value in request.POST.getlist("present"):
            if value.isdigit() and len(value) < 18:
                present.add(int(value))
        calendar.mark_attendance(module, present, actor=request.user, request=request)
        messages.success(request, _("The register is saved."))
        return redirect("cohorts:cohort", module.cohort_id)
    return render(
        request,
        "cohorts/attendance.html",
        {"module": module, "cohort": module.cohort, "register": calendar.register(module)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def project(request, pk):
    app = load_application(request, pk)
    own = app.user_id == request.user.pk
    current = getattr(app, "project", None)
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not own:
        raise PermissionDenied("cohorts.project")
    initial = {"title": current.title, "summary": current.summary} if current else None
    project_form = ProjectForm(request.POST if action == "project" else None, initial=initial)
    milestone_form = MilestoneForm(request.POST if action == "milestone" else None)
    if action == "project":
        result = submit(
            project_form,
            lambda data: progress.save_project(app, actor=request.user, request=request, **data),
        )
        if result.ok:
            messages.success(request, _("Your change project is saved."))
            return redirect("cohorts:project", app.pk)
    elif action == "milestone":
        if current is None:
            milestone_form.is_valid()
            milestone_form.add_error(None, _("Save your project before adding milestones"))
        else:
            result = submit(
                milestone_form,
                lambda data: progress.add_milestone(
                    current, actor=request.user, request=request, **data
                ),
            )
            if result.ok:
                messages.success(request, _("The milestone is added."))
                return redirect("cohorts:project", app.pk)
    return render(
        request,
        "cohorts/project.html",
        {
            "app": app,
            "cohort": app.cohort,
            "own": own and app.is_participant,
            "project": current,
            "milestones": current.milestones.all() if current else [],
            "project_form": project_form,
            "milestone_form": milestone_form,
        },
        status=_status(project_form, milestone_form),
    )


@login_required
@require_POST
def milestone_done(request, pk):
    milestone = request.scope.get_or_404(Milestone, pk=pk)
    app = milestone.project.application
    if app.user_id != request.user.pk:
        raise PermissionDenied("cohorts.milestone")
    result = attempt(
        forms.Form(),
        lambda: progress.milestone_done(milestone, actor=request.user, request=request),
    )
    if result.ok:
        messages.success(request, _("%(title)s is done.") % {"title": milestone.title})
    return redirect("cohorts:project", app.pk)


@login_required
@require_POST
def complete(request, pk):
    app = load_application(request, pk, "cohorts.manage")
    form = forms.Form()
    result = attempt(form, lambda: progress.complete(app, actor=request.user, request=request))
    if result.ok:
        messages.success(
            request,
            _("%(name)s has completed the programme. Follow-ups are due at 6 and 12 months.")
            % {"name": app.name},
        )
    else:
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
    return redirect("cohorts:application", app.pk)


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request, pk):
    item = request.scope.get_or_404(FollowUp, pk=pk)
    app = item.application
    own = app.user_id == request.user.pk
    if not (own or can(request.scope, "cohorts.manage", app.cohort.programme)):
        raise PermissionDenied("cohorts.follow_up")
    form = FollowUpForm(request.POST if request.method == "POST" and own else None)
    if request.method == "POST" and own:
        result = submit(
            form,
            lambda data: progress.answer_follow_up(
                item, actor=request.user, request=request, **data
            ),
        )
        if result.ok:
            messages.success(request, _("Thank you: your answers are saved."))
            return redirect("cohorts:application", app.pk)
    return render(
        request,
        "cohorts/follow_up.html",
        {"item": item, "app": app, "cohort": app.cohort, "own": own, "form": form},
        status=_status(form),
    )
