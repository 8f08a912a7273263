"""Organisers run a programme's life: change it, pause and resume it, close it, open the
evaluation early, and withdraw a participant (their partner is offered a rematch)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_actions import attempt, submit
from dueregard.core.permissions import require
from dueregard.core.requests import site_url

from ..forms import ProgrammeEditForm, WithdrawForm
from ..models import Application, Programme
from ..services import lifecycle


def _managed(request, pk) -> Programme:
    programme = request.scope.get_or_404(Programme, pk=pk)
    require(request.scope, "mentoring.manage", programme)
    return programme


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request, pk):
    programme = _managed(request, pk)
    initial = {name: getattr(programme, name) for name in lifecycle.EDITABLE_FIELDS}
    form = ProgrammeEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: lifecycle.update_programme(
                programme, actor=request.user, request=request, **data
            ),
        )
        if result.ok:
            messages.success(request, _("The programme is saved."))
            return redirect("mentoring:programme", programme.pk)
    return render(
        request,
        "mentoring/programme_edit.html",
        {"form": form, "programme": programme},
        status=400 if form.errors else 200,
    )


def _state_change(request, pk, action, done):
    programme = _managed(request, pk)
    form = forms.Form(request.POST)
    result = attempt(form, lambda: action(programme, actor=request.user, request=request))
    if not result.ok:
        return render(
            request,
            "mentoring/programme_state.html",
            {"form": form, "programme": programme},
            status=result.status,
        )
    messages.success(request, done)
    return redirect("mentoring:programme", programme.pk)


@login_required
@require_POST
def programme_pause(request, pk):
    return _state_change(
        request,
        pk,
        lifecycle.pause,
        _("The programme is paused: no applications, matching or introductions until resumed."),
    )


@login_required
@require_POST
def programme_resume(request, pk):
    return _state_change(request, pk, lifecycle.resume, _("The programme is running again."))


@login_required
@require_POST
def programme_close(request, pk):
    return _state_change(request, pk, lifecycle.close, _("The programme is closed."))


@login_required
@require_POST
def evaluation_open(request, pk):
    return _state_change(
        request, pk, lifecycle.open_evaluation, _("The evaluation is open to every pair.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    application = request.scope.get_or_404(Application, pk=pk)
    programme = application.programme
    require(request.scope, "mentoring.manage", programme)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: lifecycle.withdraw_participant(
                application,
                reason=data["reason"],
                actor=request.user,
                base_url=site_url(request),
                request=request,
            ),
        )
        if result.ok:
            if result.value:
                messages.success(
                    request,
                    _(
                        "%(name)s has left the programme. Their partner has been offered a new "
                        "match: review it below, accept it and send the introduction."
                    )
                    % {"name": application.name},
                )
            else:
                messages.success(
                    request,
                    _(
                        "%(name)s has left the programme. Nobody suitable was free for a "
                        "rematch; their partner has been told."
                    )
                    % {"name": application.name},
                )
            return redirect("mentoring:pairs", programme.pk)
    pairs = programme.partnerships.filter(
        status__in=["proposed", "accepted", "active"]
    ).select_related("leader__user", "partner__user")
    partners = [
        (p.partner if p.leader_id == application.pk else p.leader)
        for p in pairs
        if application.pk in (p.leader_id, p.partner_id)
    ]
    return render(
        request,
        "mentoring/withdraw.html",
        {"form": form, "application": application, "programme": programme, "partners": partners},
        status=400 if form.errors else 200,
    )
