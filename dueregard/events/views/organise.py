"""What organisers run: series and sessions (create, change, cancel), attendees (move,
remove, message, check in on the day), invitations, exports and feedback."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from dueregard.core.form_actions import submit
from dueregard.core.permissions import require, requires
from dueregard.core.requests import site_url

from .. import presenters
from ..forms import CancelForm, SeriesForm, SessionForm
from ..models import Booking, Series, Session
from ..services import changes, programme


def _managed_session(request, pk) -> Session:
    session = request.scope.get_or_404(Session, pk=pk)
    require(request.scope, "events.manage", session.series)
    return session


def _managed_series(request, pk) -> Series:
    series = request.scope.get_or_404(Series, pk=pk)
    require(request.scope, "events.manage", series)
    return series


def _managed_booking(request, pk) -> Booking:
    booking = request.scope.get_or_404(Booking, pk=pk)
    require(request.scope, "events.manage", booking.session.series)
    return booking


@login_required
@requires("events.organise")
@require_http_methods(["GET", "POST"])
def series_create(request):
    scope = request.scope
    form = SeriesForm(request.POST if request.method == "POST" else None, system=scope.system)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: programme.create_series(
                actor=request.user,
                organisation=scope.organisation,
                allowed_organisations=data["allowed_organisations"],
                request=request,
                **{k: v for k, v in form.service_values().items() if k != "allowed_organisations"},
            ),
        )
        if result.ok:
            messages.success(
                request,
                _("%(title)s was set up. Now add its sessions.") % {"title": result.value.title},
            )
            return redirect("events:series", result.value.pk)
    return render(
        request,
        "events/series_form.html",
        {"form": form, "series": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def series_edit(request, pk):
    series = _managed_series(request, pk)
    form = SeriesForm(
        request.POST if request.method == "POST" else None,
        instance=series,
        system=request.scope.system,
    )
    if request.method == "POST":
        result = submit(
            form,
            lambda data: programme.update_series(
                series,
                actor=request.user,
                allowed_organisations=data["allowed_organisations"],
                request=request,
                **{k: v for k, v in form.service_values().items() if k != "allowed_organisations"},
            ),
        )
        if result.ok:
            messages.success(request, _("The series is saved."))
            return redirect("events:series", series.pk)
    return render(
        request,
        "events/series_form.html",
        {"form": form, "series": series},
        status=400 if form.errors else 200,
    )


def _cancel_page(request, form, *, series, session=None, booked=0):
    return render(
        request,
        "events/cancel_organiser.html",
        {"form": form, "series": series, "session": session, "booked": booked},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def series_cancel(request, pk):
    series = _managed_series(request, pk)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: changes.cancel_series(
                series,
                actor=request.user,
                message=data["message"],
                base_url=site_url(request),
                request=request,
            ),
        )
        if result.ok:
            messages.success(
                request,
                ngettext(
                    "The series is cancelled and %(n)d person was told.",
                    "The series is cancelled and %(n)d people were told.",
                    len(result.value),
                )
                % {"n": len(result.value)},
            )
            return redirect("events:series", series.pk)
    booked = presenters.active_count(Booking.in_scope(request.scope).filter(session__series=series))
    return _cancel_page(request, form, series=series, booked=booked)


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request, pk):
    series = _managed_series(request, pk)
    form = SessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: programme.add_session(series, actor=request.user, request=request, **data),
        )
        if result.ok:
            messages.success(
                request,
                _("The session on %(date)s was added.")
                % {"date": f"{result.value.date:%-d %B %Y}"},
            )
            return redirect("events:series", series.pk)
    return render(
        request,
        "events/session_form.html",
        {"form": form, "series": series, "session": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = _managed_session(request, pk)
    form = SessionForm(request.POST if request.method == "POST" else None, instance=session)
    if request.method == "POST":
        # The form must not write to the instance the service compares against.
        form.instance = Session(pk=session.pk, series=session.series)
        result = submit(
            form,
            lambda data: changes.update_session(
                session,
                actor=request.user,
                base_url=site_url(request),
                request=request,
                **data,
            ),
        )
        if result.ok:
            messages.success(
                request, _("The session is saved. Everyone booked was told what changed.")
            )
            return redirect("events:attendees", session.pk)
    return render(
        request,
        "events/session_form.html",
        {"form": form, "series": session.series, "session": session},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_cancel(request, pk):
    session = _managed_session(request, pk)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: changes.cancel_session(
                session,
                actor=request.user,
                message=data["message"],
                base_url=site_url(request),
                request=request,
            ),
        )
        if result.ok:
            messages.success(
                request,
                ngettext(
                    "The session is cancelled and %(n)d person was told.",
                    "The session is cancelled and %(n)d people were told.",
                    len(result.value),
                )
                % {"n": len(result.value)},
            )
            return redirect("events:series", session.series_id)
    booked = presenters.active_count(session.bookings.all())
    return _cancel_page(request, form, series=session.series, session=session, booked=booked)
