"""The selection panel: organisers add members; a member sees the applications they are
not conflicted on (``services.selection.visible_applications``), declares conflicts and
scores. Nothing here shows the characteristics applicants shared."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dueregard.core.form_actions import submit
from dueregard.core.permissions import can

from ..forms import ConflictForm, PanelMemberForm, ScoreForm
from ..models import Application
from ..services import selection
from .applications import answers
from .programmes import load_cohort


@login_required
@require_http_methods(["GET", "POST"])
def panel(request, pk):
    cohort = load_cohort(request, pk)
    manage = can(request.scope, "cohorts.manage", cohort.programme)
    member = selection.member_for(cohort, request.user)
    if not (manage or member):
        raise Http404("Not on this panel")
    form = PanelMemberForm(request.POST if request.method == "POST" and manage else None)
    if request.method == "POST" and manage:
        result = submit(
            form,
            lambda data: selection.add_member(
                cohort, email=data["email"], actor=request.user, request=request
            ),
        )
        if result.ok:
            messages.success(request, _("%(email)s is on the panel.") % {"email": result.value})
            return redirect("cohorts:panel", cohort.pk)
    visible = selection.visible_applications(member).prefetch_related("scores")
    mine = {}
    if member is not None:
        mine = dict(member.scores.values_list("application_id", "score"))
    return render(
        request,
        "cohorts/panel.html",
        {
            "cohort": cohort,
            "manage": manage,
            "member": member,
            "members": cohort.panel.select_related("user"),
            "form": form,
            "visible": visible,
            "mine": mine,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk):
    app = request.scope.get_or_404(Application, pk=pk)
    member = selection.member_for(app.cohort, request.user)
    if not selection.visible_applications(member).filter(pk=app.pk).exists():
        raise Http404("Not an application this panel member may see")
    action = request.POST.get("action") if request.method == "POST" else None
    score_form = ScoreForm(request.POST if action == "score" else None)
    conflict_form = ConflictForm(request.POST if action == "conflict" else None)
    if action == "score":
        result = submit(
            score_form,
            lambda data: selection.score(
                member, app, value=data["score"], comment=data["comment"], request=request
            ),
        )
        if result.ok:
            messages.success(request, _("Your score is saved."))
            return redirect("cohorts:panel", app.cohort_id)
    elif action == "conflict":
        result = submit(
            conflict_form,
            lambda data: selection.declare_conflict(
                member, app, kind=data["kind"], actor=request.user, request=request
            ),
        )
        if result.ok:
            messages.success(
                request, _("Your conflict of interest is recorded: you will not see it again.")
            )
            return redirect("cohorts:panel", app.cohort_id)
    current = member.scores.filter(application=app).first()
    return render(
        request,
        "cohorts/review.html",
        {
            "app": app,
            "cohort": app.cohort,
            "answers": answers(app),
            "score_form": score_form,
            "conflict_form": conflict_form,
            "current": current,
        },
        status=400 if score_form.errors or conflict_form.errors else 200,
    )
