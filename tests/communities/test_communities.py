"""Communities (issue 19, ADR 0046): private membership, members-only resources and
announcements, workshops built on the events app, file checks, e-mails and disposal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dueregard.communities.models import Announcement, Community, Member, Resource, Workshop
from dueregard.communities.services import communities, content
from dueregard.core.models import AuditEvent, Notification
from dueregard.core.roles import Role
from dueregard.core.tenancy import resolve_scope
from dueregard.events.models import LONDON, Series

from .helpers import PDF, docx_bytes, make_community, make_file, staff


@pytest.fixture
def organiser(org_a):
    return staff(org_a, "organiser@example.nhs.uk", Role.PROGRAMME_ORGANISER)


@pytest.fixture
def radar(org_a, organiser):
    return make_community(org_a, organiser=organiser)


def test_starting_a_community_makes_the_starter_its_organiser_and_is_audited(edi_lead_a):
    scope = resolve_scope(edi_lead_a, None)
    community = communities.start(scope, actor=edi_lead_a, name=" Radar ", purpose="Workshops")
    assert community.name == "Radar"
    assert community.organisation == scope.organisation
    assert list(community.organisers.values_list("user", flat=True)) == [edi_lead_a.pk]
    assert AuditEvent.objects.filter(action="community.started").count() == 1
    with pytest.raises(Exception, match="already a community"):
        communities.start(scope, actor=edi_lead_a, name="radar")
    whole = communities.start(scope, actor=edi_lead_a, name="Radar", whole_system=True)
    assert whole.organisation is None and whole.system == scope.system


def test_staff_cannot_start_a_community(client_for, staff_a):
    assert client_for(staff_a).get(reverse("communities:start")).status_code == 403


def test_start_form_errors_say_what_to_fix(client_for, edi_lead_a):
    response = client_for(edi_lead_a).post(reverse("communities:start"), {"name": ""})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter the community&#39;s name" in text or "Enter the community's name" in text
    assert "Choose who can join the community" in text


def test_membership_is_private_to_the_member_and_the_organisers(
    radar, org_a, client_for, edi_lead_a, organiser
):
    member = staff(org_a, "member@example.nhs.uk")
    response = client_for(member).post(reverse("communities:join", args=[radar.pk]))
    assert response.status_code == 302
    assert Member.objects.filter(community=radar, user=member).exists()
    # Joining is not written to the audit trail the EDI leads browse.
    assert not AuditEvent.objects.filter(action__icontains="join").exists()

    lead = client_for(edi_lead_a)
    assert lead.get(reverse("communities:members", args=[radar.pk])).status_code == 403
    page = lead.get(reverse("communities:community", args=[radar.pk])).content.decode()
    assert 'id="member-count">*' in page  # one member: suppressed
    assert "Member@Example" not in page

    chair = client_for(organiser)
    page = chair.get(reverse("communities:community", args=[radar.pk])).content.decode()
    assert 'id="member-count">1<' in page
    listing = chair.get(reverse("communities:members", args=[radar.pk])).content.decode()
    assert "member@example.nhs.uk" in listing


def test_counts_are_rounded_to_five_for_everyone_but_the_organisers(radar, org_a):
    for i in range(12):
        Member.objects.create(community=radar, user=staff(org_a, f"m{i}@example.nhs.uk"))
    assert communities.GROUPS.member_counts([radar])[radar.pk] == "10"
    assert communities.GROUPS.member_counts([radar], exact_for={radar.pk})[radar.pk] == "12"


def test_only_staff_where_the_community_belongs_can_join(radar, org_b, make_user):
    outsider = make_user("out@example.nhs.uk", Role.STAFF, organisation=org_b)
    with pytest.raises(Exception, match="Only staff where this community belongs"):
        communities.GROUPS.join(radar, outsider)


def test_resources_and_announcements_are_for_members_and_organisers(
    radar, org_a, client_for, organiser
):
    resource = make_file(radar)
    content.add_link(radar, actor=organiser, title="WRES", url="https://example.org/wres")
    content.announce(radar, actor=organiser, title="Welcome", body="Hello all")
    outsider = staff(org_a, "outsider@example.nhs.uk")
    client = client_for(outsider)
    page = client.get(reverse("communities:community", args=[radar.pk])).content.decode()
    assert "https://example.org/wres" not in page and "Welcome" not in page
    assert 'id="resources-closed"' in page
    assert client.get(reverse("communities:resource-file", args=[resource.pk])).status_code == 403
    assert client.get(reverse("communities:announcements", args=[radar.pk])).status_code == 403

    communities.GROUPS.join(radar, outsider)
    page = client.get(reverse("communities:community", args=[radar.pk])).content.decode()
    assert "https://example.org/wres" in page and "Welcome" in page
    response = client.get(reverse("communities:resource-file", args=[resource.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.org/file", "example.org", "https://"]
)
def test_links_must_be_http_or_https(radar, organiser, url):
    with pytest.raises(Exception, match="https://"):
        content.add_link(radar, actor=organiser, title="Bad", url=url)
    assert not Resource.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.html", b"<script>", "must be a PDF"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", "not a real PDF"),
        ("fake.docx", docx_bytes("other.xml"), "not a real DOCX"),
        ("broken.docx", b"PK\x03\x04broken", "damaged"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_files_are_checked_like_eds_evidence(radar, organiser, name, data, message):
    upload = SimpleUploadedFile(name, data)
    with pytest.raises(Exception, match=message):
        content.add_file(radar, actor=organiser, title="File", file=upload)
    assert not Resource.objects.exists()


def test_files_over_the_limit_are_refused(radar, organiser, settings):
    settings.UPLOAD_MAX_BYTES = 20
    upload = SimpleUploadedFile("big.pdf", PDF)
    with pytest.raises(Exception, match=r"must be 0\.0 MB or smaller\. big\.pdf is 0\.0 MB"):
        content.add_file(radar, actor=organiser, title="Big", file=upload)


def test_a_real_docx_is_stored_and_served_as_an_attachment(radar, organiser, client_for):
    upload = SimpleUploadedFile("Plan.docx", docx_bytes())
    resource = content.add_file(radar, actor=organiser, title="Plan", file=upload)
    assert resource.file.name.startswith(f"communities/{radar.pk}/")
    response = client_for(organiser).get(reverse("communities:resource-file", args=[resource.pk]))
    assert "wordprocessingml" in response["Content-Type"]
    assert 'filename="Plan.docx"' in response["Content-Disposition"]


def test_the_file_form_shows_the_check_as_an_error(radar, organiser, client_for):
    response = client_for(organiser).post(
        reverse("communities:file-add", args=[radar.pk]),
        {"title": "Notes", "file": SimpleUploadedFile("notes.txt", b"hello")},
    )
    assert response.status_code == 400
    assert "must be a PDF" in response.content.decode()


def test_announcements_are_e_mailed_to_members_with_absolute_links(
    radar, org_a, organiser, settings
):
    settings.SITE_URL = "https://dueregard.example.nhs.uk"
    members = [staff(org_a, f"m{i}@example.nhs.uk") for i in range(2)]
    for person in members:
        communities.GROUPS.join(radar, person)
    content.announce(radar, actor=organiser, title="Book now", body="Places are open & free.")
    notes = Notification.objects.filter(template="communities_announcement")
    assert sorted(notes.values_list("recipient", flat=True)) == [m.email for m in members]
    body = notes.first().body
    assert f"https://dueregard.example.nhs.uk/communities/{radar.pk}/" in body
    assert "Places are open & free." in body
    # The audit record does not say how many were e-mailed (the size of the membership).
    event = AuditEvent.objects.get(action="community.announced")
    assert "recipients" not in (event.after or {})


def test_announcements_are_listed_newest_first(radar, organiser, client_for):
    first = content.announce(radar, actor=organiser, title="First news", body="a")
    Announcement.objects.filter(pk=first.pk).update(posted_at=timezone.now() - dt.timedelta(days=3))
    content.announce(radar, actor=organiser, title="Second news", body="b")
    page = client_for(organiser).get(reverse("communities:announcements", args=[radar.pk]))
    text = page.content.decode()
    assert text.index("Second news") < text.index("First news")


def test_only_organisers_post_announcements(radar, org_a, client_for):
    member = staff(org_a, "member@example.nhs.uk")
    communities.GROUPS.join(radar, member)
    url = reverse("communities:announcement-add", args=[radar.pk])
    assert client_for(member).post(url, {"title": "x", "body": "y"}).status_code == 403
    assert not Announcement.objects.exists()


def test_a_workshop_is_an_events_series_on_the_calendar(radar, org_a, organiser, client_for):
    date = timezone.now().astimezone(LONDON).date() + dt.timedelta(days=20)
    response = client_for(organiser).post(
        reverse("communities:workshop-add", args=[radar.pk]),
        {
            "title": "Radar: influencing",
            "description": "",
            "date_0": date.day,
            "date_1": date.month,
            "date_2": date.year,
            "starts_at": "13:00",
            "ends_at": "15:00",
            "mode": "online",
            "capacity": "20",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    series = Series.objects.get(title="Radar: influencing")
    assert series.organisation == org_a
    assert list(series.allowed_organisations.all()) == [org_a]
    assert Workshop.objects.filter(community=radar, series=series).exists()
    sessions = list(content.calendar(radar))
    assert [s.date for s in sessions] == [date]
    page = client_for(organiser).get(reverse("communities:community", args=[radar.pk]))
    assert "Radar: influencing" in page.content.decode()


def test_a_workshop_in_the_past_is_refused_and_nothing_is_half_written(
    radar, organiser, client_for
):
    date = timezone.now().astimezone(LONDON).date() - dt.timedelta(days=2)
    response = client_for(organiser).post(
        reverse("communities:workshop-add", args=[radar.pk]),
        {
            "title": "Too late",
            "date_0": date.day,
            "date_1": date.month,
            "date_2": date.year,
            "starts_at": "13:00",
            "ends_at": "15:00",
            "mode": "online",
            "capacity": "20",
        },
    )
    assert response.status_code == 400
    assert "today or in the future" in response.content.decode()
    assert not Series.objects.filter(title="Too late").exists()
    assert not Workshop.objects.exists()


def test_adding_a_workshop_needs_the_programme_organiser_role(org_a, client_for):
    organiser = staff(org_a, "plain.organiser@example.nhs.uk")
    community = make_community(org_a, organiser=organiser)
    url = reverse("communities:workshop-add", args=[community.pk])
    assert client_for(organiser).get(url).status_code == 403


def test_system_wide_workshops_are_open_to_every_organisation(system, org_a, organiser):
    from dueregard.core.models import Organisation

    other = Organisation.objects.create(system=system, name="Gamma", ods_code="GGG")
    community = make_community(org_a, organiser=organiser, whole_system=True)
    date = timezone.now().astimezone(LONDON).date() + dt.timedelta(days=9)
    workshop = content.add_workshop(
        community, org_a, actor=organiser, title="Open to all", date=date, capacity=10
    )
    assert set(workshop.series.allowed_organisations.all()) == {org_a, other}
    assert Community.in_scope(resolve_scope(staff(other, "g@example.nhs.uk"), None)).filter(
        pk=community.pk
    )


def test_removing_a_file_deletes_it_from_storage(
    radar, organiser, client_for, django_capture_on_commit_callbacks
):
    resource = make_file(radar)
    storage, name = resource.file.storage, resource.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(organiser).post(
            reverse("communities:resource-remove", args=[resource.pk])
        )
    assert response.status_code == 302
    assert not Resource.objects.exists()
    assert AuditEvent.objects.filter(action="community.resource_removed").exists()
    assert not storage.exists(name)


def test_announcements_are_disposed_of_after_two_years(radar, organiser):
    old = content.announce(radar, actor=organiser, title="Old", body="a")
    content.announce(radar, actor=organiser, title="New", body="b")
    Announcement.objects.filter(pk=old.pk).update(posted_at=timezone.now() - dt.timedelta(days=731))
    assert content.dispose_expired(timezone.now()) == 1
    assert list(Announcement.objects.values_list("title", flat=True)) == ["New"]
