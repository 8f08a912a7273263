"""Reciprocal mentoring: programmes, applications, matching, review, partnerships.

Each view loads through ``request.scope``, authorises with a named rule, calls one
service and renders.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_actions import attempt, submit
from dueregard.core.permissions import can, require, requires
from dueregard.core.requests import site_url

from .. import choices, presenters
from ..forms import (
    ApplicationForm,
    MatchForm,
    OverrideForm,
    ProgrammeForm,
    SwapForm,
)
from ..models import (
    LIVE,
    Application,
    MatchRun,
    PairStatus,
    Partnership,
    Programme,
    Side,
)
from ..services import exports, framework, partnerships, programmes, review, runs


def _status(form) -> int:
    return 400 if form.errors else 200


def _programme(request, pk, rule="mentoring.view") -> Programme:
    programme = request.scope.get_or_404(Programme, pk=pk)
    require(request.scope, rule, programme)
    return programme


def _pair(request, pk, rule="mentoring.manage") -> Partnership:
    pair = request.scope.get_or_404(Partnership, pk=pk)
    require(request.scope, rule, pair.programme if rule == "mentoring.manage" else pair)
    return pair


def _names(programme) -> dict[str, str]:
    return presenters.names_for(programme.applications.select_related("user"))


@login_required
@requires("mentoring.view")
def index(request):
    scope = request.scope
    mine = scope.query(Application).filter(user=request.user).select_related("programme")
    my_pairs = (
        scope.query(Partnership)
        .filter(status__in=[*LIVE, PairStatus.ENDED, PairStatus.COMPLETED])
        .exclude(status=PairStatus.PROPOSED)
        .select_related("leader__user", "partner__user", "programme")
    )
    my_pairs = [p for p in my_pairs if p.side_of(request.user)]
    return render(
        request,
        "mentoring/index.html",
        {
            "programmes": scope.query(Programme).select_related("organisation"),
            "mine": mine,
            "my_pairs": [{"pair": p, "tag": presenters.pair_tag(p)} for p in my_pairs],
            "can_organise": can(scope, "mentoring.organise"),
        },
    )


@login_required
@requires("mentoring.organise")
@require_http_methods(["GET", "POST"])
def programme_create(request):
    scope = request.scope
    form = ProgrammeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reach = data.pop("reach")
        programme = programmes.create_programme(
            actor=request.user,
            organiser_organisation=scope.organisation,
            system_wide=reach == "system",
            request=request,
            **data,
        )
        messages.success(request, f"{programme.title} is open for applications.")
        return redirect("mentoring:programme", programme.pk)
    return render(request, "mentoring/programme_form.html", {"form": form}, status=_status(form))


@login_required
def programme_detail(request, pk):
    programme = _programme(request, pk)
    scope = request.scope
    manage = can(scope, "mentoring.manage", programme)
    mine = programme.applications.filter(user=request.user).first()
    apps = programme.applications.filter(status=Application.Status.SUBMITTED)
    pairs = programme.partnerships.all()
    return render(
        request,
        "mentoring/programme_detail.html",
        {
            "programme": programme,
            "manage": manage,
            "mine": mine,
            "can_apply": can(scope, "mentoring.apply", programme) and mine is None,
            "can_summary": can(scope, "mentoring.view_summary", programme),
            "focus": framework.names(programme.characteristics_framework, programme.focus_groups),
            "counts": {
                "leaders": apps.filter(side=Side.LEADER).count(),
                "partners": apps.filter(side=Side.PARTNER).count(),
                "proposed": pairs.filter(status=PairStatus.PROPOSED).count(),
                "accepted": pairs.filter(status=PairStatus.ACCEPTED).count(),
                "active": pairs.filter(status=PairStatus.ACTIVE).count(),
                "runs": programme.runs.count(),
            }
            if manage
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, pk):
    programme = _programme(request, pk, "mentoring.apply")
    organisations = request.scope.organisations()  # the applicant's own organisation
    initial = {"organisation": request.scope.organisation, "capacity": 1}
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        programme=programme,
        organisations=organisations,
        choose_from=programme.system.organisations.filter(is_active=True).order_by("name"),
        initial=initial,
    )
    if request.method == "POST":
        result = submit(
            form,
            lambda data: programmes.apply(
                programme, request.user, request=request, **form.values()
            ),
        )
        if result.ok:
            messages.success(request, _("Your application has been sent to the organisers."))
            return redirect("mentoring:application", result.value.pk)
    return render(
        request,
        "mentoring/apply.html",
        {"form": form, "programme": programme},
        status=_status(form),
    )


@login_required
def applications(request, pk):
    programme = _programme(request, pk, "mentoring.manage")
    rows = programme.applications.select_related("user", "organisation")
    focus = framework.focus_choices(programme)
    return render(
        request,
        "mentoring/applications.html",
        {
            "programme": programme,
            "rows": [
                {
                    "app": a,
                    "topics": ", ".join(choices.topic_names(a.topics)),
                    "shared": framework.names(
                        programme.characteristics_framework, a.characteristics
                    ),
                }
                for a in rows
            ],
            "focus": focus,
        },
    )


@login_required
def application_detail(request, pk):
    application = request.scope.get_or_404(Application, pk=pk)
    require(request.scope, "mentoring.own_application", application)
    return render(
        request,
        "mentoring/application_detail.html",
        {
            "application": application,
            "programme": application.programme,
            "facts": presenters.application_facts(application),
            "manage": can(request.scope, "mentoring.manage", application.programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def match(request, pk):
    programme = _programme(request, pk, "mentoring.manage")
    initial = {
        "weight_topics": programme.weight_topics,
        "weight_availability": programme.weight_availability,
        "weight_format": programme.weight_format,
        "require_focus_group": programme.require_focus_group,
    }
    form = MatchForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: runs.configure_and_run(
                programme, data, actor=request.user, request=request
            ),
        )
        if result.ok:
            messages.success(request, _("Run %(n)d is done.") % {"n": result.value.number})
            return redirect("mentoring:run", result.value.pk)
    latest = programme.runs.first()
    return render(
        request,
        "mentoring/match.html",
        {"form": form, "programme": programme, "latest": latest, "runs": programme.runs.all()[:10]},
        status=_status(form),
    )


@login_required
def run_detail(request, pk):
    run = request.scope.get_or_404(MatchRun, pk=pk)
    programme = run.programme
    require(request.scope, "mentoring.manage", programme)
    names = _names(programme)
    record = run.record
    return render(
        request,
        "mentoring/run.html",
        {
            "run": run,
            "programme": programme,
            "pairs": [
                {
                    "leader": names.get(p["leader_id"], p["leader_id"]),
                    "partner": names.get(p["partner_id"], p["partner_id"]),
                    "score": p["score"],
                    "why": presenters.humanise(p["explanation"], names),
                    "fixed": p["fixed"],
                }
                for p in record["pairs"]
            ],
            "unmatched": [
                {
                    "who": names.get(u["person_id"], u["person_id"]),
                    "side": u["side"],
                    "reasons": [presenters.humanise(r, names) for r in u["reasons"]],
                }
                for u in record["unmatched"]
            ],
            "errors": [
                presenters.humanise(
                    f"{e['source']} pair {e['leader_id']}–{e['partner_id']} not used: "
                    + "; ".join(e["reasons"]),
                    names,
                )
                for e in record["errors"]
            ],
            "excluded": [
                {"who": names.get(x["id"], x["id"]), "reason": x["reason"]} for x in run.excluded
            ],
            "reproduces": runs.reproduces(run) if request.GET.get("check") else None,
        },
    )


def _pairs_page(request, programme, status=200, **extra):
    names = _names(programme)
    pairs = programme.partnerships.select_related(
        "leader__user", "partner__user", "leader__organisation", "partner__organisation"
    ).order_by("pk")
    return render(
        request,
        "mentoring/pairs.html",
        {
            "programme": programme,
            "rows": [
                {
                    "pair": p,
                    "tag": presenters.pair_tag(p),
                    "why": presenters.humanise(p.explanation, names),
                    "editable": p.status in review.EDITABLE,
                }
                for p in pairs
            ],
            "proposed": sum(p.status == PairStatus.PROPOSED for p in pairs),
            "accepted": sum(p.status == PairStatus.ACCEPTED for p in pairs),
            **extra,
        },
        status=status,
    )


@login_required
def pairs(request, pk):
    programme = _programme(request, pk, "mentoring.manage")
    return _pairs_page(request, programme)


@login_required
@require_POST
def accept_all(request, pk):
    programme = _programme(request, pk, "mentoring.manage")
    form = forms.Form(request.POST)
    result = attempt(
        form, lambda: review.accept_all(programme, actor=request.user, request=request)
    )
    if not result.ok:
        return _pairs_page(request, programme, status=result.status, form=form)
    messages.success(
        request,
        ngettext("%(n)d pair accepted.", "%(n)d pairs accepted.", result.value)
        % {"n": result.value},
    )
    return redirect("mentoring:pairs", programme.pk)


@login_required
@require_POST
def introductions(request, pk):
    programme = _programme(request, pk, "mentoring.manage")
    form = forms.Form(request.POST)
    result = attempt(
        form,
        lambda: review.send_introductions(
            programme, actor=request.user, base_url=site_url(request), request=request
        ),
    )
    if not result.ok:
        return _pairs_page(request, programme, status=result.status, form=form)
    if result.value:
        messages.success(
            request,
            ngettext(
                "Introductions sent to %(n)d pair.",
                "Introductions sent to %(n)d pairs.",
                result.value,
            )
            % {"n": result.value},
        )
    else:
        messages.info(request, _("There were no accepted pairs waiting for an introduction."))
    return redirect("mentoring:pairs", programme.pk)


@login_required
@require_POST
def pair_accept(request, pk):
    pair = _pair(request, pk)
    form = forms.Form(request.POST)
    result = attempt(form, lambda: review.accept(pair, actor=request.user, request=request))
    if not result.ok:
        return _pairs_page(request, pair.programme, status=result.status, form=form)
    messages.success(request, _("%(pair)s accepted.") % {"pair": pair})
    return redirect("mentoring:pairs", pair.programme_id)


@login_required
@require_http_methods(["GET", "POST"])
def pair_override(request, pk):
    pair = _pair(request, pk)
    leaders = (
        request.scope.query(Application)
        .filter(programme=pair.programme, side=Side.LEADER, status=Application.Status.SUBMITTED)
        .exclude(pk=pair.leader_id)
        .select_related("user")
    )
    form = OverrideForm(request.POST if request.method == "POST" else None, leaders=leaders)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: review.override(
                pair, data["leader"], reason=data["reason"], actor=request.user, request=request
            ),
        )
        if result.ok:
            pair = result.value
            text = _("%(partner)s is now paired with %(leader)s.") % {
                "partner": pair.partner.name,
                "leader": pair.leader.name,
            }
            if pair.released_partner is not None:
                text += " " + _(
                    "%(name)s waits for a leader: run the matching again (accepted pairs are kept)."
                ) % {"name": pair.released_partner.name}
            messages.success(request, text)
            return redirect("mentoring:pairs", pair.programme_id)
    return render(
        request,
        "mentoring/pair_change.html",
        {
            "form": form,
            "pair": pair,
            "programme": pair.programme,
            "kind": "override",
            "heading": _("Change the leader for %(name)s") % {"name": pair.partner.name},
        },
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def pair_swap(request, pk):
    pair = _pair(request, pk)
    others = (
        request.scope.query(Partnership)
        .filter(programme=pair.programme, status__in=review.EDITABLE)
        .exclude(pk=pair.pk)
        .select_related("leader__user", "partner__user")
    )
    form = SwapForm(request.POST if request.method == "POST" else None, pairs=others)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: review.swap(
                pair, data["other"], reason=data["reason"], actor=request.user, request=request
            ),
        )
        if result.ok:
            messages.success(request, _("The two pairs have swapped leaders."))
            return redirect("mentoring:pairs", pair.programme_id)
    return render(
        request,
        "mentoring/pair_change.html",
        {
            "form": form,
            "pair": pair,
            "programme": pair.programme,
            "kind": "swap",
            "heading": _("Swap leaders"),
        },
        status=_status(form),
    )


@login_required
def summary(request, pk):
    programme = _programme(request, pk, "mentoring.view_summary")
    exact = can(request.scope, "mentoring.manage", programme)
    return render(
        request,
        "mentoring/summary.html",
        {
            "programme": programme,
            "summary": partnerships.summary(programme, exact=exact),
            "manage": exact,
        },
    )


EXPORT_KINDS = {"pairs", "evaluation"}


@login_required
def export(request, pk, kind, fmt):
    programme = _programme(request, pk, "mentoring.manage")
    if kind not in EXPORT_KINDS or fmt not in exports.FORMATS:
        raise Http404("No such export.")
    personal = request.GET.get("personal", "1") != "0"
    if kind == "pairs":
        rows = exports.pair_rows(programme, personal=personal, names=_names(programme))
    else:
        rows = exports.evaluation_rows(programme, personal=personal)
    writer, content_type = exports.FORMATS[fmt]
    response = HttpResponse(writer(rows), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="mentoring-{programme.pk}-{kind}.{fmt}"'
    )
    return response
