"""People in the current organisation (or system): list, invite, withdraw, remove."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..form_actions import attempt, submit
from ..forms import InviteForm
from ..models import Invitation, Membership
from ..permissions import require, requires
from ..presenters import membership_rows
from ..requests import site_url
from ..services import memberships, people
from ..signin_forms import ConfirmForm


@login_required
@requires("members.view")
def member_list(request):
    scope = request.scope
    rows = membership_rows(
        scope.query(Membership)
        .filter(is_active=True)
        .select_related("user", "organisation", "system")
    )
    invitations = scope.query(Invitation).pending().select_related("organisation", "system")
    return render(request, "core/members.html", {"rows": rows, "invitations": invitations})


def _invite_form(request, data=None):
    scope = request.scope
    form = InviteForm(data, system_scope=scope.is_system)
    allowed = people.grantable_roles(
        request.user,
        organisation=scope.organisation,
        system=scope.system if scope.is_system else None,
    )
    form.fields["role"].choices = [c for c in form.fields["role"].choices if c[0] in allowed]
    return form


@login_required
@requires("members.invite")
@require_http_methods(["GET", "POST"])
def invite(request):
    scope = request.scope
    form = _invite_form(request, request.POST or None)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: memberships.invite(
                actor=request.user,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                organisation=scope.organisation,
                system=scope.system if scope.is_system else None,
                base_url=site_url(request),
                request=request,
            ),
        )
        if result.ok:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("core:members")
        return render(request, "core/invite.html", {"form": form}, status=result.status)
    return render(request, "core/invite.html", {"form": form})


@login_required
@require_POST
def revoke_invitation(request, pk):
    invitation = request.scope.get_or_404(Invitation, pk=pk)
    require(request.scope, "members.invite")
    form = ConfirmForm(request.POST)
    result = attempt(
        form,
        lambda: memberships.revoke_invitation(invitation, actor=request.user, request=request),
    )
    if result.ok:
        messages.success(
            request, _("The invitation for %(email)s was withdrawn.") % {"email": invitation.email}
        )
    else:
        messages.error(request, " ".join(form.non_field_errors()))
    return redirect("core:members")


@login_required
@require_http_methods(["GET", "POST"])
def end_membership(request, pk):
    membership = request.scope.get_or_404(Membership, pk=pk)
    require(request.scope, "members.change", membership)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        result = attempt(
            form,
            lambda: memberships.end_membership(membership, actor=request.user, request=request),
        )
        if result.ok:
            messages.success(
                request, _("%(name)s no longer has the role here.") % {"name": membership.user}
            )
            return redirect("core:members")
        return render(
            request,
            "core/end_membership.html",
            {"membership": membership, "form": form},
            status=result.status,
        )
    return render(request, "core/end_membership.html", {"membership": membership, "form": form})
