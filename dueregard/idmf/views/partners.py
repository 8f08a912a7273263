"""Partner co-authors from outside the system: invite by e-mail, withdraw; and how the
pages a partner may use find the decision (``reach``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_actions import submit
from dueregard.core.permissions import can, require

from ..forms import PartnerForm
from ..models import Comment, Decision, PartnerAccess
from ..services import partners


def reach(request, pk, permission: str = "idmf.edit") -> tuple[Decision, bool]:
    """The decision, and whether the user reaches it as an invited partner.

    Through the scope first; a partner from outside the system (empty scope) reaches it
    only by live access, and only to view and edit: nothing else.
    """
    scope = request.scope
    try:
        decision = scope.get_or_404(Decision, pk=pk)
    except Http404:
        decision = None
    if decision is not None and can(scope, permission, decision):
        return decision, False
    access = partners.live_access(request.user, pk)
    if access is not None and permission in ("idmf.view", "idmf.edit"):
        return access.decision, True
    if decision is None:
        raise Http404("No decision here.")
    raise PermissionDenied


def reach_comment(request, pk) -> Comment:
    scope = request.scope
    try:
        comment = scope.get_or_404(Comment, pk=pk)
    except Http404:
        comment = partners.comment_for(request.user, pk)
        if comment is None:
            raise
        return comment
    require(scope, "idmf.edit", comment.assessment.decision)
    return comment


@login_required
@require_http_methods(["GET", "POST"])
def partner_list(request, pk):
    scope = request.scope
    decision = scope.get_or_404(Decision, pk=pk)
    require(scope, "idmf.coauthors", decision)
    form = PartnerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: partners.invite(decision, actor=request.user, request=request, **data),
        )
        if result.ok:
            messages.success(
                request,
                gettext("%(name)s is invited: they have been e-mailed a sign-in link.")
                % {"name": result.value.user},
            )
            return redirect("idmf:partners", decision.pk)
    return render(
        request,
        "idmf/partners.html",
        {
            "form": form,
            "decision": decision,
            "rows": list(decision.partners.select_related("user", "invited_by")),
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def revoke_partner(request, pk):
    scope = request.scope
    access = scope.get_or_404(PartnerAccess, pk=pk)
    decision = access.decision
    require(scope, "idmf.coauthors", decision)
    try:
        partners.revoke(access, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request, gettext("%(name)s can no longer reach it.") % {"name": access.user}
        )
    return redirect("idmf:partners", decision.pk)
