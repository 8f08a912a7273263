"""Signing in with an e-mailed link (people without an NHS account)."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ..form_actions import attempt, submit
from ..requests import site_url
from ..services import sign_in_links
from ..signin_forms import ConfirmForm, SignInLinkForm
from .auth import _safe_next


@require_http_methods(["GET", "POST"])
def request_link(request):
    """Ask for a sign-in link (also where a used or expired link sends people)."""
    form = SignInLinkForm(request.POST or None)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: sign_in_links.send_link(
                data["email"], site_url(request), next_url=_safe_next(request, ""), request=request
            ),
        )
        if result.ok:
            return render(request, "core/link_sent.html", {"email": form.cleaned_data["email"]})
        return render(
            request,
            "core/link_request.html",
            {"form": form, "next": _safe_next(request, "")},
            status=result.status,
        )
    return render(
        request, "core/link_request.html", {"form": form, "next": _safe_next(request, "")}
    )


@require_http_methods(["GET", "POST"])
def link_sign_in(request):
    """GET shows a button (so that e-mail scanners opening the link do not use it up);
    POST signs in with the link's token."""
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        result = attempt(form, lambda: sign_in_links.sign_in_with(request))
        if result.ok and result.value is not None:
            return redirect(_safe_next(request))
        return render(request, "core/link_invalid.html", {"form": SignInLinkForm()}, status=400)
    return render(request, "core/link_sign_in.html", {"next": _safe_next(request, "")})
