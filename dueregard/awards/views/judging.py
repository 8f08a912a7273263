"""Judges: the nominations they may see, declaring conflicts, blind scoring, and evidence
downloads (blind names for judges)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dueregard.core.form_actions import submit
from dueregard.core.permissions import can

from .. import presenters
from ..forms import (
    DeclareConflictForm,
    JudgeConflictForm,
    ScoreForm,
)
from ..models import (
    Evidence,
    Nomination,
    Round,
)
from ..services import judging
from .rounds import _posted, _status


@login_required
def evidence(request, pk):
    item = request.scope.get_or_404(Evidence, pk=pk)
    nomination = item.nomination
    judge = judging.judge_for(nomination.round, request.user)
    if judge and nomination.conflicts.filter(judge=judge).exists():
        raise Http404("No evidence here.")
    visible_to_judge = (
        judge is not None
        and judging.visible_nominations(nomination.round, judge).filter(pk=nomination.pk).exists()
    )
    if not (visible_to_judge or can(request.scope, "awards.view_nomination", nomination)):
        raise PermissionDenied("awards.view_nomination")
    ext = item.original_name.rsplit(".", 1)[-1].lower()
    name = item.original_name
    if (
        visible_to_judge
        and nomination.round.blind
        and not can(request.scope, "awards.view_nomination", nomination)
    ):
        name = f"evidence-{item.pk}.{ext}"
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=name, content_type=item.content_type
    )


def _judge(request, rnd):
    judge = judging.judge_for(rnd, request.user)
    if judge is None:
        raise PermissionDenied("awards.judge")
    return judge


@login_required
def judging_list(request, pk):
    rnd = request.scope.get_or_404(Round, pk=pk)
    judge = _judge(request, rnd)
    visible = judging.visible_nominations(rnd, judge).order_by("category__position", "reference")
    scored = set(judge.scoresheets.values_list("nomination_id", flat=True))
    return render(
        request,
        "awards/judging.html",
        {
            "round": rnd,
            "judge": judge,
            "rows": [{"nomination": n, "scored": n.pk in scored} for n in visible],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def judge_conflicts(request, pk):
    """A judge declares conflicts by name, before reading any nomination."""
    rnd = request.scope.get_or_404(Round, pk=pk)
    judge = _judge(request, rnd)
    visible = list(judging.visible_nominations(rnd, judge).select_related("nominee_organisation"))
    form = JudgeConflictForm(_posted(request), nominations=visible)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: judging.record_conflict(
                judge,
                next(n for n in visible if str(n.pk) == data["nomination"]),
                kind=data["kind"],
                note=data["note"],
                actor=request.user,
                request=request,
            ),
        )
        if result.ok:
            messages.success(
                request,
                _(
                    "Thank you. Your conflict with %(name)s is recorded and you will not see "
                    "that nomination again."
                )
                % {"name": result.value.nomination.nominee_name},
            )
            return redirect("awards:judging", rnd.pk)
    return render(
        request,
        "awards/judge_conflicts.html",
        {"form": form, "round": rnd, "count": len(visible)},
        status=_status(form),
    )


def _judged_nomination(request, pk):
    nomination = request.scope.get_or_404(Nomination, pk=pk)
    judge = _judge(request, nomination.round)
    if not judging.visible_nominations(nomination.round, judge).filter(pk=nomination.pk).exists():
        raise Http404("No nomination here.")
    return nomination, judge


@login_required
@require_http_methods(["GET", "POST"])
def score(request, pk):
    nomination, judge = _judged_nomination(request, pk)
    questions = list(nomination.category.questions.all())
    sheet = judge.scoresheets.filter(nomination=nomination).first()
    initial = {}
    if sheet:
        initial["comment"] = sheet.comment
        for s in sheet.scores.all():
            initial[f"score_{s.question_id}"] = str(s.score)
            initial[f"comment_{s.question_id}"] = s.comment
    form = ScoreForm(_posted(request), questions=questions, initial=initial)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: judging.score(
                judge,
                nomination,
                scores=form.scores(),
                comments=form.comments(),
                comment=data["comment"],
                request=request,
            ),
        )
        if result.ok:
            messages.success(
                request,
                _("Your scores for %(ref)s are saved.") % {"ref": nomination.reference},
            )
            return redirect("awards:judging", nomination.round_id)
    view = presenters.for_judge(nomination, blind_mode=nomination.round.blind)
    return render(
        request,
        "awards/score.html",
        {
            "form": form,
            "nomination": nomination,
            "round": nomination.round,
            "view": view,
            "items": [
                {
                    "question": q,
                    "answer": next(
                        (a["text"] for a in view["answers"] if a["question"].pk == q.pk), ""
                    ),
                    "score": form[f"score_{q.pk}"],
                    "comment": form[f"comment_{q.pk}"],
                }
                for q in questions
            ],
        },
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def declare_conflict(request, pk):
    nomination, judge = _judged_nomination(request, pk)
    form = DeclareConflictForm(_posted(request))
    if request.method == "POST":
        result = submit(
            form,
            lambda data: judging.record_conflict(
                judge, nomination, actor=request.user, request=request, **data
            ),
        )
        if result.ok:
            messages.success(
                request,
                _(
                    "Thank you. Your conflict of interest is recorded and you will not see "
                    "this nomination again."
                ),
            )
            return redirect("awards:judging", nomination.round_id)
    return render(
        request,
        "awards/declare_conflict.html",
        {"form": form, "nomination": nomination, "round": nomination.round},
        status=_status(form),
    )
