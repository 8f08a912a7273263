"""Administering the tree (regions, systems, organisations, ODS import, moving an
organisation with its data) and access reviews (page, CSV, audited sign-off)."""

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dueregard.core.models import AccessReview, AuditEvent, Organisation, Region, System
from dueregard.core.roles import Role
from dueregard.core.services import tree
from dueregard.core.services.memberships import grant

FIXTURE = Path(__file__).with_name("fixtures") / "etr_sample.csv"


@pytest.fixture
def admin_a(make_user, org_a):
    return make_user("admin.a@example.nhs.uk", Role.SYSTEM_ADMIN, system=org_a.system)


def _system_scope(client):
    from dueregard.core.middleware import SESSION_KEY

    session = client.session
    session[SESSION_KEY] = f"system:{System.objects.get(code='TICS').pk}"
    session.save()
    return client


def test_admin_adds_an_organisation_with_a_valid_ods_code(client_for, admin_a, org_a):
    client = _system_scope(client_for(admin_a))
    bad = client.post(
        "/tree/organisations/add/",
        {"name": "Gamma Trust", "ods_code": "r!1", "type": "nhs_trust"},
    )
    assert bad.status_code == 400 and "3 to 10 capital letters" in bad.content.decode()
    assert "<title>Error:" in bad.content.decode().replace("\n", "")
    taken = client.post(
        "/tree/organisations/add/", {"name": "Gamma Trust", "ods_code": "aaa", "type": "nhs_trust"}
    )
    assert taken.status_code == 400 and "exists" in taken.content.decode()
    ok = client.post(
        "/tree/organisations/add/",
        {"name": "Gamma Trust", "ods_code": "rx9", "type": "nhs_trust", "require_two_factor": "on"},
    )
    assert ok.status_code == 302
    gamma = Organisation.objects.get(ods_code="RX9")
    assert gamma.system == org_a.system
    assert AuditEvent.objects.filter(action="organisation.created", organisation=gamma).exists()


def test_only_system_administrators_manage_the_tree(client_for, edi_lead_a):
    assert client_for(edi_lead_a).get("/tree/").status_code == 403


def test_add_a_region_and_a_system(client_for, admin_a):
    client = client_for(admin_a)
    assert client.post("/tree/regions/add/", {"name": "", "code": ""}).status_code == 400
    assert client.post("/tree/regions/add/", {"name": "Midlands", "code": "Y60"}).status_code == 302
    region = Region.objects.get(code="Y60")
    response = client.post(
        "/tree/systems/add/", {"name": "Leicester ICS", "code": "QK1", "region": region.pk}
    )
    assert response.status_code == 302
    new = System.objects.get(code="QK1")
    assert new.memberships.filter(user=admin_a, role=Role.SYSTEM_ADMIN).exists()
    assert {"region.saved", "system.created"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )


def test_ods_fixture_in_the_real_layout_imports(admin_a, org_a):
    result = tree.import_ods(
        FIXTURE.read_bytes(), system=org_a.system, type="nhs_trust", actor=admin_a
    )
    assert result.created == ["RWE", "RT5", "RX1"]
    assert result.skipped_closed == ["RBA"]
    rwe = Organisation.objects.get(ods_code="RWE")
    assert rwe.name == "University Hospitals of Leicester NHS Trust"
    again = tree.import_ods(
        FIXTURE.read_bytes(), system=org_a.system, type="nhs_trust", actor=admin_a
    )
    assert again.created == [] and again.updated == []


