"""Organisers on and around the day: the attendee list and register, check-in on a phone,
messaging everyone booked, moving and removing people, invitations, exports and feedback."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from dueregard.core.form_actions import attempt, submit
from dueregard.core.requests import site_url

from .. import presenters
from ..forms import InviteForm, MessageForm, MoveForm
from ..models import LONDON, Booking, BookingStatus, Evaluation, Invitation, Session
from ..services import booking as booking_service
from ..services import changes, exports, invitations, records
from .organise import _managed_booking, _managed_series, _managed_session


@login_required
@require_http_methods(["GET", "POST"])
def attendees(request, pk):
    session = _managed_session(request, pk)
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        result = attempt(
            form,
            lambda: records.mark_attendance(session, present, actor=request.user, request=request),
        )
        if result.ok:
            messages.success(
                request, _("The register is saved (%(n)d changed).") % {"n": result.value}
            )
            return redirect("events:attendees", session.pk)
    bookings = (
        session.bookings.exclude(status__in=[BookingStatus.CANCELLED, BookingStatus.LAPSED])
        .select_related("user", "organisation")
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
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, pk):
    """The register on the day, made for a phone: one button per person."""
    session = _managed_session(request, pk)
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        booking = request.scope.get_or_404(
            Booking, pk=request.POST.get("booking", ""), session=session
        )
        present = request.POST.get("present") == "1"
        result = attempt(
            form,
            lambda: changes.check_in(booking, present=present, actor=request.user, request=request),
        )
        if result.ok:
            name = booking.user.full_name or booking.user.email
            messages.success(
                request,
                (
                    _("%(name)s is checked in.")
                    if present
                    else _("%(name)s is no longer checked in.")
                )
                % {"name": name},
            )
            return redirect(f"{request.path}#person-{booking.pk}")
    people = session.bookings.filter(status=BookingStatus.CONFIRMED).select_related("user")
    people = sorted(people, key=lambda b: (b.user.full_name or b.user.email).lower())
    return render(
        request,
        "events/check_in.html",
        {
            "session": session,
            "series": session.series,
            "people": people,
            "arrived": sum(1 for b in people if b.attended),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def message(request, pk):
    session = _managed_session(request, pk)
    form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: changes.message_attendees(
                session,
                subject=data["subject"],
                body=data["body"],
                actor=request.user,
                base_url=site_url(request),
                request=request,
            ),
        )
        if result.ok:
            messages.success(
                request,
                ngettext(
                    "Your message was sent to %(n)d person.",
                    "Your message was sent to %(n)d people.",
                    result.value,
                )
                % {"n": result.value},
            )
            return redirect("events:attendees", session.pk)
    return render(
        request,
        "events/message.html",
        {"form": form, "session": session, "series": session.series},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def move(request, pk):
    booking = _managed_booking(request, pk)
    session = booking.session
    targets = (
        Session.in_scope(request.scope)
        .filter(series=session.series, cancelled_at__isnull=True, date__gte=timezone.now().date())
        .exclude(pk=session.pk)
    )
    form = MoveForm(request.POST if request.method == "POST" else None, sessions=targets)
    if request.method == "POST":
        result = submit(
            form,
            lambda data: changes.move(
                booking,
                data["target"],
                actor=request.user,
                base_url=site_url(request),
                request=request,
            ),
        )
        if result.ok:
            messages.success(
                request,
                _("%(name)s is moved to %(date)s and has been told.")
                % {
                    "name": booking.user.full_name or booking.user.email,
                    "date": f"{result.value.session.date:%-d %B %Y}",
                },
            )
            return redirect("events:attendees", session.pk)
    return render(
        request,
        "events/move.html",
        {
            "form": form,
            "booking": booking,
            "session": session,
            "series": session.series,
            "rows": {s.pk: presenters.session_row(s) for s in targets},
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def remove(request, pk):
    booking = _managed_booking(request, pk)
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        result = attempt(
            form,
            lambda: booking_service.cancel(
                booking,
                actor=request.user,
                base_url=site_url(request),
                request=request,
                by_organiser=True,
            ),
        )
        if result.ok:
            messages.success(
                request,
                _("%(name)s is removed and has been told.")
                % {"name": booking.user.full_name or booking.user.email},
            )
            return redirect("events:attendees", booking.session_id)
    return render(
        request,
        "events/remove.html",
        {"form": form, "booking": booking, "session": booking.session},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, pk):
    session = _managed_session(request, pk)
    today = timezone.now().astimezone(LONDON).date()
    form = InviteForm(
        request.POST if request.method == "POST" else None, session=session, today=today
    )
    if request.method == "POST":
        result = submit(
            form,
            lambda data: invitations.invite(
                session,
                data["emails"],
                group=data["group"],
                reserved_until=form.reserved_until_datetime(),
                actor=request.user,
                base_url=site_url(request),
                request=request,
            ),
        )
        if result.ok:
            messages.success(
                request,
                ngettext("%(n)d invitation sent.", "%(n)d invitations sent.", len(result.value))
                % {"n": len(result.value)},
            )
            return redirect("events:attendees", session.pk)
    return render(
        request,
        "events/invite.html",
        {"form": form, "session": session, "series": session.series},
        status=400 if form.errors else 200,
    )


def _export(bookings, fmt, stem, questions):
    if fmt not in exports.FORMATS:
        raise Http404("No such format.")
    writer, media_type = exports.FORMATS[fmt]
    rows = exports.attendee_rows(
        exports.export_bookings(bookings), personal=True, questions=questions
    )
    response = HttpResponse(writer(rows), content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@login_required
def session_export(request, pk, fmt):
    session = _managed_session(request, pk)
    return _export(
        session.bookings.all(),
        fmt,
        f"attendees-{session.date.isoformat()}",
        session.series.booking_questions,
    )


@login_required
def series_export(request, pk, fmt):
    series = _managed_series(request, pk)
    bookings = request.scope.query(Booking).filter(session__series=series)
    return _export(bookings, fmt, f"attendees-series-{series.pk}", series.booking_questions)


@login_required
def session_feedback(request, pk):
    session = _managed_session(request, pk)
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
    series = _managed_series(request, pk)
    evaluations = request.scope.query(Evaluation).filter(booking__session__series=series)
    return render(
        request,
        "events/feedback.html",
        {"series": series, "session": None, "summary": records.summary(evaluations)},
    )
