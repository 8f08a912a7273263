"""Awards: rounds, categories and questions, the panel, nominating and judging.

Each view loads through ``request.scope``, authorises with a named rule, calls one
service and renders. Judges reach nominations only through
``judging.visible_nominations``: a conflicted judge gets 404 everywhere.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_actions import submit
from dueregard.core.permissions import can, require, requires
from dueregard.core.requests import site_url

from .. import presenters
from ..forms import (
    CategoryForm,
    JudgeForm,
    NominationForm,
    QuestionForm,
    RecordConflictForm,
    RoundForm,
)
from ..models import (
    Category,
    Conflict,
    Nomination,
    Question,
    Round,
    Stage,
    default_introduction,
)
from ..services import decisions, judging, nominations, rounds, stages


def _posted(request):
    """The POST data on a POST (even an empty one, so it is validated), else ``None``."""
    return request.POST if request.method == "POST" else None


def _status(form) -> int:
    return 400 if form.errors else 200


@login_required
@requires("awards.view")
def index(request):
    scope = request.scope
    rounds_here = list(scope.query(Round).prefetch_related("categories", "eligible_organisations"))
    mine = (
        scope.query(Nomination)
        .filter(nominator=request.user)
        .select_related("round", "category")
        .order_by("-created_at")
    )
    judging_rounds = judging.judging_rounds(rounds_here, request.user)
    return render(
        request,
        "awards/index.html",
        {
            "rounds": [
                {
                    "round": r,
                    "open": r.is_open(),
                    "can_nominate": can(scope, "awards.nominate", r),
                    "manage": can(scope, "awards.manage", r),
                }
                for r in rounds_here
            ],
            "mine": [{"nomination": n, "tag": presenters.stage_tag(n)} for n in mine],
            "judging_rounds": judging_rounds,
            "can_organise": can(scope, "awards.organise"),
        },
    )


@login_required
@requires("awards.organise")
@require_http_methods(["GET", "POST"])
def round_create(request):
    scope = request.scope
    form = RoundForm(
        _posted(request),
        organisations=scope.system.organisations.filter(is_active=True).order_by("name"),
        initial={
            "blind": True,
            "include_inclusive_leader": True,
            "min_judges": 3,
            "introduction": default_introduction(),
        },
    )
    if request.method == "POST":
        result = submit(
            form,
            lambda data: rounds.create_round(
                actor=request.user, organisation=scope.organisation, request=request, **data
            ),
        )
        if result.ok:
            messages.success(request, _("%(title)s was set up.") % {"title": result.value.title})
            return redirect("awards:round", result.value.pk)
    return render(
        request, "awards/round_form.html", {"form": form, "round": None}, status=_status(form)
    )


@login_required
def round_detail(request, pk):
    scope = request.scope
    rnd = scope.get_or_404(Round, pk=pk)
    manage = can(scope, "awards.manage", rnd)
    judge = judging.judge_for(rnd, request.user)
    if not (manage or judge or can(scope, "awards.nominate", rnd)):
        raise PermissionDenied("awards.nominate")
    context = {
        "round": rnd,
        "stage": stages.stage_of(rnd),
        "manage": manage,
        "judge": judge,
        "chair": can(scope, "awards.chair", rnd),
        "reach": can(scope, "awards.view_reach", rnd),
        "can_nominate": can(scope, "awards.nominate", rnd) and rnd.is_open(),
        "categories": rnd.categories.prefetch_related("questions"),
    }
    if manage:
        context["nominations"] = [
            {"nomination": n, "tag": presenters.stage_tag(n)}
            for n in scope.query(Nomination)
            .filter(round=rnd)
            .exclude(stage=Stage.DRAFT)
            .select_related("category", "nominee_organisation")
        ]
        context["judges"] = rnd.judges.all()
        context["conflicts"] = (
            scope.query(Conflict).filter(judge__round=rnd).select_related("judge", "nomination")
        )
    return render(request, "awards/round_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request, pk):
    rnd = _managed_round(request, pk)
    initial = {name: getattr(rnd, name) for name in rounds.ROUND_FIELDS}
    initial["eligible_organisations"] = list(rnd.eligible_organisations.all())
    form = RoundForm(
        _posted(request),
        organisations=rnd.system.organisations.filter(is_active=True).order_by("name"),
        initial=initial,
    )
    del form.fields["include_inclusive_leader"]
    if request.method == "POST":
        result = submit(
            form,
            lambda data: rounds.update_round(
                rnd,
                actor=request.user,
                request=request,
                **data,
            ),
        )
        if result.ok:
            messages.success(request, _("The round is saved."))
            return redirect("awards:round", rnd.pk)
    return render(
        request, "awards/round_form.html", {"form": form, "round": rnd}, status=_status(form)
    )


def _managed_round(request, pk) -> Round:
    rnd = request.scope.get_or_404(Round, pk=pk)
    require(request.scope, "awards.manage", rnd)
    return rnd


@login_required
@require_http_methods(["GET", "POST"])
def category_create(request, pk):
    rnd = _managed_round(request, pk)
    form = CategoryForm(_posted(request))
    if request.method == "POST":
        result = submit(
            form, lambda data: rounds.add_category(rnd, actor=request.user, request=request, **data)
        )
        if result.ok:
            messages.success(
                request,
                _("The %(name)s category was added. Now add its questions.")
                % {"name": result.value.name},
            )
            return redirect("awards:question-create", result.value.pk)
    return render(
        request, "awards/category_form.html", {"form": form, "round": rnd}, status=_status(form)
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request, pk):
    category = request.scope.get_or_404(Category, pk=pk)
    rnd = category.round
    require(request.scope, "awards.manage", rnd)
    form = QuestionForm(_posted(request))
    if request.method == "POST":
        result = submit(
            form,
            lambda data: rounds.add_question(category, actor=request.user, request=request, **data),
        )
        if result.ok:
            messages.success(
                request, _("The question was added to %(name)s.") % {"name": category.name}
            )
            return redirect("awards:round", rnd.pk)
    return render(
        request,
        "awards/question_form.html",
        {"form": form, "round": rnd, "category": category, "question": None},
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request, pk):
    question = request.scope.get_or_404(Question, pk=pk)
    category = question.category
    rnd = category.round
    require(request.scope, "awards.manage", rnd)
    form = QuestionForm(
        _posted(request),
        initial={n: getattr(question, n) for n in ("text", "prompts", "word_limit")},
    )
    if request.method == "POST":
        result = submit(
            form,
            lambda data: rounds.update_question(
                question, actor=request.user, request=request, **data
            ),
        )
        if result.ok:
            messages.success(request, _("Question %(n)d is saved.") % {"n": question.position})
            return redirect("awards:round", rnd.pk)
    return render(
        request,
        "awards/question_form.html",
        {"form": form, "round": rnd, "category": category, "question": question},
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def judge_add(request, pk):
    rnd = _managed_round(request, pk)
    form = JudgeForm(_posted(request), initial={"kind": "staff"})
    if request.method == "POST":
        result = submit(
            form,
            lambda data: judging.add_judge(
                rnd, actor=request.user, base_url=site_url(request), request=request, **data
            ),
        )
        if result.ok:
            messages.success(
                request, _("%(name)s is on the panel.") % {"name": result.value.full_name}
            )
            return redirect("awards:round", rnd.pk)
    return render(
        request, "awards/judge_form.html", {"form": form, "round": rnd}, status=_status(form)
    )


@login_required
@require_http_methods(["GET", "POST"])
def conflict_record(request, pk):
    rnd = _managed_round(request, pk)
    judges = list(rnd.judges.all())
    noms = list(request.scope.query(Nomination).filter(round=rnd).exclude(stage=Stage.DRAFT))
    form = RecordConflictForm(_posted(request), judges=judges, nominations=noms)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: judging.record_conflict(
                next(j for j in judges if str(j.pk) == data["judge"]),
                next(n for n in noms if str(n.pk) == data["nomination"]),
                kind=data["kind"],
                note=data["note"],
                actor=request.user,
                request=request,
            ),
        )
        if result.ok:
            messages.success(
                request,
                _("The conflict is recorded: %(judge)s will not see %(ref)s.")
                % {
                    "judge": result.value.judge.full_name,
                    "ref": result.value.nomination.reference,
                },
            )
            return redirect("awards:round", rnd.pk)
    return render(
        request, "awards/conflict_form.html", {"form": form, "round": rnd}, status=_status(form)
    )


def _nomination_form(request, category, nomination=None):
    organisations = category.round.eligible_organisations.order_by("name")
    initial = {"kind": "individual"}
    if nomination is not None:
        initial = {name: getattr(nomination, name) for name in nominations.NOMINEE_FIELDS}
        initial["nominee_organisation"] = nomination.nominee_organisation_id
        for a in nomination.answers.all():
            initial[f"answer_{a.question_id}"] = a.text
    return NominationForm(
        _posted(request),
        request.FILES if request.method == "POST" else None,
        category=category,
        organisations=organisations,
        initial=initial,
    )


def _save_nomination(request, category, form, nomination=None):
    send = request.POST.get("action") == "submit"
    result = submit(
        form,
        lambda data: nominations.save(
            category=category,
            nominator=request.user,
            nominator_organisation=request.scope.organisation,
            details=form.details(),
            answers=form.answers(),
            upload=form.cleaned_data.get("evidence"),
            nomination=nomination,
            submit=send,
            base_url=site_url(request),
            request=request,
        ),
    )
    if not result.ok:
        return None
    saved = result.value
    if send:
        messages.success(
            request,
            _(
                "Your nomination %(ref)s is sent. We have asked %(name)s to agree to it "
                "before it goes to the judges."
            )
            % {"ref": saved.reference, "name": saved.nominee_name},
        )
    else:
        messages.success(request, _("Your nomination is saved. You can come back to it later."))
    return redirect("awards:nomination", saved.pk)


@login_required
@require_http_methods(["GET", "POST"])
def nominate(request, pk):
    category = request.scope.get_or_404(Category, pk=pk)
    rnd = category.round
    require(request.scope, "awards.nominate", rnd)
    form = _nomination_form(request, category)
    if request.method == "POST":
        response = _save_nomination(request, category, form)
        if response:
            return response
    return render(
        request,
        "awards/nomination_form.html",
        {"form": form, "round": rnd, "category": category, "nomination": None},
        status=_status(form),
    )


def _viewable_nomination(request, pk) -> Nomination:
    nomination = request.scope.get_or_404(Nomination, pk=pk)
    judge = judging.judge_for(nomination.round, request.user)
    if judge and nomination.conflicts.filter(judge=judge).exists():
        raise Http404("No nomination here.")
    require(request.scope, "awards.view_nomination", nomination)
    return nomination


@login_required
def nomination_detail(request, pk):
    nomination = _viewable_nomination(request, pk)
    return render(
        request,
        "awards/nomination_detail.html",
        {
            "nomination": nomination,
            "round": nomination.round,
            "tag": presenters.stage_tag(nomination),
            "answers": nomination.answers.select_related("question"),
            "evidence": nomination.evidence.all(),
            "own": nomination.nominator_id == request.user.pk,
            "chair": can(request.scope, "awards.chair", nomination.round),
            "manage": can(request.scope, "awards.manage", nomination.round),
            "outcome": decisions.outcome_for(nomination),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def nomination_edit(request, pk):
    nomination = request.scope.get_or_404(Nomination, pk=pk)
    if nomination.nominator_id != request.user.pk:
        raise PermissionDenied("Only the nominator can change a nomination.")
    if nomination.stage != Stage.DRAFT:
        messages.info(request, _("This nomination has been sent and can no longer be changed."))
        return redirect("awards:nomination", nomination.pk)
    category = nomination.category
    form = _nomination_form(request, category, nomination)
    if request.method == "POST":
        response = _save_nomination(request, category, form, nomination)
        if response:
            return response
    return render(
        request,
        "awards/nomination_form.html",
        {"form": form, "round": category.round, "category": category, "nomination": nomination},
        status=_status(form),
    )


@login_required
@require_POST
def resend_consent(request, pk):
    nomination = _viewable_nomination(request, pk)
    if nomination.stage != Stage.AWAITING_CONSENT:
        messages.info(request, _("The nominee has already answered."))
    else:
        nominations.send_for_consent(nomination, base_url=site_url(request), request=request)
        messages.success(
            request,
            _("We have e-mailed %(name)s a new link (the old one no longer works).")
            % {"name": nomination.nominee_name},
        )
    return redirect("awards:nomination", nomination.pk)
