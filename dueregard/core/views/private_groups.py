"""The pages every group with private opt-in membership has (staff networks, communities):
the list of groups, what a group's page shows of its membership, joining, leaving, the
list of members for its leaders, appointing a leader and the forms its leaders fill in.

Each app makes one ``GroupPages`` from its ``PrivateGroupService``; the group model's app
label names the rules (``<app>.view``, ``<app>.join``, ``<app>.see_members``), the URL
namespace and the templates' folder, and its model name (``community``) is the group's
name in the URL of its page and in the templates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..form_actions import attempt, submit
from ..permissions import can, require
from ..services.private_groups import PrivateGroupService


@dataclass(frozen=True)
class GroupPages:
    service: PrivateGroupService

    @property
    def app(self) -> str:
        return self.service.group_model._meta.app_label

    @property
    def name(self) -> str:
        return self.service.group_model._meta.model_name

    def load(self, request, pk, rule: str = "view"):
        """The group, in the request's scope (else 404), if ``<app>.<rule>`` allows it."""
        group = request.scope.get_or_404(self.service.group_model, pk=pk)
        require(request.scope, f"{self.app}.{rule}", group)
        return group

    def back(self, group):
        return redirect(f"{self.app}:{self.name}", group.pk)

    def index(self, request, present: Callable, **context):
        """The groups the scope sees: ``present(groups, counts, mine)`` makes the rows."""
        listing = self.service.listing(request.scope, request.user)
        rows = present(listing.groups, listing.counts, listing.mine)
        return render(request, f"{self.app}/index.html", {"rows": rows, **context})

    def page_context(self, request, group) -> dict:
        """What a group's page shows of its membership: its leaders, the member count as
        the viewer may see it (``exact`` for its leaders), whether the viewer is a member
        and may join."""
        standing = self.service.standing(group, request.user)
        return {
            self.name: group,
            self.service.leaders_relation: standing.leaders,
            "members": standing.members,
            "exact": standing.leads,
            "is_member": standing.is_member,
            "can_join": can(request.scope, f"{self.app}.join", group),
        }

    @method_decorator(login_required)
    @method_decorator(require_POST)
    def join(self, request, pk):
        group = self.load(request, pk, "join")
        return self._change(request, group, self.service.join, self.service.joining.joined)

    @method_decorator(login_required)
    @method_decorator(require_POST)
    def leave(self, request, pk):
        group = self.load(request, pk)
        return self._change(request, group, self.service.leave, _("You have left %(name)s."))

    def _change(self, request, group, change: Callable, done: str):
        form = forms.Form(request.POST)
        result = attempt(form, lambda: change(group, request.user))
        if result.ok:
            messages.success(request, done % {"name": group.name})
        else:
            messages.error(request, " ".join(form.non_field_errors()))
        return self.back(group)

    @method_decorator(login_required)
    def members(self, request, pk):
        group = self.load(request, pk, "see_members")
        return render(
            request,
            f"{self.app}/members.html",
            {self.name: group, "members": group.members.select_related("user")},
        )

    def add_leader(self, request, pk, rule: str, form: forms.BaseForm, done: str, page: Callable):
        """POST, if ``<app>.<rule>`` allows it: appoint the person whose e-mail address is
        in ``form``, say so (``done`` has a ``%(name)s`` for their name) and go back; on a
        refusal, the group's page again, ``page(request, group, form, status=400)``."""
        group = self.load(request, pk, rule)
        result = submit(
            form,
            lambda data: self.service.add_leader(
                group, data["email"], actor=request.user, request=request
            ),
        )
        if result.ok:
            messages.success(request, done % {"name": result.value.user.full_name})
            return self.back(group)
        return page(request, group, form, status=400)

    def form_page(
        self, request, group, form: forms.BaseForm, action: Callable, template: str, heading
    ):
        """A form the group's leaders fill in: on a valid POST, ``action(group, data)``,
        "Saved." and back to the group's page; else the form (with its errors, status 400)."""
        if request.method == "POST":
            result = submit(form, lambda data: action(group, data))
            if result.ok:
                messages.success(request, _("Saved."))
                return self.back(group)
        context = {self.name: group, "form": form, "heading": heading}
        return render(request, template, context, status=400 if form.errors else 200)
