"""Pages of the evidence workspace: load (request.scope), authorise, call one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from dueregard.core.form_rendering import add_service_errors
from dueregard.core.permissions import can, require, requires
from dueregard.eds.models import Evidence as EdsEvidence
from dueregard.publishing.document import Document, Paragraph, SummaryList, Table
from dueregard.publishing.responses import download as document_download

from . import presenters
from .forms import AnalysisForm, AttachEdsForm, AttachIdmfForm, MappingForm, RerunForm, UploadForm
from .models import Analysis, Dataset
from .services import access, analyses, datasets, links, safety
from .services.schemas import kind_choices
from .services.schemas import schema as schema_for


@login_required
@requires("evidence.view")
def index(request):
    scope = request.scope
    return render(
        request,
        "evidence/index.html",
        {
            "datasets": list(scope.query(Dataset)) if can(scope, "evidence.analyse") else [],
            "analyses": list(scope.query(Analysis).select_related("dataset")),
            "can_analyse": can(scope, "evidence.analyse"),
        },
    )


@login_required
@requires("evidence.analyse")
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None, kinds=kind_choices())
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                dataset = datasets.upload(
                    request.scope,
                    request.user,
                    name=data["name"],
                    kind=data["kind"],
                    file=data["file"],
                    retain_until=data["retain_until"],
                    period=data.get("period") or "",
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"{dataset.original_name} uploaded. Check the mapping.")
                return redirect("evidence:mapping", dataset.pk)
        return render(request, "evidence/upload.html", {"form": form}, status=400)
    return render(request, "evidence/upload.html", {"form": form})


def _dataset(request, pk) -> Dataset:
    require(request.scope, "evidence.analyse")
    return request.scope.get_or_404(Dataset, pk=pk)


@login_required
def mapping(request, pk):
    dataset = _dataset(request, pk)
    sch = schema_for(dataset.kind)
    form = MappingForm(request.POST or None, schema=sch, dataset=dataset)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                datasets.save_mapping(
                    dataset, request.user, columns=form.columns(), codes=form.codes()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if "import" in request.POST:
                    try:
                        datasets.start_import(dataset, request.user)
                    except ValidationError as exc:
                        add_service_errors(form, exc)
                    else:
                        return redirect("evidence:dataset", dataset.pk)
                else:
                    messages.success(request, "Mapping saved. The quality report is up to date.")
                    return redirect("evidence:mapping", dataset.pk)
        status = 400
    return render(
        request,
        "evidence/mapping.html",
        {"form": form, "dataset": dataset, "schema": sch, "quality": dataset.quality},
        status=status,
    )


@login_required
def dataset(request, pk, analysis_form=None):
    dataset = _dataset(request, pk)
    access.dataset_viewed(dataset, request.user, request)
    form = analysis_form or AnalysisForm(
        kinds=analyses.kinds_for(dataset),
        groups=analyses.group_choices(dataset),
        extras=analyses.extra_choices(dataset),
    )
    return render(
        request,
        "evidence/dataset.html",
        {
            "dataset": dataset,
            "form": form if analysis_form is not None else None,
            "analysis_form": form,
            "kinds": analyses.kinds_for(dataset),
            "analyses": list(request.scope.query(Analysis).filter(dataset=dataset)),
            "working": dataset.status in (Dataset.Status.QUEUED, Dataset.Status.IMPORTING),
            "has_rows": dataset.has_rows,
            "schema": schema_for(dataset.kind),
        },
        status=400 if analysis_form is not None else 200,
    )


@login_required
@require_POST
def delete_rows(request, pk):
    """The analyst deletes the row-level data now (aggregates and analyses stay)."""
    dataset = _dataset(request, pk)
    if datasets.dispose_rows(dataset, request.user, reason="deleted by the analyst"):
        messages.success(request, "The rows have been deleted. Analyses and aggregates stay.")
    return redirect("evidence:dataset", dataset.pk)


@login_required
def dataset_status(request, pk):
    """The progress page's poll: status, percent, and whether the task has finished."""
    dataset = _dataset(request, pk)
    working = dataset.status in (Dataset.Status.QUEUED, Dataset.Status.IMPORTING)
    return JsonResponse(
        {
            "status": dataset.status,
            "label": str(dataset.get_status_display()),
            "progress": dataset.progress,
            "done": not working,
        }
    )


@login_required
def analysis_status(request, pk):
    analysis = _analysis(request, pk)
    working = analysis.status in (Analysis.Status.QUEUED, Analysis.Status.RUNNING)
    return JsonResponse(
        {
            "status": analysis.status,
            "label": str(analysis.get_status_display()),
            "progress": 100 if not working else 50 if analysis.status == "running" else 0,
            "done": not working,
        }
    )


