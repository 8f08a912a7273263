"""Importing a published report: upload, review (each error acknowledged one by one), and
confirm. Nothing is saved until the person confirms; the text waits in the session."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dueregard.core.form_actions import submit
from dueregard.core.permissions import requires

from ..forms import ImportConfirmForm, ImportForm
from ..services import assessments, importing

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
        done = submit(form, lambda data: importing.read_upload(data["report"], data["framework"]))
        if done.ok:
            request.session[IMPORT_SESSION_KEY] = {
                "text": done.value,
                "framework": form.cleaned_data["framework"],
                "period": form.cleaned_data["period"],
                "filename": form.cleaned_data["report"].name,
                "scope": request.scope.key,
            }
            return redirect("eds:import-review")
    return render(request, "eds/import.html", {"form": form}, status=400 if form.errors else 200)


def _pending_import(request):
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending or pending.get("scope") != request.scope.key:
        return None
    return pending


def _review(request, pending):
    return importing.review(
        pending["text"], pending["framework"], request.scope, pending["filename"]
    )


def _render_review(request, pending, result, form, status=200):
    return render(
        request,
        "eds/import_review.html",
        {
            "parsed": result.parsed,
            "problems": result.problems,
            "framework": result.framework,
            "by_service": result.by_service,
            "filename": pending["filename"],
            "graded": sum(1 for o in result.parsed.outcomes if o.grade),
            "form": form,
        },
        status=status,
    )


@login_required
@requires("eds.manage")
def import_review(request):
    pending = _pending_import(request)
    if pending is None:
        messages.error(request, _("Upload the report first."))
        return redirect("eds:import")
    result = _review(request, pending)
    return _render_review(request, pending, result, ImportConfirmForm(review=result))


@login_required
@requires("eds.manage")
@require_http_methods(["POST"])
def import_confirm(request):
    pending = _pending_import(request)
    if pending is None:
        messages.error(request, _("Upload the report first."))
        return redirect("eds:import")
    result = _review(request, pending)
    form = ImportConfirmForm(request.POST, review=result)
    done = submit(
        form,
        lambda data: importing.confirm(
            request.scope,
            request.user,
            text=pending["text"],
            framework_code=pending["framework"],
            period=pending["period"],
            filename=pending["filename"],
            acknowledged=data["acknowledged"],
        ),
    )
    if not done.ok:
        return _render_review(request, pending, result, form, status=400)
    del request.session[IMPORT_SESSION_KEY]
    messages.success(
        request, _("Report imported. Run the checks, then sign it off and publish it.")
    )
    return redirect("eds:detail", pk=done.value.pk)
