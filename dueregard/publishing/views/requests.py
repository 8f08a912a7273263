"""Request a published page in another format (public), and the EDI lead's list of requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dueregard.core.form_actions import submit
from dueregard.core.permissions import requires

from .. import presenters, published
from ..forms import FormatRequestForm, ReplyForm
from ..models import FormatRequest
from ..services import format_contacts, format_requests


def _page(kind, slug) -> published.PublishedPage:
    page = published.find(kind, slug)
    if page is None:
        raise Http404("No published page here.")
    return page


@require_http_methods(["GET", "POST"])
def request_format(request, kind, slug):
    page = _page(kind, slug)
    form = FormatRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        result = submit(form, lambda data: format_requests.create(kind, slug, page, data))
        if result.ok:
            return redirect("publishing:request-sent", kind=kind, slug=slug)
    context = {"form": form, "page": page, "contact": format_contacts.for_page(page)}
    status = 400 if form.errors else 200
    return render(request, "publishing/request_format.html", context, status=status)


def request_sent(request, kind, slug):
    page = _page(kind, slug)
    context = {"page": page, "contact": format_contacts.for_page(page)}
    return render(request, "publishing/request_sent.html", context)


@login_required
@requires("publishing.format_requests")
def requests_list(request):
    rows = request.scope.query(FormatRequest)
    return render(
        request, "publishing/format_requests.html", {"rows": presenters.request_rows(rows)}
    )


@login_required
@requires("publishing.format_requests")
@require_http_methods(["GET", "POST"])
def request_detail(request, pk):
    req = request.scope.get_or_404(FormatRequest, pk=pk)
    form = ReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        result = submit(
            form, lambda data: format_requests.mark_replied(request.user, req, data["reply_note"])
        )
        if result.ok:
            messages.success(request, _("Request marked as replied."))
            return redirect("publishing:requests")
    status = 400 if form.errors else 200
    return render(
        request, "publishing/format_request.html", {"req": req, "form": form}, status=status
    )
