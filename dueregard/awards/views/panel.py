"""The chair and organisers: results, decisions by stage, making them final, announcing,
exports, the blind-judging preview and certificates."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_actions import attempt, submit
from dueregard.core.permissions import can, require
from dueregard.core.requests import site_url
from dueregard.publishing import narrative
from dueregard.publishing.responses import download

from .. import presenters
from ..forms import DecisionForm
from ..models import Nomination, Round, Stage
from ..services import blind, decisions, exports, stages
from ..services import narrative as awards_narrative


def _chaired_round(request, pk) -> Round:
    rnd = request.scope.get_or_404(Round, pk=pk)
    require(request.scope, "awards.chair", rnd)
    return rnd


def _results_page(request, rnd, form=None, status=200):
    noms = decisions.chair_nominations(rnd, request.user).order_by(
        "category__position", "reference"
    )
    rows, judge_rows = presenters.results_table(rnd, noms, list(rnd.judges.all()))
    return render(
        request,
        "awards/results.html",
        {
            "round": rnd,
            "rows": rows,
            "judge_rows": judge_rows,
            "manage": can(request.scope, "awards.manage", rnd),
            "winners": rnd.nominations.filter(stage=Stage.WINNER).exists(),
            "stage": stages.stage_of(rnd),
            "stages": stages.RoundStage,
            "form": form or forms.Form(),
        },
        status=status,
    )


@login_required
def results(request, pk):
    return _results_page(request, _chaired_round(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, pk):
    nomination = request.scope.get_or_404(Nomination, pk=pk)
    rnd = nomination.round
    require(request.scope, "awards.chair", rnd)
    if not decisions.chair_nominations(rnd, request.user).filter(pk=nomination.pk).exists():
        raise Http404("No nomination here.")
    form = DecisionForm(
        request.POST if request.method == "POST" else None,
        initial={
            "outcome": nomination.stage if nomination.stage != Stage.JUDGING else None,
            "reason": nomination.decision_reason,
            "citation": nomination.citation,
            "override_reason": nomination.override_reason,
        },
    )
    if request.method == "POST":
        result = submit(
            form,
            lambda data: decisions.decide(
                nomination,
                actor=request.user,
                base_url=site_url(request),
                request=request,
                **data,
            ),
        )
        if result.ok:
            messages.success(
                request,
                _(
                    "%(ref)s: %(stage)s. The nominee and nominator are told when the round "
                    "is announced."
                )
                % {"ref": nomination.reference, "stage": nomination.get_stage_display()},
            )
            return redirect("awards:results", rnd.pk)
    return render(
        request,
        "awards/decide.html",
        {
            "form": form,
            "nomination": nomination,
            "round": rnd,
            "answers": nomination.answers.select_related("question"),
            "scores": decisions.scores_for(nomination),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def finalise(request, pk):
    rnd = _chaired_round(request, pk)
    final = rnd.decisions_final_at and not rnd.announced_at
    found = narrative.findings(awards_narrative.fields(rnd)) if final else []  # small numbers
    if not narrative.confirm_or_warn(request, f"awards:{rnd.pk}", found):
        return redirect("awards:results", rnd.pk)
    form = forms.Form(request.POST)
    result = attempt(form, lambda: decisions.finalise(rnd, actor=request.user, request=request))
    if not result.ok:
        return _results_page(request, rnd, form, status=result.status)
    messages.success(request, _("The decisions are final. You can now announce the round."))
    return redirect("awards:results", rnd.pk)


@login_required
@require_POST
def announce(request, pk):
    rnd = _chaired_round(request, pk)
    final = rnd.decisions_final_at and not rnd.announced_at
    found = narrative.findings(awards_narrative.fields(rnd)) if final else []  # small numbers
    if not narrative.confirm_or_warn(request, f"awards:{rnd.pk}", found):
        return redirect("awards:results", rnd.pk)
    form = forms.Form(request.POST)
    result = attempt(
        form,
        lambda: decisions.announce(
            rnd, actor=request.user, base_url=site_url(request), request=request
        ),
    )
    if not result.ok:
        return _results_page(request, rnd, form, status=result.status)
    messages.success(
        request,
        _("The round is announced: everyone nominated and their nominators have been told."),
    )
    return redirect("awards:results", rnd.pk)


@login_required
def preview(request, pk):
    """What the judges will read of a nomination, with every redaction shown."""
    nomination = request.scope.get_or_404(Nomination, pk=pk)
    require(request.scope, "awards.manage", nomination.round)
    answers = [
        {"question": a.question, "pieces": blind.preview(a.text, nomination)}
        for a in nomination.answers.select_related("question")
    ]
    return render(
        request,
        "awards/blind_preview.html",
        {
            "nomination": nomination,
            "round": nomination.round,
            "answers": answers,
            "judge_view": presenters.for_judge(nomination, blind_mode=True),
            "terms": blind.known_names(nomination),
        },
    )


@login_required
def certificate(request, pk):
    nomination = request.scope.get_or_404(Nomination, pk=pk)
    require(request.scope, "awards.certificate", nomination)
    try:
        document = decisions.certificate(nomination)
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from exc
    return download(document, "pdf", f"certificate-{nomination.reference}")


@login_required
def export(request, pk, kind, fmt):
    rnd = _chaired_round(request, pk)
    if fmt not in exports.FORMATS or kind not in exports.KINDS:
        raise Http404("No such download.")
    noms = decisions.chair_nominations(rnd, request.user).order_by("reference")
    rows = (
        exports.nomination_rows(rnd, noms)
        if kind == "nominations"
        else exports.score_rows(rnd, noms)
    )
    writer, media_type = exports.FORMATS[fmt]
    response = HttpResponse(writer(rows), content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{kind}-{rnd.pk}.{fmt}"'
    return response
