"""A partnership's own pages: what the two people and organisers see, meetings, ending
early and the end-of-programme evaluation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dueregard.core.form_actions import submit
from dueregard.core.permissions import can

from .. import presenters
from ..forms import (
    EndForm,
    EvaluationForm,
    MeetingForm,
)
from ..models import (
    PairStatus,
    Side,
)
from ..services import lifecycle, partnerships
from .programmes import _names, _pair, _status


def _partnership_page(request, pair, *, status=200, **extra):
    programme = pair.programme
    manage = can(request.scope, "mentoring.manage", programme)
    side = pair.side_of(request.user)
    other = pair.partner if side == Side.LEADER else pair.leader if side else None
    return render(
        request,
        "mentoring/partnership.html",
        {
            "pair": pair,
            "programme": programme,
            "tag": presenters.pair_tag(pair),
            "manage": manage,
            "side": side,
            "other_facts": presenters.partner_facts(other) if other else None,
            "leader_facts": presenters.partner_facts(pair.leader) if manage and not side else None,
            "partner_facts": presenters.partner_facts(pair.partner)
            if manage and not side
            else None,
            "why": presenters.humanise(pair.explanation, _names(programme)) if manage else "",
            "meetings": pair.meetings.all(),
            "checkins": pair.checkins.all(),
            "evaluated": set(pair.evaluations.values_list("side", flat=True)),
            "can_evaluate": side is not None
            and pair.status in (PairStatus.ACTIVE, PairStatus.ENDED, PairStatus.COMPLETED)
            and (pair.status != PairStatus.ACTIVE or lifecycle.evaluation_is_open(programme))
            and side not in set(pair.evaluations.values_list("side", flat=True)),
            "evaluation_opens_on": programme.evaluation_date,
            **extra,
        },
        status=status,
    )


@login_required
def partnership(request, pk):
    pair = _pair(request, pk, "mentoring.partnership")
    return _partnership_page(request, pair)


def _pair_form(request, pair, form, action, done: str, template: str):
    """A partnership's form page: validate, call the service, confirm or show errors."""
    if request.method == "POST":
        result = submit(form, action)
        if result.ok:
            messages.success(request, done)
            return redirect("mentoring:partnership", pair.pk)
    return render(
        request,
        template,
        {"form": form, "pair": pair, "programme": pair.programme},
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request, pk):
    pair = _pair(request, pk, "mentoring.partnership")
    return _pair_form(
        request,
        pair,
        MeetingForm(request.POST if request.method == "POST" else None),
        lambda data: partnerships.log_meeting(pair, actor=request.user, request=request, **data),
        _("The meeting is logged."),
        "mentoring/meeting_form.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def end(request, pk):
    pair = _pair(request, pk, "mentoring.partnership")
    return _pair_form(
        request,
        pair,
        EndForm(request.POST if request.method == "POST" else None),
        lambda data: partnerships.end_early(
            pair, reason=data["reason"], actor=request.user, request=request
        ),
        _("The partnership has ended. Thank you for telling us."),
        "mentoring/end.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluate(request, pk):
    pair = _pair(request, pk, "mentoring.partnership")
    side = pair.side_of(request.user)
    if side is None:
        raise PermissionDenied("mentoring.evaluate")
    return _pair_form(
        request,
        pair,
        EvaluationForm(request.POST if request.method == "POST" else None),
        lambda data: partnerships.evaluate(pair, side, actor=request.user, request=request, **data),
        _("Thank you: your evaluation is sent."),
        "mentoring/evaluation_form.html",
    )
