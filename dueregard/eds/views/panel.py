"""The panel's local interests: a staff network named as one (issue 19, ADR 0046)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dueregard.core.form_actions import submit
from dueregard.core.permissions import require

from ..forms import LocalInterestForm
from ..models import LocalInterest
from ..services import local_interests
from .common import confirm_removal, load_assessment


@login_required
@require_http_methods(["GET", "POST"])
def add_local_interest(request, pk):
    assessment = load_assessment(request, pk)
    require(request.scope, "eds.change", assessment)
    form = LocalInterestForm(
        request.POST or None, networks=local_interests.unnamed_networks(assessment)
    )
    if request.method == "POST":
        done = submit(
            form,
            lambda data: local_interests.name_network(
                assessment, data["network"], request.user, request=request
            ),
        )
        if done.ok:
            messages.success(
                request, _("%(name)s is on the panel as a local interest.") % {"name": done.value}
            )
            return redirect("eds:detail", pk=pk)
    return render(
        request,
        "eds/local_interest_form.html",
        {"form": form, "assessment": assessment},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def remove_local_interest(request, pk, interest_pk):
    assessment = load_assessment(request, pk)
    interest = request.scope.get_or_404(LocalInterest, pk=interest_pk, assessment=assessment)
    require(request.scope, "eds.change", assessment)
    return confirm_removal(
        request,
        assessment,
        remove=lambda: local_interests.remove(interest, request.user, request=request),
        what=_("the local interest \u201c%s\u201d") % interest.name,
        consequence=_("The panel and the report will no longer name it."),
        back=reverse("eds:detail", args=[pk]),
        done_message=_("%(name)s is no longer on the panel.") % {"name": interest.name},
    )
