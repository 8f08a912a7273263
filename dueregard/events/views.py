"""Workshops and events: browse, book, cancel, organise, register, feedback, export.

Each view loads through ``request.scope``, authorises with a named rule, calls one
service and renders.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.form_rendering import add_service_errors
from dueregard.core.permissions import can, require, requires
from dueregard.core.requests import site_url
from dueregard.publishing.responses import download

from . import presenters
from .forms import BookingForm, EvaluationForm, InviteForm, SeriesForm, SessionForm
from .models import ACTIVE, LONDON, Booking, BookingStatus, Evaluation, Invitation, Series, Session
from .services import booking as booking_service
from .services import exports, invitations, programme, records
from .services.ics import booking_calendar


@login_required
def index(request):
    scope = request.scope
    series = scope.query(Series).prefetch_related("sessions")
    mine = (
        scope.query(Booking)
        .filter(user=request.user, status__in=ACTIVE)
        .select_related("session__series")
        .order_by("session__date")
    )
    return render(
        request,
        "events/index.html",
        {
            "series_list": series,
            "mine": [{"booking": b, "tag": presenters.booking_tag(b)} for b in mine],
            "can_organise": can(scope, "events.organise"),
        },
    )


@login_required
@requires("events.organise")
@require_http_methods(["GET", "POST"])
def series_create(request):
    scope = request.scope
    form = SeriesForm(request.POST or None, system=scope.system)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        allowed = data.pop("allowed_organisations")
        series = programme.create_series(
            actor=request.user,
            organisation=scope.organisation,
            allowed_organisations=allowed,
            request=request,
            **data,
        )
        messages.success(request, f"{series.title} was set up. Now add its sessions.")
        return redirect("events:series", series.pk)
    return render(
        request, "events/series_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def series_detail(request, pk):
    series = request.scope.get_or_404(Series, pk=pk)
    manage = can(request.scope, "events.manage", series)
    if not (manage or can(request.scope, "events.book", series)):
        raise PermissionDenied("events.book")
    now = timezone.now()
    sessions = series.sessions.all() if manage else series.sessions.filter(date__gte=now.date())
    return render(
        request,
        "events/series_detail.html",
        {
            "series": series,
            "rows": [presenters.session_row(s, now) for s in sessions],
            "manage": manage,
            "allowed": series.allowed_organisations.order_by("name"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request, pk):
    series = request.scope.get_or_404(Series, pk=pk)
    require(request.scope, "events.manage", series)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session = programme.add_session(
            series, actor=request.user, request=request, **form.cleaned_data
        )
        messages.success(request, f"The session on {session.date:%-d %B %Y} was added.")
        return redirect("events:series", series.pk)
    return render(
        request,
        "events/session_form.html",
        {"form": form, "series": series},
        status=400 if form.errors else 200,
    )


def _session_page(request, session, form, status=200):
    series = session.series
    now = timezone.now()
    mine = (
        session.bookings.filter(user=request.user, status__in=ACTIVE).first()
        if request.user.is_authenticated
        else None
    )
    invitation = booking_service.held_invitation(session, request.user, now)
    return render(
        request,
        "events/session_detail.html",
        {
            "series": series,
            "session": session,
            "row": presenters.session_row(session, now),
            "mine": mine,
            "invitation": invitation,
            "form": form,
            "manage": can(request.scope, "events.manage", series),
            "can_book": can(request.scope, "events.book", series) and session.start > now,
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
    return _session_page(request, session, BookingForm())


@login_required
@require_POST
def book(request, pk):
    session = request.scope.get_or_404(Session, pk=pk)
    require(request.scope, "events.book", session.series)
    form = BookingForm(request.POST)
    if form.is_valid():
        try:
            outcome = booking_service.book(
                session,
                request.user,
                access_needs=form.access_needs(),
                base_url=site_url(request),
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            b = outcome.booking
            if not outcome.created:
                messages.info(request, "You already have this booking.")
            elif b.status == BookingStatus.CONFIRMED:
                messages.success(request, "Your place is booked. We have e-mailed you the details.")
            else:
                messages.info(request, "The session is full, so you are on the waiting list.")
            return redirect("events:booking", b.pk)
    return _session_page(request, session, form, status=400)


def _booking(request, pk, rule="events.view_booking") -> Booking:
    booking = request.scope.get_or_404(Booking, pk=pk)
    require(request.scope, rule, booking)
    return booking


@login_required
def booking_detail(request, pk):
    booking = _booking(request, pk)
    session = booking.session
    now = timezone.now()
    return render(
        request,
        "events/booking_detail.html",
        {
            "booking": booking,
            "session": session,
            "series": session.series,
            "status_tag": presenters.booking_tag(booking),
            "position": presenters.waiting_position(booking),
            "own": booking.user_id == request.user.pk,
            "show_link": booking.status == BookingStatus.CONFIRMED and session.link_visible(now),
            "link_from": session.link_shown_from,
            "ended": session.end <= now,
            "can_evaluate": records.can_evaluate(booking),
            "evaluated": Evaluation.in_scope(request.scope).filter(booking=booking).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, pk):
    booking = _booking(request, pk, "events.own_booking")
    if request.method == "POST":
        try:
            booking_service.cancel(
                booking, actor=request.user, base_url=site_url(request), request=request
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, "Your booking is cancelled.")
        return redirect("events:booking", booking.pk)
    return render(request, "events/cancel.html", {"booking": booking, "session": booking.session})


@login_required
@require_POST
def accept(request, pk):
    booking = _booking(request, pk, "events.own_booking")
    try:
        booking_service.accept_offer(
            booking, actor=request.user, base_url=site_url(request), request=request
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "Your place is booked. We have e-mailed you the details.")
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
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            records.record_evaluation(
                booking, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, "Thank you for your feedback.")
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


@login_required
@require_http_methods(["GET", "POST"])
def attendees(request, pk):
    session = request.scope.get_or_404(Session, pk=pk)
    require(request.scope, "events.manage", session.series)
    if request.method == "POST":
        present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        changed = records.mark_attendance(session, present, actor=request.user, request=request)
        messages.success(request, f"The register is saved ({changed} changed).")
        return redirect("events:attendees", session.pk)
    bookings = (
        session.bookings.exclude(status=BookingStatus.CANCELLED)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    return render(
        request,
        "events/attendees.html",
        {
            "session": session,
            "series": session.series,
            "row": presenters.session_row(session),
            "confirmed": [b for b in bookings if b.status == BookingStatus.CONFIRMED],
            "others": [b for b in bookings if b.status != BookingStatus.CONFIRMED],
            "invitations": Invitation.in_scope(request.scope).filter(session=session),
            "now": timezone.now(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, pk):
    session = request.scope.get_or_404(Session, pk=pk)
    require(request.scope, "events.manage", session.series)
    today = timezone.now().astimezone(LONDON).date()
    form = InviteForm(request.POST or None, session=session, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            sent = invitations.invite(
                session,
                form.cleaned_data["emails"],
                group=form.cleaned_data["group"],
                reserved_until=form.reserved_until_datetime(),
                actor=request.user,
                base_url=site_url(request),
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{len(sent)} invitations sent.")
            return redirect("events:attendees", session.pk)
    return render(
        request,
        "events/invite.html",
        {"form": form, "session": session, "series": session.series},
        status=400 if form.errors else 200,
    )


def _export(request, bookings, fmt, stem):
    if fmt not in exports.FORMATS:
        raise Http404("No such format.")
    writer, media_type = exports.FORMATS[fmt]
    rows = exports.attendee_rows(exports.export_bookings(bookings), personal=True)
    response = HttpResponse(writer(rows), content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@login_required
def session_export(request, pk, fmt):
    session = request.scope.get_or_404(Session, pk=pk)
    require(request.scope, "events.manage", session.series)
    return _export(request, session.bookings.all(), fmt, f"attendees-{session.date.isoformat()}")


@login_required
def series_export(request, pk, fmt):
    series = request.scope.get_or_404(Series, pk=pk)
    require(request.scope, "events.manage", series)
    bookings = request.scope.query(Booking).filter(session__series=series)
    return _export(request, bookings, fmt, f"attendees-series-{series.pk}")


@login_required
def session_feedback(request, pk):
    session = request.scope.get_or_404(Session, pk=pk)
    require(request.scope, "events.manage", session.series)
    evaluations = request.scope.query(Evaluation).filter(booking__session=session)
    return render(
        request,
        "events/feedback.html",
        {
            "series": session.series,
            "session": session,
            "summary": records.summary(evaluations),
        },
    )


@login_required
def series_feedback(request, pk):
    series = request.scope.get_or_404(Series, pk=pk)
    require(request.scope, "events.manage", series)
    evaluations = request.scope.query(Evaluation).filter(booking__session__series=series)
    return render(
        request,
        "events/feedback.html",
        {"series": series, "session": None, "summary": records.summary(evaluations)},
    )
