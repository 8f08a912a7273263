"""Sign in, sign out, password reset and invitation acceptance."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from ..forms import AcceptInvitationForm, NewPasswordForm, PasswordResetRequestForm, SignInForm
from ..requests import site_url
from ..services import accounts, memberships


def _safe_next(request, default="core:home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = accounts.sign_in(request, form.cleaned_data["email"], form.cleaned_data["password"])
        if user is not None:
            return redirect(_safe_next(request))
        form.add_error(
            None,
            "The e-mail address or password is not right. Check them and try again. "
            "After 5 wrong attempts you will have to wait 15 minutes.",
        )
    status = 400 if form.errors else 200
    return render(
        request, "core/sign_in.html", {"form": form, "next": _safe_next(request, "")}, status=status
    )


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes calls this when an e-mail address and IP pair is locked out."""
    return render(request, "core/locked_out.html", status=429)


@require_http_methods(["GET", "POST"])
def sign_out(request):
    if request.method == "POST":
        accounts.sign_out(request)
        messages.success(request, "You have signed out.")
        return redirect("core:home")
    if not request.user.is_authenticated:
        return redirect("core:home")
    return render(request, "core/sign_out.html")


@require_http_methods(["GET", "POST"])
def password_reset(request):
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accounts.request_password_reset(form.cleaned_data["email"], site_url(request))
        return render(
            request, "core/password_reset_sent.html", {"email": form.cleaned_data["email"]}
        )
    return render(
        request, "core/password_reset.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request, uidb64, token):
    user = accounts.user_for_reset(uidb64, token)
    if user is None:
        return render(request, "core/password_reset_invalid.html", status=400)
    form = NewPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        accounts.set_password(user, form.cleaned_data["password1"], request=request)
        messages.success(request, "Your password has been changed. You can now sign in.")
        return redirect("core:sign-in")
    return render(
        request,
        "core/password_reset_confirm.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


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
        else AcceptInvitationForm(request.POST or None, initial={"full_name": invitation.full_name})
    )
    if request.method == "POST" and (signed_in or form.is_valid()):
        try:
            if signed_in:
                memberships.accept_invitation(token, user=request.user)
            else:
                membership = memberships.accept_invitation(
                    token,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                )
                accounts.complete_sign_in(
                    request, membership.user, "django.contrib.auth.backends.ModelBackend"
                )
        except memberships.InvitationError as exc:
            return render(request, "core/invitation_invalid.html", {"reason": str(exc)}, status=400)
        messages.success(request, f"You have joined {invitation.place}.")
        return redirect("core:home")
    return render(
        request,
        "core/accept_invitation.html",
        {"invitation": invitation, "form": form},
        status=400 if form is not None and form.errors else 200,
    )
