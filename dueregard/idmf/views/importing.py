"""Import a Word EqIA: upload (read in a background task), review, then save what is kept."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from dueregard.core.form_actions import submit
from dueregard.core.permissions import require

from ..forms import ImportReviewForm, WordImportForm
from ..models import Decision, ImportJob
from ..services import framework, word_import
from .assessments import _current


@login_required
@require_http_methods(["GET", "POST"])
def import_word(request, pk):
    scope = request.scope
    decision = scope.get_or_404(Decision, pk=pk)
    require(scope, "idmf.edit", decision)
    assessment = _current(decision)
    posted = request.method == "POST"
    form = WordImportForm(request.POST if posted else None, request.FILES if posted else None)
    if posted:
        result = submit(
            form,
            lambda data: word_import.start(assessment, data["document"], actor=request.user),
        )
        if result.ok:
            return redirect("idmf:import-review", result.value.pk)
    return render(
        request,
        "idmf/import.html",
        {"form": form, "decision": decision},
        status=400 if form.errors else 200,
    )


def _choices(job: ImportJob):
    assessment = job.assessment
    spec = framework.idmf(assessment)
    labels = {}
    for step in spec.steps:
        for q in step.questions:
            labels[q.code] = f"Step {step.number}: {q.text}"
    rows = [
        (f"answer:{code}", labels.get(code, code), text)
        for code, text in job.found.get("answers", {}).items()
    ]
    rows += [
        (
            f"impact:{group}",
            f"Step 4: {framework.group_name(assessment, group)}",
            f"{values.get('rating') or 'no rating'}: {values.get('reasons', '')}",
        )
        for group, values in job.found.get("impacts", {}).items()
    ]
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def import_review(request, pk):
    scope = request.scope
    job = scope.get_or_404(ImportJob, pk=pk)
    decision = job.assessment.decision
    require(scope, "idmf.edit", decision)
    rows = _choices(job) if job.status == ImportJob.Status.READY else []
    answered = set(job.assessment.answers)
    form = ImportReviewForm(
        [(key, label) for key, label, _text in rows],
        request.POST if request.method == "POST" else None,
        initial={"keep": [key for key, _l, _t in rows]},
    )
    if request.method == "POST":
        result = submit(
            form,
            lambda data: word_import.apply(
                job, keep=data["keep"], actor=request.user, request=request
            ),
        )
        if result.ok:
            messages.success(
                request,
                gettext("%(n)s answers were saved. Check each step and confirm it.")
                % {"n": result.value},
            )
            return redirect("idmf:detail", decision.pk)
    return render(
        request,
        "idmf/import_review.html",
        {
            "form": form,
            "job": job,
            "decision": decision,
            "rows": rows,
            "answered": {key for key, _l, _t in rows if key.split(":", 1)[1] in answered},
        },
        status=400 if form.errors else 200,
    )
