"""People in the current organisation (or system): list, invite, withdraw, remove."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ..form_actions import submit
from ..forms import InviteForm
from ..models import Invitation, Membership
from ..permissions import require, requires
from ..presenters import membership_rows
from ..requests import site_url
from ..services import memberships


@login_required
@requires("members.view")
def member_list(request):
    scope = request.scope
    rows = membership_rows(
        scope.query(Membership).active().select_related("user", "organisation", "system")
    )
    invitations = scope.query(Invitation).pending().select_related("organisation", "system")
    return render(request, "core/members.html", {"rows": rows, "invitations": invitations})


@login_required
@requires("members.invite")
@require_http_methods(["GET", "POST"])
def invite(request):
    scope = request.scope
    form = InviteForm(request.POST or None, system_scope=scope.is_system)
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
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
            return redirect("core:members")
    return render(request, "core/invite.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def revoke_invitation(request, pk):
    invitation = request.scope.get_or_404(Invitation, pk=pk)
    require(request.scope, "members.invite")
    try:
        memberships.revoke_invitation(invitation, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"The invitation for {invitation.email} was withdrawn.")
    return redirect("core:members")


@login_required
@require_http_methods(["GET", "POST"])
def end_membership(request, pk):
    membership = request.scope.get_or_404(Membership, pk=pk)
    require(request.scope, "members.change", membership)
    if request.method == "POST":
        memberships.end_membership(membership, actor=request.user, request=request)
        messages.success(request, f"{membership.user} no longer has the role here.")
        return redirect("core:members")
    return render(request, "core/end_membership.html", {"membership": membership})
