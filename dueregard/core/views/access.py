"""The access review of an organisation: who holds which role, CSV export, sign-off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..form_actions import submit
from ..models import Organisation
from ..permissions import require
from ..services import access_review
from ..signin_forms import AccessReviewForm


def _load(request, pk):
    organisation = request.scope.get_or_404(Organisation, pk=pk)
    require(request.scope, "access.review")
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk):
    organisation = _load(request, pk)
    form = AccessReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        result = submit(
            form,
            lambda data: access_review.sign_off(
                organisation, actor=request.user, notes=data["notes"], request=request
            ),
        )
        if result.ok:
            messages.success(request, _("The access review is signed off."))
            return redirect("core:access-review", organisation.pk)
        status = result.status
    return render(
        request,
        "core/access_review.html",
        {
            "organisation": organisation,
            "rows": access_review.rows(organisation),
            "last": access_review.last_review(organisation),
            "next_due": access_review.next_due(organisation),
            "form": form,
        },
        status=status,
    )


@login_required
def review_csv(request, pk):
    organisation = _load(request, pk)
    access_review.record_export(organisation, actor=request.user, request=request)
    response = HttpResponse(
        access_review.csv_bytes(organisation), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="access-review-{organisation.ods_code}.csv"'
    )
    return response