def test_ods_import_page_refuses_a_wrong_file_and_saves_nothing(client_for, admin_a, org_a):
    client = client_for(admin_a)
    lines = FIXTURE.read_text().splitlines()
    broken = "\n".join([lines[0], '"not a code!","X"', "a,b"]).encode()
    response = client.post(
        "/tree/import/",
        {"file": SimpleUploadedFile("etr.csv", broken, "text/csv"), "type": "nhs_trust"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Line 2" in body and "Line 3" in body
    assert not Organisation.objects.filter(ods_code="RWE").exists()
    ok = client.post(
        "/tree/import/",
        {"file": SimpleUploadedFile("etr.csv", FIXTURE.read_bytes()), "type": "nhs_trust"},
    )
    assert ok.status_code == 200 and "RWE" in ok.content.decode()


def test_moving_an_organisation_takes_its_data(admin_a, org_a):
    from dueregard.idmf.models import Decision

    other = System.objects.create(name="Elsewhere ICS", code="EICS")
    grant(admin_a, Role.SYSTEM_ADMIN, system=other)
    decision = Decision.objects.create(
        system=org_a.system,
        organisation=org_a,
        title="Close a ward",
        owner=admin_a,
        decision_body="Board",
        decision_type=Decision._meta.get_field("decision_type").choices[0][0],
    )
    moved = tree.move_organisation(org_a, other, actor=admin_a)
    org_a.refresh_from_db()
    decision.refresh_from_db()
    assert org_a.system == other and decision.system == other
    assert moved["idmf.Decision"] == 1
    event = AuditEvent.objects.get(action="organisation.moved")
    assert event.before["system"] == "Test ICS" and event.after["system"] == "Elsewhere ICS"


def test_moving_needs_administration_of_both_systems(client_for, admin_a, org_a):
    other = System.objects.create(name="Elsewhere ICS", code="EICS")
    client = client_for(admin_a)
    page = client.get(f"/tree/organisations/{org_a.pk}/move/")
    assert "nowhere to move it" in page.content.decode()
    refused = client.post(f"/tree/organisations/{org_a.pk}/move/", {"system": other.pk})
    assert refused.status_code == 400
    org_a.refresh_from_db()
    assert org_a.system.code == "TICS"


def test_access_review_page_csv_and_sign_off(client_for, edi_lead_a, staff_a, org_a):
    client = client_for(edi_lead_a)
    page = client.get(f"/access-review/{org_a.pk}/")
    body = page.content.decode()
    assert page.status_code == 200 and staff_a.email in body and "not been reviewed yet" in body

    export = client.get(f"/access-review/{org_a.pk}/csv/")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "E-mail", "Role", "Held in", "Status", "Last sign-in", "Two-factor"]
    assert {r[1] for r in rows[1:]} == {edi_lead_a.email, staff_a.email}

    unconfirmed = client.post(f"/access-review/{org_a.pk}/", {"notes": "x"})
    assert (
        unconfirmed.status_code == 400
        and "Confirm you have checked" in unconfirmed.content.decode()
    )
    signed = client.post(f"/access-review/{org_a.pk}/", {"notes": "All fine", "confirm": "on"})
    assert signed.status_code == 302
    review = AccessReview.objects.get()
    assert (review.people, review.roles, review.signed_off_by) == (2, 2, edi_lead_a)
    assert "Last signed off" in client.get(f"/access-review/{org_a.pk}/").content.decode()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"access_review.signed_off", "access_review.exported"} <= actions


def test_staff_cannot_see_the_access_review(client_for, staff_a, org_a):
    assert client_for(staff_a).get(f"/access-review/{org_a.pk}/").status_code == 403


def test_csv_defuses_formulas(make_user, org_a):
    from dueregard.core.services import access_review

    make_user("evil@example.org", Role.STAFF, organisation=org_a).__class__.objects.filter(
        email="evil@example.org"
    ).update(full_name="=HYPERLINK(1)")
    assert "'=HYPERLINK(1)" in access_review.csv_bytes(org_a).decode("utf-8-sig")


def test_identity_provider_form_validates(client_for, admin_a):
    client = client_for(admin_a)
    bad = client.post(
        "/tree/sign-in/add/",
        {
            "name": "",
            "slug": "Bad Slug",
            "issuer": "not a url",
            "email_domains": "nope",
            "button_label": "",
            "client_id": "",
            "two_factor_amr": "mfa",
            "jit_accounts": "on",
        },
    )
    body = bad.content.decode()
    assert bad.status_code == 400
    for message in ("Enter the provider", "small letters", "full address", "separated by commas"):
        assert message in body
