"""Importing a published report: upload (the file is stored and read in a background job),
review (each error acknowledged one by one), and confirm. Nothing is saved until the
person confirms; the review is the one the job stored, never a new reading of the file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dueregard.background import jobs
from dueregard.core.form_actions import submit
from dueregard.core.permissions import requires

from ..forms import ImportConfirmForm, ImportForm
from ..models import ReportImport
from ..services import assessments, import_jobs, importing

IMPORT_SESSION_KEY = "eds_import"


@login_required
@requires("eds.manage")
@require_http_methods(["GET", "POST"])
def import_report(request):
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        framework_choices=assessments.framework_choices(),
    )
    if request.method == "POST":
        done = submit(
            form,
            lambda data: import_jobs.start(
                request.scope,
                request.user,
                data["report"],
                framework_code=data["framework"],
                period=data["period"],
            ),
        )
        if done.ok:
            request.session[IMPORT_SESSION_KEY] = done.value.pk
            return redirect("eds:import-review")
    return render(request, "eds/import.html", {"form": form}, status=400 if form.errors else 200)


def _pending_import(request) -> ReportImport | None:
    """The person's import in this scope, not yet saved."""
    pk = request.session.get(IMPORT_SESSION_KEY)
    if not isinstance(pk, int):
        return None
    return (
        ReportImport.in_scope(request.scope)
        .filter(pk=pk, created_by=request.user)
        .exclude(status=ReportImport.Status.IMPORTED)
        .first()
    )


def _render_waiting(request, record, job, status=200):
    return render(
        request,
        "eds/import_waiting.html",
        {
            "record": record,
            "job_note": jobs.waiting_note(job),
            "can_retry": import_jobs.can_retry(record),
        },
        status=status,
    )


def _render_review(request, record, result, form, status=200):
    return render(
        request,
        "eds/import_review.html",
        {
            "parsed": result.parsed,
            "problems": result.problems,
            "framework": result.framework,
            "by_service": result.by_service,
            "filename": record.filename,
            "graded": sum(1 for o in result.parsed.outcomes if o.grade),
            "form": form,
        },
        status=status,
    )


@login_required
@requires("eds.manage")
@require_http_methods(["GET", "POST"])
def import_review(request):
    """The stored review; while the file is being read, or when it could not be, what is
    happening (queued, waiting for a worker, or failed with the limit named) and a retry."""
    record = _pending_import(request)
    if record is None:
        messages.error(request, _("Upload the report first."))
        return redirect("eds:import")
    if request.method == "POST":  # try reading the kept file again
        try:
            import_jobs.retry(record)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        return redirect("eds:import-review")
    record, job = import_jobs.state(record)
    if record.status != ReportImport.Status.READY:
        return _render_waiting(request, record, job)
    result = importing.stored_review(record.result, record.framework_code)
    return _render_review(request, record, result, ImportConfirmForm(review=result))


@login_required
@requires("eds.manage")
@require_http_methods(["GET"])
def import_status(request):
    """The waiting page's poll: what the job is doing, and whether it has finished (read
    or refused), so the page can reload itself instead of asking to be checked."""
    record = _pending_import(request)
    if record is None:
        return JsonResponse({"label": _("Upload the report first."), "done": True})
    record, job = import_jobs.state(record)
    return JsonResponse(
        {
            "status": record.status,
            "label": jobs.waiting_note(job) or str(record.get_status_display()),
            "progress": None,
            "done": record.status != ReportImport.Status.READING,
        }
    )


@login_required
@requires("eds.manage")
@require_http_methods(["POST"])
def import_confirm(request):
    record = _pending_import(request)
    if record is None:
        messages.error(request, _("Upload the report first."))
        return redirect("eds:import")
    if record.status != ReportImport.Status.READY:
        return redirect("eds:import-review")
    result = importing.stored_review(record.result, record.framework_code)
    form = ImportConfirmForm(request.POST, review=result)
    done = submit(
        form,
        lambda data: import_jobs.confirm(record, request.scope, request.user, data["acknowledged"]),
    )
    if not done.ok:
        return _render_review(request, record, result, form, status=400)
    del request.session[IMPORT_SESSION_KEY]
    messages.success(
        request, _("Report imported. Run the checks, then sign it off and publish it.")
    )
    return redirect("eds:detail", pk=done.value.pk)
