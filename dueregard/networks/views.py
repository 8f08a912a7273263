"""Staff networks: the register, a network's page, chairs, membership, groups, meetings.

Each view loads through ``request.scope``, authorises with a named rule, calls one
service and renders.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_actions import attempt, submit
from dueregard.core.permissions import can, require, requires
from dueregard.core.views import private_groups

from . import presenters
from .forms import AffiliationForm, ChairForm, MeetingForm, NetworkForm
from .models import Chair
from .services import networks as service

PAGES = private_groups.GroupPages(service.GROUPS)
join, leave, members = PAGES.join, PAGES.leave, PAGES.members
_network = PAGES.load


@login_required
@requires("networks.view")
def index(request):
    can_register = can(request.scope, "networks.register")
    return PAGES.index(request, presenters.register_rows, can_register=can_register)


@login_required
@requires("networks.register")
@require_http_methods(["GET", "POST"])
def network_create(request):
    form = NetworkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: service.create_network(
                request.scope, actor=request.user, request=request, **data
            ),
        )
        if result.ok:
            messages.success(request, _("%(name)s is on the register.") % {"name": result.value})
            return redirect("networks:network", result.value.pk)
        return render(request, "networks/network_form.html", {"form": form}, status=400)
    return render(request, "networks/network_form.html", {"form": form})


def _detail(request, network, chair_form=None, *, status=200):
    scope = request.scope
    return render(
        request,
        "networks/network.html",
        {
            **PAGES.page_context(request, network),
            "belongs_to": presenters.belongs_to(network),
            "budget": presenters.budget(network),
            "can_register": can(scope, "networks.register", network),
            "can_lead": can(scope, "networks.lead", network),
            "can_see_members": can(scope, "networks.see_members", network),
            "chair_form": chair_form or ChairForm(),
            "affiliations": network.affiliations.all(),
            "meetings": network.meetings.all()[:10],
            "form": chair_form,
        },
        status=status,
    )


@login_required
def network_detail(request, pk):
    return _detail(request, _network(request, pk))


@login_required
@require_POST
def chair_add(request, pk):
    form = ChairForm(request.POST)
    done = _("%(name)s now chairs the network.")
    return PAGES.add_leader(request, pk, "register", form, done, _detail)


@login_required
@require_POST
def chair_remove(request, pk):
    chair = request.scope.get_or_404(Chair, pk=pk)
    network = chair.network
    require(request.scope, "networks.register", network)
    form = forms.Form(request.POST)
    result = attempt(form, lambda: service.remove_chair(chair, actor=request.user, request=request))
    if result.ok:
        messages.success(request, _("The chair has stood down."))
    else:
        messages.error(request, " ".join(form.non_field_errors()))
    return redirect("networks:network", network.pk)


def _lead_form(request, pk, form_class, action, template, title):
    network = _network(request, pk, "lead")
    form = form_class(request.POST if request.method == "POST" else None)
    return PAGES.form_page(
        request,
        network,
        form,
        lambda network, data: action(network, actor=request.user, request=request, **data),
        template,
        title,
    )


@login_required
@require_http_methods(["GET", "POST"])
def affiliation_add(request, pk):
    return _lead_form(
        request,
        pk,
        AffiliationForm,
        service.add_affiliation,
        "networks/lead_form.html",
        _("Add a regional or national group"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_add(request, pk):
    return _lead_form(
        request,
        pk,
        MeetingForm,
        service.record_meeting,
        "networks/lead_form.html",
        _("Record a meeting"),
    )
