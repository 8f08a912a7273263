"""What a person booking sees: series and sessions, booking, their bookings, the calendar
file, feedback and their certificate.

A person's own bookings are theirs wherever they are working, even with no role in any
organisation (an invitee): ``Booking.in_scope`` includes them, so these views load
bookings through it rather than through the organisation the scope names.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_actions import attempt, submit
from dueregard.core.permissions import can, require
from dueregard.core.requests import site_url
from dueregard.publishing.responses import download

from .. import groups, presenters
from ..forms import BookingForm, EvaluationForm
from ..models import ACTIVE, Booking, BookingStatus, Series, Session
from ..services import booking as booking_service
from ..services import network_days, records
from ..services.ics import booking_calendar


def own_bookings(request):
    """The scope's bookings and the person's own, wherever they are."""
    return Booking.in_scope(request.scope).select_related("session__series")


@login_required
def index(request):
    scope = request.scope
    series = scope.query(Series).filter(cancelled_at__isnull=True).prefetch_related("sessions")
    mine = own_bookings(request).filter(user=request.user, status__in=ACTIVE)
    return render(
        request,
        "events/index.html",
        {
            "series_list": series,
            "mine": [
                {"booking": b, "tag": presenters.booking_tag(b)}
                for b in mine.order_by("session__date")
            ],
            "can_organise": can(scope, "events.organise"),
        },
    )


@login_required
def series_detail(request, pk):
    series = request.scope.get_or_404(Series, pk=pk)
    manage = can(request.scope, "events.manage", series)
    if not (manage or can(request.scope, "events.book", series)):
        raise PermissionDenied("events.book")
    now = timezone.now()
    sessions = series.sessions.all() if manage else series.sessions.filter(date__gte=now.date())
    sessions = booking_service.with_place_counts(sessions, now)
    return render(
        request,
        "events/series_detail.html",
        {
            "series": series,
            "rows": [presenters.session_row(s, now) for s in sessions],
            "manage": manage,
            "reach": can(request.scope, "events.view_reach", series),
            "allowed": series.allowed_organisations.order_by("name"),
        },
    )


def _booking_form(request, series, data=None) -> BookingForm:
    choices = groups.choices(series, request.user) if series.register_by_group else None
    return BookingForm(data, questions=series.booking_questions, groups=choices)


def _session_page(request, session, form, status=200):
    series = session.series
    now = timezone.now()
    mine = session.bookings.filter(user=request.user, status__in=ACTIVE).first()
    return render(
        request,
        "events/session_detail.html",
        {
            "series": series,
            "session": session,
            "row": presenters.session_row(session, now),
            "mine": mine,
            "invitation": booking_service.held_invitation(session, request.user, now),
            "form": form,
            "manage": can(request.scope, "events.manage", series),
            "agenda": network_days.agenda_slots(session),
            "by_group": network_days.registrations_by_group(session)
            if series.register_by_group and can(request.scope, "events.manage", series)
            else [],
            "can_book": can(request.scope, "events.book", series)
            and session.start > now
            and not session.is_cancelled,
        },
        status=status,
    )


@login_required
def session_detail(request, pk):
    session = request.scope.get_or_404(Session, pk=pk)
    series = session.series
    if not (
        can(request.scope, "events.manage", series) or can(request.scope, "events.book", series)
    ):
        raise PermissionDenied("events.book")
    return _session_page(request, session, _booking_form(request, series))


@login_required
@require_POST
def book(request, pk):
    session = request.scope.get_or_404(Session, pk=pk)
    require(request.scope, "events.book", session.series)
    form = _booking_form(request, session.series, request.POST)
    result = submit(
        form,
        lambda data: booking_service.book(
            session,
            request.user,
            access_needs=form.access_needs(),
            answers=form.answers(),
            organisation=request.scope.organisation,
            group=data.get("group", ""),
            shared=form.monitoring(),
            base_url=site_url(request),
            request=request,
        ),
    )
    if not result.ok:
        return _session_page(request, session, form, status=result.status)
    outcome = result.value
    b = outcome.booking
    if not outcome.created:
        messages.info(
            request,
            _("You are already booked on this session.")
            if b.status == BookingStatus.CONFIRMED
            else _("You are already on the waiting list for this session."),
        )
    elif b.status == BookingStatus.CONFIRMED:
        messages.success(request, _("Your place is booked. We have e-mailed you the details."))
    else:
        messages.info(request, _("The session is full, so you are on the waiting list."))
    for released in outcome.released:
        messages.info(
            request,
            _("You have left the waiting list for %(date)s.")
            % {"date": booking_service.long_date(released.session.date)},
        )
    return redirect("events:booking", b.pk)


def _booking(request, pk, rule="events.view_booking") -> Booking:
    booking = get_object_or_404(own_bookings(request), pk=pk)
    require(request.scope, rule, booking)
    return booking


def _booking_page(request, booking, form=None, status=200):
    session = booking.session
    now = timezone.now()
    return render(
        request,
        "events/booking_detail.html",
        {
            "booking": booking,
            "session": session,
            "series": session.series,
            "form": form,
            "status_tag": presenters.booking_tag(booking),
            "position": presenters.waiting_position(booking),
            "own": booking.user_id == request.user.pk,
            "show_link": booking.status == BookingStatus.CONFIRMED and session.link_visible(now),
            "link_from": session.link_shown_from,
            "ended": session.end <= now,
            "can_evaluate": records.can_evaluate(booking),
            "evaluated": records.has_evaluated(booking),
        },
        status=status,
    )


@login_required
def booking_detail(request, pk):
    return _booking_page(request, _booking(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, pk):
    booking = _booking(request, pk, "events.own_booking")
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        result = attempt(
            form,
            lambda: booking_service.cancel(
                booking, actor=request.user, base_url=site_url(request), request=request
            ),
        )
        if result.ok:
            messages.success(request, _("Your booking is cancelled."))
            return redirect("events:booking", booking.pk)
    return render(
        request,
        "events/cancel.html",
        {"booking": booking, "session": booking.session, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def accept(request, pk):
    booking = _booking(request, pk, "events.own_booking")
    form = forms.Form(request.POST)
    result = attempt(
        form,
        lambda: booking_service.accept_offer(
            booking, actor=request.user, base_url=site_url(request), request=request
        ),
    )
    if not result.ok:
        return _booking_page(request, booking, form, status=result.status)
    messages.success(request, _("Your place is booked. We have e-mailed you the details."))
    return redirect("events:booking", booking.pk)


@login_required
def calendar(request, pk):
    booking = _booking(request, pk, "events.own_booking")
    if booking.status != BookingStatus.CONFIRMED:
        raise Http404("Only booked places have a calendar entry.")
    link = booking_service.booking_link(booking, site_url(request))
    response = HttpResponse(booking_calendar(booking, url=link), content_type="text/calendar")
    response["Content-Disposition"] = 'attachment; filename="workshop.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def evaluate(request, pk):
    booking = _booking(request, pk, "events.own_booking")
    if not records.can_evaluate(booking):
        raise PermissionDenied("Only people marked as attending can give feedback.")
    form = EvaluationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: records.record_evaluation(
                booking, actor=request.user, request=request, **data
            ),
        )
        if result.ok:
            messages.success(request, _("Thank you for your feedback."))
            return redirect("events:booking", booking.pk)
    return render(
        request,
        "events/evaluation_form.html",
        {"form": form, "booking": booking, "session": booking.session},
        status=400 if form.errors else 200,
    )


@login_required
def certificate(request, pk):
    booking = _booking(request, pk, "events.own_booking")
    try:
        document = records.certificate(booking)
    except ValidationError as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    return download(document, "pdf", f"certificate-{booking.session.date.isoformat()}")
