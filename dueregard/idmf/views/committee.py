"""A committee or board's decision on an assessment, and its one-page summary."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from dueregard.core.form_actions import submit
from dueregard.core.permissions import require
from dueregard.publishing.responses import download as download_response

from ..forms import CommitteeForm
from ..models import Assessment, Decision
from ..services import committee as committees
from ..services import legal

SUMMARY_FORMATS = ("pdf", "docx")


@login_required
@require_http_methods(["GET", "POST"])
def committee_decision(request, pk):
    scope = request.scope
    decision = scope.get_or_404(Decision, pk=pk)
    require(scope, "idmf.committee", decision)
    assessment = decision.current_assessment()
    if assessment is None or assessment.screening_result != Assessment.Screening.RELEVANT:
        messages.error(
            request, gettext("Only a proposal that needed a full assessment goes to committee.")
        )
        return redirect("idmf:detail", decision.pk)
    existing = getattr(assessment, "committee_decision", None)
    form = CommitteeForm(
        request.POST or None, initial=CommitteeForm.initial_from(existing, decision)
    )
    if request.method == "POST":
        result = submit(
            form,
            lambda data: committees.record(assessment, actor=request.user, request=request, **data),
        )
        if result.ok:
            messages.success(request, gettext("The committee's decision is recorded."))
            return redirect("idmf:detail", decision.pk)
    return render(
        request,
        "idmf/committee_form.html",
        {
            "form": form,
            "decision": decision,
            "assessment": assessment,
            "references": legal.references(decision),
        },
        status=400 if form.errors else 200,
    )


@login_required
def committee_summary(request, pk, fmt):
    scope = request.scope
    assessment = scope.get_or_404(Assessment, pk=pk)
    require(scope, "idmf.view", assessment.decision)
    if fmt not in SUMMARY_FORMATS:
        raise Http404("No such format.")
    return download_response(
        committees.summary(assessment),
        fmt,
        f"committee-summary-{assessment.decision.title}-v{assessment.version}",
    )
