"""Working together: co-authors, comments per step, the readable history, and starting
from a copy of an earlier assessment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_actions import submit
from dueregard.core.permissions import can, require

from ..forms import CoAuthorForm, CopyForm
from ..models import Assessment, CoAuthor, Decision
from ..services import coauthors as coauthor_service
from ..services import comments as comment_service
from ..services import copying, framework, history
from . import pages, partners


@login_required
@require_http_methods(["GET", "POST"])
def coauthors(request, pk):
    scope = request.scope
    decision = scope.get_or_404(Decision, pk=pk)
    require(scope, "idmf.view", decision)
    allowed = can(scope, "idmf.coauthors", decision)
    form = CoAuthorForm(request.POST or None)
    if request.method == "POST":
        require(scope, "idmf.coauthors", decision)
        result = submit(
            form,
            lambda data: coauthor_service.add(
                decision, actor=request.user, email=data["email"], request=request
            ),
        )
        if result.ok:
            messages.success(
                request, gettext("%(name)s is now a co-author.") % {"name": result.value.user}
            )
            return redirect("idmf:coauthors", decision.pk)
    return render(
        request,
        "idmf/coauthors.html",
        {
            "form": form,
            "decision": decision,
            "coauthors": list(decision.coauthors.select_related("user", "added_by")),
            "allowed": allowed,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def remove_coauthor(request, pk):
    scope = request.scope
    coauthor = scope.get_or_404(CoAuthor, pk=pk)
    decision = coauthor.decision
    require(scope, "idmf.coauthors", decision)
    coauthor_service.remove(coauthor, actor=request.user, request=request)
    messages.success(request, gettext("The co-author was removed."))
    return redirect("idmf:coauthors", decision.pk)


@login_required
@require_POST
def add_comment(request, pk, step):
    decision, _partner = partners.reach(request, pk)
    assessment = decision.current_assessment()
    if assessment is None:
        raise Http404("No assessment.")
    spec = framework.idmf(assessment)
    try:
        current_step = None if step == "screening" else spec.step(step)
    except KeyError as exc:
        raise Http404("No such step.") from exc
    if current_step is not None and assessment.screening_result != Assessment.Screening.RELEVANT:
        raise Http404("The steps are not open: the screening comes first.")
    form = pages.comment_form(assessment, step, request.POST)
    result = submit(
        form,
        lambda data: comment_service.add(
            assessment,
            actor=request.user,
            step=step,
            group=data.get("group") or "",
            body=data["body"],
            request=request,
        ),
    )
    if not result.ok:  # shown on the page itself, in the error summary, with the text kept
        if current_step is None:
            return pages.render_screening(request, decision, assessment, comments=form, status=400)
        return pages.render_step(
            request, decision, assessment, current_step, comments=form, status=400
        )
    messages.success(request, gettext("Your comment was added. The people involved are told."))
    return redirect(comment_service.place(result.value))


@login_required
@require_POST
def resolve_comment(request, pk):
    comment = partners.reach_comment(request, pk)
    wanted = request.POST.get("resolved") == "yes"
    try:
        comment_service.set_resolved(comment, wanted, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            gettext("The comment is resolved.") if wanted else gettext("The comment is reopened."),
        )
    return redirect(comment_service.place(comment))


@login_required
def decision_history(request, pk):
    decision, _partner = partners.reach(request, pk, "idmf.view")
    return render(
        request,
        "idmf/history.html",
        {"decision": decision, "rows": history.rows(decision)},
    )


MAX_CANDIDATES = 30


@login_required
@require_http_methods(["GET", "POST"])
def copy_assessment(request, pk):
    scope = request.scope
    decision = scope.get_or_404(Decision, pk=pk)
    require(scope, "idmf.edit", decision)
    target = decision.current_assessment()
    if target is None:
        raise Http404("No assessment.")
    words = (request.GET.get("q") or "").strip()[:100]
    candidates = (
        scope.query(Assessment)
        .exclude(pk=target.pk)
        .select_related("decision")
        .order_by("-updated_at")
    )
    if words:
        candidates = candidates.filter(decision__title__icontains=words)
    candidates = list(candidates[:MAX_CANDIDATES])
    form = CopyForm(candidates, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: copying.copy_into(
                target,
                scope.get_or_404(Assessment, pk=data["source"]),
                actor=request.user,
                request=request,
            ),
        )
        if result.ok:
            messages.success(
                request,
                gettext("The copy is your starting point: check and confirm every step."),
            )
            return redirect("idmf:detail", decision.pk)
    return render(
        request,
        "idmf/copy.html",
        {
            "form": form,
            "decision": decision,
            "fresh": copying.is_fresh(target),
            "words": words,
            "candidates": candidates,
        },
        status=400 if form.errors else 200,
    )
