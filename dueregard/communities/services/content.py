"""What organisers put in a community: workshops on its calendar (built on the events app),
shared resources (links and files) and announcements e-mailed to the members. Each change
is audited; none records who the members are."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.core.models import Organisation
from dueregard.core.requests import absolute_url
from dueregard.core.services import audit, notifications
from dueregard.events.models import LONDON, Session
from dueregard.events.services import programme

from ..models import Announcement, Community, Resource, Workshop
from .files import check_upload

MAX_ANNOUNCEMENT = 10_000


def _allowed_organisations(community: Community):
    """Who may book a community's workshops: where the community belongs."""
    if community.organisation_id:
        return [community.organisation]
    return list(Organisation.objects.filter(system_id=community.system_id))


@transaction.atomic
def add_workshop(
    community: Community,
    organisation: Organisation,
    *,
    actor,
    title: str,
    description: str = "",
    request=None,
    **session_values,
) -> Workshop:
    """A new events series run by the organiser's organisation, with its first date, on the
    community's calendar. More dates are added on the series' page in the events app."""
    if organisation.system_id != community.system_id:
        raise ValidationError(_("Switch to an organisation in the community's system first."))
    series = programme.create_series(
        actor=actor,
        organisation=organisation,
        allowed_organisations=_allowed_organisations(community),
        request=request,
        title=title.strip(),
        description=description,
        one_per_person=False,
    )
    programme.add_session(series, actor=actor, request=request, **session_values)
    workshop = Workshop.objects.create(community=community, series=series)
    audit.record(
        "community.workshop_added",
        actor=actor,
        obj=community,
        after={"series": series.pk, "title": series.title},
        request=request,
    )
    return workshop


def calendar(community: Community, *, today: dt.date | None = None):
    """The community's coming sessions, soonest first (one query)."""
    today = today or timezone.now().astimezone(LONDON).date()
    return (
        Session.objects.filter(
            series__in=community.workshops.values("series"),
            date__gte=today,
            cancelled_at__isnull=True,
            series__cancelled_at__isnull=True,
        )
        .select_related("series")
        .order_by("date", "starts_at", "pk")
    )


def check_link(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValidationError({"url": _("Enter a web address starting with https:// or http://")})
    return url


@transaction.atomic
def add_link(community: Community, *, actor, title: str, url: str, request=None) -> Resource:
    resource = Resource.objects.create(
        community=community,
        kind=Resource.Kind.LINK,
        title=title.strip(),
        url=check_link(url),
        added_by=actor,
    )
    audit.record(
        "community.resource_added",
        actor=actor,
        obj=community,
        after={"title": resource.title, "url": resource.url},
        request=request,
    )
    return resource


@transaction.atomic
def add_file(community: Community, *, actor, title: str, file, request=None) -> Resource:
    if file is None:
        raise ValidationError({"file": _("Choose a file to upload")})
    check_upload(file)
    resource = Resource.objects.create(
        community=community, kind=Resource.Kind.FILE, title=title.strip(), file=file, added_by=actor
    )
    audit.record(
        "community.resource_added",
        actor=actor,
        obj=community,
        after={"title": resource.title, "file": resource.file.name},
        request=request,
    )
    return resource


@transaction.atomic
def remove_resource(resource: Resource, *, actor, request=None) -> None:
    community, title = resource.community, resource.title
    stored = resource.file.name if resource.file else ""
    resource.delete()
    if stored:  # the file goes once the row is gone for good
        storage = Resource._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(stored))
    audit.record(
        "community.resource_removed",
        actor=actor,
        obj=community,
        before={"title": title},
        request=request,
    )


@transaction.atomic
def announce(community: Community, *, actor, title: str, body: str, request=None) -> Announcement:
    """Post an announcement and queue an e-mail to every member (and the other organisers)
    in the same transaction, so a failed post sends nothing."""
    if len(body) > MAX_ANNOUNCEMENT:
        raise ValidationError(
            {"body": _("The message must be %(n)s characters or fewer") % {"n": MAX_ANNOUNCEMENT}}
        )
    announcement = Announcement.objects.create(
        community=community, title=title.strip(), body=body.strip(), posted_by=actor
    )
    link = absolute_url(reverse("communities:community", args=[community.pk]))
    recipients = {m.user.email: m.user for m in community.members.select_related("user")}
    for o in community.organisers.select_related("user"):
        recipients.setdefault(o.user.email, o.user)
    recipients.pop(actor.email, None)
    for email, user in sorted(recipients.items()):
        if not user.is_active:
            continue
        notifications.send(
            email,
            "communities_announcement",
            {"community": community, "announcement": announcement, "user": user, "link": link},
            organisation=community.organisation,
        )
    audit.record(
        "community.announced",
        actor=actor,
        obj=community,
        # Not how many were e-mailed: that would be the exact size of the membership.
        after={"title": announcement.title},
        request=request,
    )
    return announcement


def dispose_expired(now) -> int:
    """Announcements (who posted what to the members) two years after they were posted;
    registered with ``core.services.retention`` for the daily ``dispose_expired``."""
    cutoff = now - dt.timedelta(days=Announcement.retention_days)
    deleted, _rows = Announcement.objects.filter(posted_at__lt=cutoff).delete()
    return deleted
