"""The optional EDI specialist review: ask for it, then approve or ask for changes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from dueregard.core.form_actions import submit
from dueregard.core.permissions import can, require

from ..forms import SpecialistReviewForm
from ..models import Decision
from ..services import checks, specialist
from ..services import document as documents
from .assessments import _current


@login_required
@require_http_methods(["GET", "POST"])
def specialist_review(request, pk):
    scope = request.scope
    decision = scope.get_or_404(Decision, pk=pk)
    require(scope, "idmf.view", decision)
    assessment = _current(decision)
    review = specialist.latest(assessment)
    is_reviewer = can(scope, "idmf.specialist_review", decision)
    can_request = can(scope, "idmf.edit", decision)
    form = SpecialistReviewForm(request.POST if "decide" in request.POST else None)
    if request.method == "POST" and "ask" in request.POST:
        require(scope, "idmf.edit", decision)
        try:
            specialist.request_review(assessment, actor=request.user, request=request)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, gettext("The EDI specialist review is asked for."))
        return redirect("idmf:specialist-review", decision.pk)
    if request.method == "POST" and "decide" in request.POST:
        require(scope, "idmf.specialist_review", decision)
        result = submit(
            form,
            lambda data: specialist.decide(
                review,
                actor=request.user,
                approve=data["outcome"] == "approve",
                note=data["note"],
                request=request,
            ),
        )
        if result.ok:
            messages.success(request, gettext("Your review is recorded."))
            return redirect("idmf:specialist-review", decision.pk)
    problems = [p for p in checks.problems(assessment) if p.code != "specialist-review"]
    return render(
        request,
        "idmf/specialist_review.html",
        {
            "form": form,
            "decision": decision,
            "assessment": assessment,
            "review": review,
            "rounds": list(
                assessment.specialist_reviews.select_related("requested_by", "reviewer")
            ),
            "ready": not problems,
            "is_reviewer": is_reviewer,
            "can_request": can_request,
            "document": documents.build(assessment),
        },
        status=400 if form.errors else 200,
    )
