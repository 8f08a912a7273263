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

from . import presenters
from .forms import AffiliationForm, ChairForm, MeetingForm, NetworkForm
from .models import Chair, Member, Network
from .services import networks as service


def _network(request, pk, rule="networks.view") -> Network:
    network = request.scope.get_or_404(Network, pk=pk)
    require(request.scope, rule, network)
    return network


@login_required
@requires("networks.view")
def index(request):
    scope = request.scope
    rows = list(
        scope.query(Network)
        .select_related("organisation", "system")
        .prefetch_related("chairs__user")
    )
    chaired = {n.pk for n in rows if any(c.user_id == request.user.pk for c in n.chairs.all())}
    mine = set(scope.query(Member).filter(user=request.user).values_list("network_id", flat=True))
    counts = service.member_counts(rows, exact_for=chaired)
    return render(
        request,
        "networks/index.html",
        {
            "rows": presenters.register_rows(rows, counts, mine),
            "can_register": can(scope, "networks.register"),
        },
    )


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


def _detail(request, network, *, chair_form=None, status=200):
    scope = request.scope
    chairs = list(network.chairs.select_related("user"))
    is_chair = any(c.user_id == request.user.pk for c in chairs)
    counts = service.member_counts([network], exact_for={network.pk} if is_chair else ())
    return render(
        request,
        "networks/network.html",
        {
            "network": network,
            "belongs_to": presenters.belongs_to(network),
            "budget": presenters.budget(network),
            "chairs": chairs,
            "members": counts[network.pk],
            "exact": is_chair,
            "is_member": network.members.filter(user=request.user).exists(),
            "can_register": can(scope, "networks.register", network),
            "can_lead": can(scope, "networks.lead", network),
            "can_see_members": can(scope, "networks.see_members", network),
            "can_join": can(scope, "networks.join", network),
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
    network = _network(request, pk, "networks.register")
    form = ChairForm(request.POST)
    result = submit(
        form,
        lambda data: service.appoint_chair(
            network, data["email"], actor=request.user, request=request
        ),
    )
    if result.ok:
        messages.success(
            request, _("%(name)s now chairs the network.") % {"name": result.value.user.full_name}
        )
        return redirect("networks:network", network.pk)
    return _detail(request, network, chair_form=form, status=400)


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


@login_required
@require_POST
def join(request, pk):
    network = _network(request, pk, "networks.join")
    form = forms.Form(request.POST)
    result = attempt(form, lambda: service.join(network, request.user))
    if result.ok:
        messages.success(
            request,
            _("You have joined %(name)s. Only the network's chairs can see that you are a member.")
            % {"name": network.name},
        )
    else:
        messages.error(request, " ".join(form.non_field_errors()))
    return redirect("networks:network", network.pk)


@login_required
@require_POST
def leave(request, pk):
    network = _network(request, pk)
    form = forms.Form(request.POST)
    result = attempt(form, lambda: service.leave(network, request.user))
    if result.ok:
        messages.success(request, _("You have left %(name)s.") % {"name": network.name})
    else:
        messages.error(request, " ".join(form.non_field_errors()))
    return redirect("networks:network", network.pk)


@login_required
def members(request, pk):
    network = _network(request, pk, "networks.see_members")
    return render(
        request,
        "networks/members.html",
        {"network": network, "members": network.members.select_related("user")},
    )


def _lead_form(request, pk, form_class, action, template, title):
    network = _network(request, pk, "networks.lead")
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        result = submit(
            form, lambda data: action(network, actor=request.user, request=request, **data)
        )
        if result.ok:
            messages.success(request, _("Saved."))
            return redirect("networks:network", network.pk)
    context = {"network": network, "form": form, "heading": title}
    return render(request, template, context, status=400 if form.errors else 200)


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
