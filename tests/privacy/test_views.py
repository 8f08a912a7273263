"""Issue 23: the record of processing and DPIA starter, and the subject-rights tools."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from dueregard.core.models import AuditEvent, User
from dueregard.core.roles import Role
from dueregard.events.models import Booking, BookingStatus
from tests.events.helpers import make_series, make_session


@pytest.fixture
def admin(make_user, system):
    return make_user("admin@example.nhs.uk", Role.SYSTEM_ADMIN, system=system)


@pytest.fixture
def subject(make_user, org_a):
    person = make_user("sam.subject@example.nhs.uk", Role.STAFF, organisation=org_a)
    person.full_name = "Sam Subject"
    person.save()
    Booking.objects.create(
        session=make_session(make_series(org_a)),
        user=person,
        status=BookingStatus.CONFIRMED,
        access_needs={"other": "hearing loop"},
    )
    return person


def test_only_system_administrators(client_for, edi_lead_a):
    assert client_for(edi_lead_a).get(reverse("privacy:index")).status_code == 403


def test_record_of_processing_and_dpia_starter(client_for, admin):
    client = client_for(admin)
    page = client.get(reverse("privacy:index")).content.decode()
    assert "Record of processing" in page and "access_needs" in page
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("privacy:record-csv")).content.decode("utf-8-sig"))
        )
    )
    assert rows[0][0] == "Data held in"
    booking = next(r for r in rows if "events.Booking" in r[0])
    assert booking[3] == "access_needs" and booking[6].startswith("730 days")
    dpia = client.get(reverse("privacy:dpia"))
    assert dpia["Content-Disposition"].endswith('dpia-starter.md"')
    text = dpia.content.decode()
    assert "Test ICS" in text and "characteristics" in text and "Sign-off" in text


def test_find_export_correct_erase(client_for, admin, subject):
    client = client_for(admin)
    assert client.get(reverse("privacy:find"), {"query": "ab"}).status_code == 400
    found = client.get(reverse("privacy:find"), {"query": "Sam Sub"}).content.decode()
    assert reverse("privacy:person", args=[subject.pk]) in found
    by_mail = client.get(reverse("privacy:find"), {"query": "SAM.SUBJECT@example.nhs.uk"})
    assert reverse("privacy:person", args=[subject.pk]) in by_mail.content.decode()
    page = client.get(reverse("privacy:person", args=[subject.pk])).content.decode()
    assert "Bookings" in page
    data = json.loads(client.get(reverse("privacy:export-json", args=[subject.pk])).content)
    assert data["person"]["email"] == "sam.subject@example.nhs.uk"
    assert data["records"]["events.Booking"]["rows"][0]["access_needs"] == {"other": "hearing loop"}
    assert "password" not in data["records"]["core.User"]["rows"][0]
    pdf = client.get(reverse("privacy:export-pdf", args=[subject.pk]))
    assert pdf.content.startswith(b"%PDF")
    bad = client.post(
        reverse("privacy:correct", args=[subject.pk]), {"full_name": "", "email": "x"}
    )
    assert bad.status_code == 400 and "Enter the person" in bad.content.decode()
    client.post(
        reverse("privacy:correct", args=[subject.pk]),
        {"full_name": "Samira Subject", "email": "samira@example.nhs.uk"},
    )
    subject.refresh_from_db()
    assert subject.full_name == "Samira Subject"
    refused = client.post(reverse("privacy:erase", args=[subject.pk]), {})
    assert refused.status_code == 400 and "Confirm that erasure" in refused.content.decode()
    client.post(reverse("privacy:erase", args=[subject.pk]), {"confirm": "on"})
    subject.refresh_from_db()
    assert subject.email.endswith("@erased.invalid") and not subject.is_active
    assert not Booking.objects.filter(user=subject).exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"privacy.exported", "privacy.corrected", "privacy.erased"} <= actions
    erased = AuditEvent.objects.get(action="privacy.erased")
    assert "Samira" not in erased.object_repr and erased.after["events.Booking"] == 1
    assert User.objects.filter(pk=subject.pk).exists()  # work records keep their shape
    again = client.get(reverse("privacy:find"), {"query": "samira@example.nhs.uk"})
    assert reverse("privacy:person", args=[subject.pk]) not in again.content.decode()


def test_erasure_deletes_staff_network_membership(admin, subject, org_a):
    """Membership of a staff network is special-category data only about the person."""
    from dueregard.networks.models import Member
    from dueregard.privacy import rights
    from tests.networks.helpers import make_network

    network = make_network(org_a)
    Member.objects.create(network=network, user=subject)
    counts = rights.erase(subject, admin)
    assert counts.get("networks.Member") == 1
    assert not Member.objects.filter(user=subject).exists()


def test_erasure_deletes_the_persons_own_cohort_application_not_one_they_support(
    admin, subject, org_a
):
    """A change-maker application is about its applicant: erasing the applicant deletes
    it (with its voluntary monitoring); erasing their line manager keeps it."""
    from dueregard.cohorts.models import Application, Monitoring
    from dueregard.privacy import rights
    from tests.cohorts.helpers import make_application, make_cohort, make_user

    cohort = make_cohort(org_a)
    own = make_application(cohort, 1, user=subject, shared=(["prefer_not_to_say"], ""))
    manager = make_user("lena.manager@example.nhs.uk", "Lena Manager")
    supported = make_application(cohort, 2, line_manager_email=manager.email)
    counts = rights.erase(subject, admin)
    assert counts.get("cohorts.Application") == 1
    assert not Application.objects.filter(pk=own.pk).exists()
    assert not Monitoring.objects.filter(application_id=own.pk).exists()
    # the manager's own record of what they hold lists the application they supported...
    found = {f.declaration.model: f for f in rights.records(manager)}
    assert [a.pk for a in found["cohorts.Application"].records] == [supported.pk]
    # ...but erasing the manager leaves the applicant's application in place
    rights.erase(manager, admin)
    assert Application.objects.filter(pk=supported.pk).exists()
