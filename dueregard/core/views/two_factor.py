"""Two-factor sign-in: set up an authenticator app or a passkey, use one, recovery codes.

The passkey ceremonies are django-otp-webauthn's views; the subclasses here only add the
audit records (a passkey added, a passkey used)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp_webauthn import views as webauthn_views

from ..form_actions import attempt, submit
from ..services import two_factor
from ..signin_forms import AppCodeForm, CodeForm, ConfirmForm
from .auth import _safe_next


def _webauthn_config(request):
    from django.middleware.csrf import get_token

    return {
        "autocompleteLoginFieldSelector": None,
        "nextFieldSelector": "input[name='next']",
        "csrfToken": get_token(request),
        "beginAuthenticationUrl": reverse("core:webauthn-auth-begin"),
        "completeAuthenticationUrl": reverse("core:webauthn-auth-complete"),
        "beginRegistrationUrl": reverse("core:webauthn-register-begin"),
        "completeRegistrationUrl": reverse("core:webauthn-register-complete"),
    }


@login_required
def overview(request):
    user = request.user
    return render(
        request,
        "core/two_factor.html",
        {
            "methods": two_factor.methods(user),
            "required": two_factor.required_for(user),
            "verified": two_factor.session_is_verified(request),
            "next": _safe_next(request, ""),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def set_up_app(request):
    device = two_factor.pending_app(request.user)
    form = AppCodeForm(request.POST or None)
    if request.method == "POST":
        result = submit(form, lambda data: two_factor.confirm_app(request, device, data["code"]))
        if result.ok:
            return render(
                request,
                "core/recovery_codes.html",
                {"codes": result.value, "next": _safe_next(request, ""), "new_app": True},
            )
        status = result.status
    else:
        status = 200
    return render(
        request,
        "core/two_factor_app.html",
        {
            "form": form,
            "qr": two_factor.qr_code_svg(device),
            "secret": two_factor.secret_for_typing(device),
            "next": _safe_next(request, ""),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        result = submit(form, lambda data: two_factor.verify(request, data["code"]))
        if result.ok:
            return redirect(_safe_next(request))
        status = result.status
    else:
        status = 200
    methods = two_factor.methods(request.user)
    return render(
        request,
        "core/two_factor_verify.html",
        {
            "form": form,
            "methods": methods,
            "webauthn_config": _webauthn_config(request) if methods["passkeys"] else None,
            "next": _safe_next(request, ""),
        },
        status=status,
    )


@login_required
@require_POST
def recovery_codes(request):
    if not two_factor.session_is_verified(request) or not two_factor.has_device(request.user):
        messages.error(request, _("Use your second factor first, then make new recovery codes."))
        return redirect("core:two-factor")
    codes = two_factor.new_recovery_codes(request, request.user)
    return render(
        request, "core/recovery_codes.html", {"codes": codes, "next": "", "new_app": False}
    )


@login_required
def passkey(request):
    return render(
        request,
        "core/two_factor_passkey.html",
        {"webauthn_config": _webauthn_config(request), "next": _safe_next(request, "")},
    )


@login_required
@require_POST
def turn_off(request):
    form = ConfirmForm(request.POST)
    result = attempt(form, lambda: two_factor.remove_all(request, request.user))
    if result.ok:
        messages.success(request, _("Two-factor sign-in is off."))
    else:
        messages.error(request, " ".join(e for e in form.non_field_errors()))
    return redirect("core:two-factor")


class PasskeyRegisterBegin(webauthn_views.BeginCredentialRegistrationView):
    pass


class PasskeyRegisterComplete(webauthn_views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            device = two_factor.passkey_by_id(self.request.user, response)
            if device is not None:
                two_factor.record_passkey(self.request, device, "user.two_factor_added")
        return response


class PasskeyAuthBegin(webauthn_views.BeginCredentialAuthenticationView):
    pass


class PasskeyAuthComplete(webauthn_views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        super().complete_auth(device)
        two_factor.record_passkey(self.request, device, "user.two_factor_verified")
