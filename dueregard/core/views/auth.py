"""Sign in, sign out, password reset and invitation acceptance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..form_actions import submit
from ..forms import NewPasswordForm, PasswordResetRequestForm, SignInForm
from ..requests import site_url
from ..services import accounts, memberships, oidc
from ..signin_forms import AcceptInvitationWithChoiceForm, SingleSignOnForm


def _safe_next(request, default="core:home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _sign_in_page(request, form, sso_form, status):
    return render(
        request,
        "core/sign_in.html",
        {
            "form": form,
            "sso_form": sso_form,
            "providers": oidc.buttons(),
            "next": _safe_next(request, ""),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignInForm(request.POST or None)
    if request.method == "POST":

        def password_sign_in(data):
            if accounts.sign_in(request, data["email"], data["password"]) is None:
                raise ValidationError(
                    _(
                        "The e-mail address or password is not right. Check them and try again. "
                        "After 5 wrong attempts you will have to wait 15 minutes."
                    )
                )

        result = submit(form, password_sign_in)
        if result.ok:
            return redirect(_safe_next(request))
        return _sign_in_page(request, form, SingleSignOnForm(), result.status)
    return _sign_in_page(request, form, SingleSignOnForm(), 200)


@require_POST
def sign_in_sso(request):
    """E-mail domain → the organisation's identity provider."""
    form = SingleSignOnForm(request.POST)

    def find(data):
        provider = oidc.provider_for_email(data["email"])
        if provider is None:
            raise ValidationError(
                {
                    "email": _(
                        "Your organisation does not use single sign-on here. Sign in with your "
                        "password, or ask for a sign-in link."
                    )
                }
            )
        return provider

    result = submit(form, find)
    if result.ok:
        url = reverse("core:sso-start", args=[result.value.slug])
        next_url = _safe_next(request, "")
        return redirect(url + (f"?next={next_url}" if next_url else ""))
    return _sign_in_page(request, SignInForm(), form, result.status)


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes calls this when an e-mail address and IP pair is locked out."""
    return render(request, "core/locked_out.html", status=429)


@require_http_methods(["GET", "POST"])
def sign_out(request):
    if request.method == "POST":
        provider_logout = oidc.logout_url(
            request.session, site_url(request) + reverse("core:signed-out")
        )
        accounts.sign_out(request)
        if provider_logout:
            return redirect(provider_logout)
        messages.success(request, _("You have signed out."))
        return redirect("core:home")
    if not request.user.is_authenticated:
        return redirect("core:home")
    return render(request, "core/sign_out.html")


def signed_out(request):
    """Where an identity provider sends the browser back after its own sign-out."""
    messages.success(request, _("You have signed out."))
    return redirect("core:home")


@login_required
@require_POST
def sign_out_everywhere(request):
    accounts.sign_out_everywhere(request)
    messages.success(request, _("You have signed out on every device."))
    return redirect("core:sign-in")


@require_http_methods(["GET", "POST"])
def password_reset(request):
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST":
        result = submit(
            form, lambda data: accounts.request_password_reset(data["email"], site_url(request))
        )
        if result.ok:
            return render(
                request, "core/password_reset_sent.html", {"email": form.cleaned_data["email"]}
            )
        return render(request, "core/password_reset.html", {"form": form}, status=result.status)
    return render(request, "core/password_reset.html", {"form": form})


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request, uidb64, token):
    user = accounts.user_for_reset(uidb64, token)
    if user is None:
        return render(request, "core/password_reset_invalid.html", status=400)
    form = NewPasswordForm(request.POST or None, user=user)
    if request.method == "POST":
        result = submit(
            form, lambda data: accounts.set_password(user, data["password1"], request=request)
        )
        if result.ok:
            messages.success(request, _("Your password has been changed. You can now sign in."))
            return redirect("core:sign-in")
        status = result.status
    else:
        status = 200
    return render(request, "core/password_reset_confirm.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    try:
        invitation = memberships.find_invitation(token)
    except memberships.InvitationError as exc:
        return render(request, "core/invitation_invalid.html", {"reason": str(exc)}, status=400)
    signed_in = request.user.is_authenticated
    form = (
        None
        if signed_in
        else AcceptInvitationWithChoiceForm(
            request.POST or None, initial={"full_name": invitation.full_name}
        )
    )
    status = 200
    if request.method == "POST":
        try:
            if signed_in:
                memberships.accept_invitation(token, user=request.user)
                ok = True
            else:
                result = submit(form, lambda data: _create_account(request, token, data))
                ok, status = result.ok, result.status
        except memberships.InvitationError as exc:
            return render(request, "core/invitation_invalid.html", {"reason": str(exc)}, status=400)
        if ok:
            messages.success(request, _("You have joined %(place)s.") % {"place": invitation.place})
            return redirect(invitation.next_url or "core:home")
    return render(
        request,
        "core/accept_invitation.html",
        {"invitation": invitation, "form": form, "sso": oidc.provider_for_email(invitation.email)},
        status=status,
    )


def _create_account(request, token, data):
    by_link = data["how"] == "link"
    membership = memberships.accept_invitation(
        token,
        full_name=data["full_name"],
        password="" if by_link else data["password1"],
        sign_in_by_link=by_link,
    )
    accounts.complete_sign_in(
        request, membership.user, accounts.PASSWORD_BACKEND, method="invitation"
    )
    return membership
