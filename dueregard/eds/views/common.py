"""What every EDS view starts with."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from dueregard.core.form_actions import submit
from dueregard.core.permissions import require

from ..forms import ConfirmForm
from ..models import Assessment
from ..services.visibility import visible_assessments


def load_assessment(request, pk) -> Assessment:
    """The assessment, if the viewer may open it (panel members do not see drafts)."""
    require(request.scope, "eds.view")
    assessment = visible_assessments(request.scope).filter(pk=pk).first()
    if assessment is None:
        raise Http404("No such assessment here.")
    return assessment


def with_service(url: str, service) -> str:
    return url + (f"?service={service.pk}" if service else "")


def confirm_removal(request, assessment, *, remove, what, consequence, back, done_message):
    """The one way an EDS page removes something: GET asks, a POST without the box ticked
    re-asks with an error (400), a ticked POST calls ``remove()`` and goes ``back``."""
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        done = submit(form, lambda data: remove())
        if done.ok:
            messages.success(request, done_message)
            return redirect(back)
    return render(
        request,
        "eds/confirm_remove.html",
        {
            "form": form,
            "assessment": assessment,
            "what": what,
            "consequence": consequence,
            "back": back,
        },
        status=400 if form.errors else 200,
    )
