"""Pages of the evidence workspace: load (request.scope), authorise, call one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dueregard.background import jobs
from dueregard.core.form_actions import submit
from dueregard.core.permissions import can, require, requires
from dueregard.eds.models import Evidence as EdsEvidence
from dueregard.publishing import narrative

from . import charts, presenters
from .forms import AnalysisForm, AttachEdsForm, AttachIdmfForm, MappingForm, RerunForm, UploadForm
from .models import Analysis, Dataset
from .services import access, analyses, datasets, exports, links, safety
from .services.schemas import kind_choices
from .services.schemas import schema as schema_for

WORKING = (Dataset.Status.CHECKING, Dataset.Status.QUEUED, Dataset.Status.IMPORTING)


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
    if request.method != "POST":
        return render(request, "evidence/upload.html", {"form": form})
    result = submit(
        form,
        lambda data: datasets.upload(
            request.scope,
            request.user,
            name=data["name"],
            kind=data["kind"],
            file=data["file"],
            retain_until=data["retain_until"],
            period=data.get("period") or "",
        ),
    )
    if result.ok:
        if result.value.status == Dataset.Status.MAPPING:  # checked already (no worker queue)
            messages.success(
                request,
                _("%(name)s uploaded. Check the mapping.") % {"name": result.value.original_name},
            )
            return redirect("evidence:mapping", result.value.pk)
        return redirect("evidence:dataset", result.value.pk)
    return render(request, "evidence/upload.html", {"form": form}, status=result.status)


def _dataset(request, pk) -> Dataset:
    require(request.scope, "evidence.analyse")
    return request.scope.get_or_404(Dataset, pk=pk)


@login_required
def mapping(request, pk):
    dataset = _dataset(request, pk)
    if not dataset.headers:  # not read yet (checking), or refused: its page says which
        return redirect("evidence:dataset", dataset.pk)
    sch = schema_for(dataset.kind)
    form = MappingForm(request.POST or None, schema=sch, dataset=dataset)
    status = 200
    if request.method == "POST":
        importing = "import" in request.POST

        def save(data):
            datasets.save_mapping(dataset, request.user, columns=form.columns(), codes=form.codes())
            if importing:
                datasets.start_import(dataset, request.user)

        result = submit(form, save)
        if result.ok and importing:
            return redirect("evidence:dataset", dataset.pk)
        if result.ok:
            messages.success(request, _("Mapping saved. The quality report is up to date."))
            return redirect("evidence:mapping", dataset.pk)
        status = result.status
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
    job = datasets.job_of(dataset)
    dataset.refresh_from_db()
    form = analysis_form or _analysis_form(dataset)
    return render(
        request,
        "evidence/dataset.html",
        {
            "dataset": dataset,
            "form": form if analysis_form is not None else None,
            "analysis_form": form,
            "kinds": analyses.kinds_for(dataset),
            "analyses": list(request.scope.query(Analysis).filter(dataset=dataset)),
            "working": dataset.status in WORKING,
            "job_note": jobs.waiting_note(job),
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
        messages.success(request, _("The rows have been deleted. Analyses and aggregates stay."))
    return redirect("evidence:dataset", dataset.pk)


@login_required
@require_POST
def retry(request, pk):
    """Try a failed check or import again (after a worker died, or a fixed mapping)."""
    dataset = _dataset(request, pk)
    try:
        datasets.retry(dataset, request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("evidence:dataset", dataset.pk)


@login_required
def dataset_status(request, pk):
    """The progress page's poll: status, percent, and whether the task has finished."""
    dataset = _dataset(request, pk)
    job = datasets.job_of(dataset)
    dataset.refresh_from_db()
    working = dataset.status in WORKING
    return JsonResponse(
        {
            "status": dataset.status,
            "label": jobs.waiting_note(job) or str(dataset.get_status_display()),
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
    form = _analysis_form(dataset_obj, request.POST)
    result = submit(
        form,
        lambda data: analyses.request(
            dataset_obj,
            request.user,
            kind=data["kind"],
            group=data.get("group", ""),
            also=data.get("also", []),
            missing_bands_as_zero=bool(data.get("missing_bands_as_zero")),
            detail=data.get("detail", ""),
        ),
    )
    if result.ok:
        return redirect("evidence:analysis", result.value.pk)
    return dataset(request, pk, analysis_form=form)


PICKER_LIMIT = 40  # outcomes or decisions listed at once; the search narrows the rest


def _analysis_form(dataset_obj, data=None) -> AnalysisForm:
    return AnalysisForm(
        data,
        kinds=analyses.kinds_for(dataset_obj),
        groups=analyses.group_choices(dataset_obj),
        extras=analyses.extra_choices(dataset_obj),
        age_bands=bool(dataset_obj.mapping.get("age_band")),
        details=analyses.has_details(dataset_obj),
    )


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
        "charts": charts.charts(view) if view else [],
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
    if fmt not in exports.FORMATS or analysis.status != Analysis.Status.READY:
        raise Http404("No such export.")
    view = _view(request, analysis)
    download = exports.export(
        analysis,
        presenters.document(analysis, view),
        request.user,
        fmt=fmt,
        controlled=view["controlled"],
        request=request,
    )
    response = HttpResponse(download.content, content_type=download.media_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response


@login_required
def rerun(request, pk):
    analysis = _analysis(request, pk)
    require(request.scope, "evidence.analyse")
    form = RerunForm(request.POST or None, request.FILES or None)
    context = {"form": form, "analysis": analysis, "has_rows": analysis.dataset.has_rows}
    if request.method != "POST":
        return render(request, "evidence/rerun.html", context)
    result = submit(
        form, lambda data: analyses.rerun(analysis, request.user, file=data.get("file"))
    )
    if result.ok:
        messages.success(request, _("The analysis has been run again."))
        return redirect("evidence:analysis", analysis.pk)
    return render(request, "evidence/rerun.html", context, status=result.status)


@login_required
def attach_eds(request, pk):
    analysis = _analysis(request, pk)
    require(request.scope, "evidence.attach")
    source = request.POST if request.method == "POST" else request.GET
    search, period = source.get("q", "").strip()[:100], source.get("year", "").strip()[:20]
    targets = links.eds_targets(request.scope, search=search, period=period)
    form = AttachEdsForm(request.POST or None, targets=targets[:PICKER_LIMIT])
    context = {
        "form": form,
        "analysis": analysis,
        "search": search,
        "period": period,
        "periods": links.eds_periods(request.scope),
        "found": len(targets),
        "limit": PICKER_LIMIT,
        "any_open": bool(targets) or bool(links.eds_targets(request.scope)),
    }
    if request.method != "POST":
        return render(request, "evidence/attach_eds.html", context)
    result = submit(
        form,
        lambda data: links.attach_eds(
            request.scope,
            analysis,
            request.user,
            target=data["target"],
            may_be_published=data["may_be_published"],
        ),
    )
    if result.ok:
        messages.success(request, _("Attached as evidence to the EDS outcome."))
        return redirect("evidence:analysis", analysis.pk)
    return render(request, "evidence/attach_eds.html", context, status=result.status)


@login_required
def attach_idmf(request, pk):
    analysis = _analysis(request, pk)
    require(request.scope, "evidence.attach")
    source = request.POST if request.method == "POST" else request.GET
    search = source.get("q", "").strip()[:100]
    targets = links.idmf_targets(request.scope, search=search)
    form = AttachIdmfForm(request.POST or None, assessments=targets[:PICKER_LIMIT])
    context = {
        "form": form,
        "analysis": analysis,
        "search": search,
        "found": len(targets),
        "limit": PICKER_LIMIT,
        "any_open": bool(targets) or bool(links.idmf_targets(request.scope)),
    }
    if request.method != "POST":
        return render(request, "evidence/attach_idmf.html", context)
    result = submit(
        form,
        lambda data: links.attach_idmf(
            request.scope,
            analysis,
            request.user,
            assessment_pk=data["assessment"],
            note=data["note"],
        ),
    )
    if result.ok:
        messages.success(request, _("Attached as evidence to step 2 of the decision."))
        for warning in narrative.findings([(_("Your note"), form.cleaned_data["note"])]):
            messages.warning(request, warning)  # published with the decision's summary
        return redirect("evidence:analysis", analysis.pk)
    return render(request, "evidence/attach_idmf.html", context, status=result.status)
