"""The yearly WRES/WDES cycle: load (request.scope), authorise, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_actions import submit
from dueregard.core.permissions import can, requires
from dueregard.evidence.models import Analysis
from dueregard.publishing import narrative as narrative_check
from dueregard.publishing.responses import download as download_response

from . import presenters
from .forms import (
    ActionForm,
    AnalysisForm,
    ApproveForm,
    NarrativeForm,
    RegisterUploadForm,
    SeatForm,
    StartForm,
    SurveyUploadForm,
)
from .models import Action, BoardSeat, ReturnYear
from .services import calendar, cycle, document, gpg
from .services import narrative as returns_narrative

FORMATS = ("pdf", "docx", "csv", "json")


def _posted(request, *, files: bool = False):
    """The submitted data of a POST (even an empty one), else None: an unbound form."""
    if request.method != "POST":
        return (None, None) if files else None
    return (request.POST, request.FILES) if files else request.POST


def _year(request, pk) -> ReturnYear:
    return request.scope.get_or_404(ReturnYear, pk=pk)


def _form_page(request, ry, form, *, title, submit_text, status=200, intro="", upload=False):
    return render(
        request,
        "returns/form.html",
        {
            "ry": ry,
            "form": form,
            "title": title,
            "submit_text": submit_text,
            "intro": intro,
            "upload": upload,
        },
        status=status,
    )


@login_required
@requires("returns.view")
@require_http_methods(["GET", "POST"])
def index(request):
    scope = request.scope
    form = StartForm(_posted(request))
    may_start = can(scope, "returns.manage") and scope.organisation is not None
    if request.method == "POST":
        if not may_start:
            raise Http404("Choose an organisation first.")
        done = submit(
            form,
            lambda d: cycle.start(scope.organisation, d["standard"], d["year"], actor=request.user),
        )
        if done.ok:
            return redirect("returns:detail", pk=done.value.pk)
    years = scope.query(ReturnYear).select_related("organisation")
    return render(
        request,
        "returns/index.html",
        {"rows": presenters.year_rows(years), "form": form, "may_start": may_start},
        status=400 if form.errors else 200,
    )


@login_required
@requires("returns.view")
def detail(request, pk):
    ry = _year(request, pk)
    return render(
        request,
        "returns/detail.html",
        {
            "ry": ry,
            "tasks": presenters.tasks(ry),
            "linked": presenters.linked_analyses(ry),
            "missing": cycle.missing(ry),
            "document": document.build(ry),
            "may_manage": can(request.scope, "returns.manage"),
            "may_approve": can(request.scope, "returns.approve"),
            "formats": FORMATS,
            "indicators": calendar.indicators(ry.standard),
            "narratives": cycle.narratives(ry),
            "actions": presenters.action_rows(cycle.plan(ry)),
        },
    )


@login_required
@requires("returns.manage")
@require_http_methods(["GET", "POST"])
def survey(request, pk):
    return _upload_page(
        request,
        pk,
        SurveyUploadForm,
        cycle.load_survey,
        done_message=_("%d survey figures loaded."),
        next_view="returns:detail",
        title=_("Upload the Staff Survey summary"),
        intro=_(
            "Percentages and bases by group, as published in the Staff Survey benchmark "
            "tables. Earlier years in the same file are kept for the trends."
        ),
    )


def _upload_page(request, pk, form_class, load, *, done_message, next_view, title, intro=None):
    """A year's file upload: the service ``load(year, bytes, name, actor=)`` reads it all
    or nothing and returns how many rows it kept; its refusal shows on the form."""
    ry = _year(request, pk)
    form = form_class(*_posted(request, files=True))
    if request.method == "POST":
        done = submit(
            form, lambda d: load(ry, d["file"].read(), d["file"].name, actor=request.user)
        )
        if done.ok:
            messages.success(request, done_message % done.value)
            return redirect(next_view, pk=ry.pk)
    extra = {"intro": intro} if intro else {}
    return _form_page(
        request,
        ry,
        form,
        title=title,
        submit_text=_("Upload"),
        status=400 if form.errors else 200,
        upload=True,
        **extra,
    )


@login_required
@requires("returns.manage")
@require_http_methods(["GET", "POST"])
def board(request, pk):
    ry = _year(request, pk)
    form = SeatForm(_posted(request), groups=cycle.board_groups(ry))
    if request.method == "POST":
        done = submit(form, lambda d: cycle.add_seat(ry, actor=request.user, **d))
        if done.ok:
            messages.success(request, _("Seat added to the board register."))
            return redirect("returns:board", pk=ry.pk)
    return render(
        request,
        "returns/board.html",
        {"ry": ry, "form": form, "seats": cycle.seats(ry)},
        status=400 if form.errors else 200,
    )


@login_required
@requires("returns.manage")
@require_http_methods(["GET", "POST"])
def board_upload(request, pk):
    return _upload_page(
        request,
        pk,
        RegisterUploadForm,
        cycle.load_register,
        done_message=_("%d seats loaded from the file."),
        next_view="returns:board",
        title=_("Upload the board register"),
    )


@login_required
@requires("returns.manage")
@require_POST
def seat_remove(request, pk, seat):
    ry = _year(request, pk)
    obj = request.scope.get_or_404(BoardSeat, pk=seat, return_year=ry)
    try:
        cycle.remove_seat(obj, actor=request.user)
    except cycle.ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("returns:board", pk=ry.pk)


@login_required
@requires("returns.manage")
@require_http_methods(["GET", "POST"])
def analysis(request, pk):
    ry = _year(request, pk)
    ready = request.scope.query(Analysis).filter(
        kind=ry.standard.lower(), status=Analysis.Status.READY, organisation=ry.organisation
    )
    form = AnalysisForm(
        _posted(request),
        choices=presenters.analysis_choices(ready),
        initial={"analyses": [str(pk) for pk in ry.analyses.values_list("pk", flat=True)]},
    )
    if request.method == "POST":
        done = submit(
            form,
            lambda d: cycle.link_analyses(
                ry, list(ready.filter(pk__in=d["analyses"])), actor=request.user
            ),
        )
        if done.ok:
            return redirect("returns:detail", pk=ry.pk)
    return _form_page(
        request,
        ry,
        form,
        title=_("Link the workforce analyses"),
        submit_text=_("Link the analyses"),
        status=400 if form.errors else 200,
        intro=_(
            "The %s pack run in the evidence workspace on the staff, recruitment, cases "
            "and training files, with their data-quality report."
        )
        % ry.standard,
    )


@login_required
@requires("returns.manage")
@require_POST
def validate(request, pk):
    ry = _year(request, pk)
    try:
        cycle.validate(ry, actor=request.user)
        messages.success(request, _("The data is complete and checked."))
    except cycle.ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("returns:detail", pk=ry.pk)


@login_required
@requires("returns.manage")
@require_http_methods(["GET", "POST"])
def narrative(request, pk, code):
    ry = _year(request, pk)
    ind = next((i for i in calendar.indicators(ry.standard) if i.code == code), None)
    if ind is None:
        raise Http404("No such indicator.")
    form = NarrativeForm(_posted(request), initial={"text": cycle.narratives(ry).get(code, "")})
    if request.method == "POST":
        done = submit(form, lambda d: cycle.set_narrative(ry, code, d["text"], actor=request.user))
        if done.ok:
            return redirect("returns:detail", pk=ry.pk)
    return _form_page(
        request,
        ry,
        form,
        title=_("Narrative for indicator %s") % code,
        submit_text=_("Save the narrative"),
        status=400 if form.errors else 200,
        intro=ind.title,
    )


@login_required
@requires("returns.manage")
@require_http_methods(["GET", "POST"])
def action_new(request, pk):
    ry = _year(request, pk)
    choices = [(i.code, f"{i.code}: {i.title}") for i in calendar.indicators(ry.standard)]
    form = ActionForm(_posted(request), indicators=choices)
    if request.method == "POST":
        done = submit(form, lambda d: cycle.add_action(ry, actor=request.user, **d))
        if done.ok:
            return redirect("returns:detail", pk=ry.pk)
    return _form_page(
        request,
        ry,
        form,
        title=_("Add an action"),
        submit_text=_("Add the action"),
        status=400 if form.errors else 200,
    )


@login_required
@requires("returns.manage")
@require_POST
def action_done(request, pk, action):
    ry = _year(request, pk)
    obj = request.scope.get_or_404(Action, pk=action, standard=ry.standard)
    try:
        cycle.complete_action(obj, ry, actor=request.user)
    except cycle.ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("returns:detail", pk=ry.pk)


@login_required
@requires("returns.approve")
@require_http_methods(["GET", "POST"])
def approve(request, pk):
    ry = _year(request, pk)
    form = ApproveForm(_posted(request))
    if request.method == "POST":
        done = submit(form, lambda d: cycle.approve(ry, actor=request.user, **d))
        if done.ok:
            return redirect("returns:detail", pk=ry.pk)
    return _form_page(
        request,
        ry,
        form,
        title=_("Record the board's approval"),
        submit_text=_("Record the approval"),
        status=400 if form.errors else 200,
    )


@login_required
@requires("returns.approve")
@require_POST
def publish(request, pk):
    ry = _year(request, pk)
    found = narrative_check.findings(returns_narrative.fields(ry))  # small numbers in text
    if not narrative_check.confirm_or_warn(request, f"returns:{ry.pk}", found):
        return redirect("returns:detail", pk=ry.pk)
    try:
        cycle.publish(ry, actor=request.user)
        messages.success(request, _("The report is published."))
    except cycle.ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("returns:detail", pk=ry.pk)


@login_required
@requires("returns.view")
def download(request, pk, fmt):
    ry = _year(request, pk)
    if fmt not in FORMATS:
        raise Http404("No such format.")
    return download_response(document.build(ry), fmt)


def public(request, slug):
    ry = cycle.published(slug)
    if ry is None:
        raise Http404("Not published.")
    return render(
        request,
        "returns/public.html",
        {"ry": ry, "document": document.build(ry), "formats": FORMATS},
    )


def public_download(request, slug, fmt):
    ry = cycle.published(slug)
    if ry is None or fmt not in FORMATS:
        raise Http404("Not published.")
    return download_response(document.build(ry), fmt)


@login_required
@requires("returns.view")
def gender_pay_gap(request):
    """The six figures and quartiles as the GOV.UK service asks for them, from a pay gap
    pack of the evidence workspace; downloadable as CSV or XLSX to copy in."""
    packs = list(request.scope.query(Analysis).filter(kind="paygap", status=Analysis.Status.READY))
    chosen = next((a for a in packs if str(a.pk) == request.GET.get("analysis")), None)
    chosen = chosen or (packs[0] if packs else None)
    sheet, problem = None, ""
    if chosen is not None:
        try:
            sheet = gpg.sheet_for(chosen)
        except cycle.ValidationError as exc:
            problem = " ".join(exc.messages)
    fmt = request.GET.get("format")
    if sheet is not None and fmt in ("csv", "xlsx"):
        return presenters.gpg_download(sheet, fmt)
    return render(
        request,
        "returns/gpg.html",
        {"packs": packs, "chosen": chosen, "sheet": sheet, "problem": problem},
    )
