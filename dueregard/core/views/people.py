"""One person's role here: change it, add a second role, suspend, reinstate, leaver."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..form_actions import attempt, submit
from ..models import Membership
from ..permissions import can, require
from ..services import people
from ..signin_forms import ConfirmForm, RoleForm


def _load(request, pk):
    membership = request.scope.get_or_404(Membership, pk=pk)
    require(request.scope, "members.change", membership)
    return membership


def _roles(request, membership):
    return people.grantable_roles(
        request.user, organisation=membership.organisation, system=membership.system
    )


def _second_form(roles, data=None):
    form = RoleForm(data, roles=roles, prefix="second")
    form.fields["role"].label = _("Second role")
    return form


def _page(request, membership, *, role_form=None, second_form=None, action_form=None, status=200):
    roles = _roles(request, membership)
    others = [r for r in roles if r != membership.role]
    return render(
        request,
        "core/person.html",
        {
            "membership": membership,
            "role_form": role_form or RoleForm(roles=roles, initial={"role": membership.role}),
            "second_form": second_form or _second_form(others),
            "action_form": action_form,
            "can_leaver": can(request.scope, "people.leaver"),
            "can_reset": can(request.scope, "people.reset_two_factor"),
        },
        status=status,
    )


@login_required
def person(request, pk):
    return _page(request, _load(request, pk))


@login_required
@require_POST
def change_role(request, pk):
    membership = _load(request, pk)
    form = RoleForm(request.POST, roles=_roles(request, membership))
    result = submit(
        form,
        lambda d: people.change_role(membership, d["role"], actor=request.user, request=request),
    )
    if result.ok:
        messages.success(request, _("%(name)s's role is changed.") % {"name": membership.user})
        return redirect("core:person", membership.pk)
    return _page(request, membership, role_form=form, status=result.status)


@login_required
@require_POST
def add_role(request, pk):
    membership = _load(request, pk)
    others = [r for r in _roles(request, membership) if r != membership.role]
    form = _second_form(others, request.POST)
    result = submit(
        form, lambda d: people.add_role(membership, d["role"], actor=request.user, request=request)
    )
    if result.ok:
        messages.success(request, _("%(name)s has a second role.") % {"name": membership.user})
        return redirect("core:person", membership.pk)
    return _page(request, membership, second_form=form, status=result.status)


def _action(request, pk, service, done):
    membership = _load(request, pk)
    form = ConfirmForm(request.POST)
    result = attempt(form, lambda: service(membership, actor=request.user, request=request))
    if result.ok:
        messages.success(request, done % {"name": membership.user})
        return redirect("core:person", membership.pk)
    return _page(request, membership, action_form=form, status=result.status)


@login_required
@require_POST
def suspend(request, pk):
    return _action(request, pk, people.suspend, _("%(name)s's role is suspended."))


@login_required
@require_POST
def reinstate(request, pk):
    return _action(request, pk, people.reinstate, _("%(name)s's role is reinstated."))


@login_required
@require_POST
def reset_two_factor(request, pk):
    require(request.scope, "people.reset_two_factor")
    return _action(
        request,
        pk,
        people.reset_two_factor,
        _("%(name)s's two-factor sign-in is reset: they set up a new one when they next sign in."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def leaver(request, pk):
    membership = _load(request, pk)
    require(request.scope, "people.leaver")
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        result = attempt(
            form,
            lambda: people.leaver(
                membership.user, actor=request.user, system=request.scope.system, request=request
            ),
        )
        if result.ok:
            messages.success(
                request,
                _("%(name)s has left: %(count)s roles ended and their sessions signed out.")
                % {"name": membership.user, "count": result.value},
            )
            return redirect("core:members")
        return render(
            request, "core/leaver.html", {"membership": membership, "form": form}, status=400
        )
    return render(request, "core/leaver.html", {"membership": membership, "form": form})
