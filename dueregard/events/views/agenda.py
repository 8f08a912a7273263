"""The agenda of a network development day: organisers add sessions, speakers and
breakout rooms; everyone who may book sees it on the session page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_actions import attempt, submit
from dueregard.core.permissions import require

from ..forms import AgendaItemForm
from ..models import AgendaItem, Session
from ..services import network_days


@login_required
@require_http_methods(["GET", "POST"])
def agenda(request, pk):
    session = request.scope.get_or_404(Session, pk=pk)
    require(request.scope, "events.manage", session.series)
    form = AgendaItemForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: network_days.add_agenda_item(
                session, actor=request.user, request=request, **data
            ),
        )
        if result.ok:
            messages.success(request, _("Added to the agenda."))
            return redirect("events:agenda", session.pk)
    return render(
        request,
        "events/agenda.html",
        {
            "session": session,
            "series": session.series,
            "form": form,
            "slots": network_days.agenda_slots(session),
            "by_organisation": network_days.places_by_organisation(session.series),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def agenda_remove(request, pk):
    item = request.scope.get_or_404(AgendaItem, pk=pk)
    require(request.scope, "events.manage", item.session.series)
    session = item.session
    attempt(
        forms.Form(),
        lambda: network_days.remove_agenda_item(item, actor=request.user, request=request),
    )
    messages.success(request, _("Removed from the agenda."))
    return redirect("events:agenda", session.pk)
