"""Applying, the line manager's support (signed link), the organisers' list of
applications and their decisions, and the applicant's answer to an offer."""

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

from .. import presenters
from ..choices import BANDS, STAFF_GROUPS, label
from ..forms import ApplicationForm, DecisionForm, SupportForm
from ..models import Application, Status
from ..services import applications as service
from ..services import calendar, programmes, progress, selection
from .programmes import load_cohort


def _status(form) -> int:
    return 400 if form.errors else 200


def load_application(request, pk, rule="cohorts.own_application") -> Application:
    app = request.scope.get_or_404(Application, pk=pk)
    require(request.scope, rule, app if rule == "cohorts.own_application" else app.cohort.programme)
    return app


def answers(app: Application) -> list[tuple[str, str]]:
    """What the panel and organisers read: never the equality monitoring shared."""
    return [
        (_("Name"), app.name),
        (_("Organisation"), app.organisation.name),
        (_("Job title"), app.job_title),
        (_("Pay band"), label(BANDS, app.band)),
        (_("Staff group"), label(STAFF_GROUPS, app.staff_group)),
        (_("Line manager"), f"{app.line_manager_name} ({app.line_manager_email})"),
    ]


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, pk):
    cohort = load_cohort(request, pk, "cohorts.apply")
    existing = cohort.applications.filter(user=request.user).first()
    if existing is not None:
        return redirect("cohorts:application", existing.pk)
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        organisations=programmes.organisations_of(cohort.programme),
        initial={"organisation": request.scope.organisation},
    )
    result = submit(
        form,
        lambda data: service.apply(
            cohort, request.user, shared=form.monitoring(), request=request, **form.application()
        ),
    )
    if request.method == "POST" and result.ok:
        messages.success(
            request,
            _("Your application is in. We have asked %(name)s to confirm their support.")
            % {"name": result.value.line_manager_name},
        )
        return redirect("cohorts:application", result.value.pk)
    return render(
        request,
        "cohorts/apply.html",
        {
            "form": form,
            "cohort": cohort,
            "open": cohort.is_open(programmes.today()),
            "eligibility": programmes.eligibility_summary(cohort),
        },
        status=_status(form),
    )


@login_required
def application_detail(request, pk):
    app = load_application(request, pk)
    programme = app.cohort.programme
    manage = can(request.scope, "cohorts.manage", programme)
    own = app.user_id == request.user.pk
    project = getattr(app, "project", None) if app.is_participant else None
    return render(
        request,
        "cohorts/application.html",
        {
            "app": app,
            "cohort": app.cohort,
            "own": own,
            "manage": manage,
            "answers": answers(app),
            "tags": presenters.STATUS_TAGS,
            "support_tags": presenters.SUPPORT_TAGS,
            "decision_form": DecisionForm() if manage else None,
            "project": project,
            "milestones": project.milestones.all() if project else [],
            "attendance": calendar.attendance(app) if app.is_participant else None,
            "completion_problems": progress.completion_problems(app)
            if app.is_participant and app.completed_on is None
            else [],
            "follow_ups": app.follow_ups.all(),
            "today": programmes.today(),
        },
    )


@login_required
@require_POST
def decide(request, pk):
    app = load_application(request, pk, "cohorts.manage")
    form = DecisionForm(request.POST)
    result = submit(
        form, lambda data: selection.decide(app, actor=request.user, request=request, **data)
    )
    if result.ok:
        messages.success(
            request,
            _("Decision recorded for %(name)s: %(status)s")
            % {"name": app.name, "status": result.value.get_status_display()},
        )
        return redirect("cohorts:applications", app.cohort_id)
    return render(
        request,
        "cohorts/decide.html",
        {"form": form, "app": app, "answers": answers(app)},
        status=400,
    )


@login_required
@require_POST
def respond(request, pk):
    app = load_application(request, pk)
    if app.user_id != request.user.pk:
        raise PermissionDenied("cohorts.respond")
    accept = request.POST.get("answer") == "accept"
    result = attempt(
        forms.Form(),
        lambda: selection.respond(app, accept=accept, actor=request.user, request=request),
    )
    if result.ok:
        messages.success(
            request,
            _("Welcome to the cohort. Your sessions are in your bookings.")
            if accept
            else _("You have declined the place. Thank you for letting us know."),
        )
    else:
        messages.error(request, _("There is no offer to answer on this application."))
    return redirect("cohorts:application", app.pk)


@login_required
@require_POST
def withdraw(request, pk):
    app = load_application(request, pk)
    result = attempt(
        forms.Form(), lambda: service.withdraw(app, actor=request.user, request=request)
    )
    if result.ok:
        messages.success(request, _("The application is withdrawn."))
    else:
        messages.error(request, _("This application cannot be withdrawn."))
    return redirect("cohorts:application", app.pk)


@login_required
def applications(request, pk):
    cohort = load_cohort(request, pk, "cohorts.manage")
    apps = selection.with_scores(
        cohort.applications.select_related("user", "organisation")
    ).order_by("status", "-mean_score", "pk")
    return render(
        request,
        "cohorts/applications.html",
        {
            "cohort": cohort,
            "apps": apps,
            "tags": presenters.STATUS_TAGS,
            "support_tags": presenters.SUPPORT_TAGS,
            "held": selection.places_held(cohort),
            "attended": calendar.attendance_by_user(cohort),
        },
    )


@require_http_methods(["GET", "POST"])
def support(request, token):
    """The line manager's page, reached by the signed link in their e-mail."""
    try:
        app = service.application_for_token(token)
    except service.SupportLinkError:
        return render(request, "cohorts/support_invalid.html", status=404)
    form = SupportForm(request.POST if request.method == "POST" else None)
    actor = request.user if request.user.is_authenticated else None
    result = submit(
        form,
        lambda data: service.answer_support(
            app,
            supported=data["supported"] == "yes",
            comment=data["comment"],
            actor=actor,
            request=request,
        ),
    )
    answered = app.support != "pending" or (request.method == "POST" and result.ok)
    if request.method == "POST" and result.ok:
        app.refresh_from_db()
    return render(
        request,
        "cohorts/support.html",
        {
            "app": app,
            "form": form,
            "answered": answered,
            "answers": answers(app),
            "status": Status,
        },
        status=_status(form),
    )