@login_required
@require_POST
def analyse(request, pk):
    dataset_obj = _dataset(request, pk)
    form = AnalysisForm(
        request.POST,
        kinds=analyses.kinds_for(dataset_obj),
        groups=analyses.group_choices(dataset_obj),
        extras=analyses.extra_choices(dataset_obj),
    )
    if form.is_valid():
        try:
            analysis = analyses.request(
                dataset_obj,
                request.user,
                kind=form.cleaned_data["kind"],
                group=form.cleaned_data.get("group", ""),
                also=form.cleaned_data.get("also", []),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("evidence:analysis", analysis.pk)
    return dataset(request, pk, analysis_form=form)


def _analysis(request, pk) -> Analysis:
    require(request.scope, "evidence.view")
    return request.scope.get_or_404(Analysis, pk=pk)


def _view(request, analysis) -> dict:
    analyst = can(request.scope, "evidence.see_unrounded")
    return safety.view_of(analysis.result, analyst=analyst) if analysis.result else {}


@login_required
def analysis(request, pk):
    analysis = _analysis(request, pk)
    view = _view(request, analysis)
    access.viewed(analysis, request.user, controlled=view.get("controlled", True), request=request)
    return render(request, "evidence/analysis.html", _analysis_context(request, analysis, view))


def _analysis_context(request, analysis, view, **extra) -> dict:
    scope = request.scope
    return {
        "analysis": analysis,
        "view": view,
        "readings": presenters.readings(view) if view else [],
        "table": presenters.table(view) if view and view.get("rows") else None,
        "pack_tables": presenters.pack_tables(view) if view.get("type") == "pack" else [],
        "ratio_table": presenters.ratio_table(view) if view else None,
        "charts": presenters.charts(view) if view else [],
        "working": analysis.status in (Analysis.Status.QUEUED, Analysis.Status.RUNNING),
        "can_analyse": can(scope, "evidence.analyse"),
        "can_attach": can(scope, "evidence.attach"),
        "can_export": can(scope, "evidence.export"),
        "has_rows": analysis.dataset.has_rows,
        "eds_links": list(
            scope.query(EdsEvidence).filter(analysis=analysis).select_related("assessment")
        ),
        "idmf_links": list(analysis.idmf_links.select_related("assessment__decision")),
        **extra,
    }


@login_required
@requires("evidence.export")
def export(request, pk, fmt):
    analysis = _analysis(request, pk)
    if fmt not in ("csv", "json", "xlsx") or analysis.status != Analysis.Status.READY:
        raise Http404("No such export.")
    view = _view(request, analysis)
    if view.get("type") == "pack":
        tables = [
            Table(
                t["caption"][:200],
                tuple(t["head"]),
                tuple(tuple(presenters.defuse(c) for c in r) for r in t["rows"]),
            )
            for t in presenters.pack_tables(view)
        ]
    else:
        table = presenters.table(view)
        rows = tuple(tuple(presenters.defuse(c) for c in r) for r in table["rows"])
        tables = [Table(analysis.title, tuple(table["head"]), rows)]
    document = Document(
        title=analysis.title,
        subtitle=str(analysis.organisation or analysis.system),
        blocks=(
            SummaryList(
                (
                    (
                        "Computed",
                        date_format(analysis.computed_at, "j F Y, H:i")
                        if analysis.computed_at
                        else "",
                    ),
                    ("Input checksum (SHA-256)", analysis.input_checksum),
                    ("Engine", analysis.engine_version),
                    (
                        "Disclosure control",
                        "Applied" if view["controlled"] else "Not applied (analyst)",
                    ),
                )
            ),
            Paragraph(" ".join(presenters.readings(view))),
            *tables,
        ),
    )
    access.exported(analysis, request.user, fmt=fmt, controlled=view["controlled"], request=request)
    return document_download(document, fmt)


@login_required
def rerun(request, pk):
    analysis = _analysis(request, pk)
    require(request.scope, "evidence.analyse")
    form = RerunForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                analyses.rerun(analysis, request.user, file=form.cleaned_data.get("file"))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "The analysis has been run again.")
                return redirect("evidence:analysis", analysis.pk)
        return render(
            request,
            "evidence/rerun.html",
            {"form": form, "analysis": analysis, "has_rows": analysis.dataset.has_rows},
            status=400,
        )
    return render(
        request,
        "evidence/rerun.html",
        {"form": form, "analysis": analysis, "has_rows": analysis.dataset.has_rows},
    )


@login_required
def attach_eds(request, pk):
    analysis = _analysis(request, pk)
    require(request.scope, "evidence.attach")
    form = AttachEdsForm(request.POST or None, targets=links.eds_targets(request.scope))
    if request.method == "POST":
        if form.is_valid():
            try:
                links.attach_eds(
                    request.scope,
                    analysis,
                    request.user,
                    target=form.cleaned_data["target"],
                    may_be_published=form.cleaned_data["may_be_published"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Attached as evidence to the EDS outcome.")
                return redirect("evidence:analysis", analysis.pk)
        return render(
            request, "evidence/attach_eds.html", {"form": form, "analysis": analysis}, status=400
        )
    return render(request, "evidence/attach_eds.html", {"form": form, "analysis": analysis})


@login_required
def attach_idmf(request, pk):
    analysis = _analysis(request, pk)
    require(request.scope, "evidence.attach")
    form = AttachIdmfForm(request.POST or None, assessments=links.idmf_targets(request.scope))
    if request.method == "POST":
        if form.is_valid():
            try:
                links.attach_idmf(
                    request.scope,
                    analysis,
                    request.user,
                    assessment_pk=form.cleaned_data["assessment"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Attached as evidence to step 2 of the decision.")
                return redirect("evidence:analysis", analysis.pk)
        return render(
            request, "evidence/attach_idmf.html", {"form": form, "analysis": analysis}, status=400
        )
    return render(request, "evidence/attach_idmf.html", {"form": form, "analysis": analysis})
