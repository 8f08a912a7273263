"""Administering people: nobody grants a role above their own, the last system
administrator stays, role changes, second roles, suspend and reinstate, leavers."""

import pytest
from django.core.exceptions import ValidationError

from dueregard.core.models import AuditEvent, Membership
from dueregard.core.roles import Role
from dueregard.core.services import memberships, people
from dueregard.core.services.memberships import grant


@pytest.fixture
def admin_a(make_user, org_a):
    return make_user("admin.a@example.nhs.uk", Role.SYSTEM_ADMIN, system=org_a.system)


def _membership(user, org):
    return Membership.objects.get(user=user, organisation=org)


def test_an_edi_lead_cannot_invite_a_system_administrator(client_for, edi_lead_a):
    client = client_for(edi_lead_a)
    page = client.get("/members/invite/").content.decode()
    assert "System administrator" not in page and "Assessor" in page
    response = client.post(
        "/members/invite/",
        {"email": "boss@example.nhs.uk", "role": Role.SYSTEM_ADMIN, "full_name": ""},
    )
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="invitation.created").exists()


def test_an_edi_lead_cannot_make_someone_a_system_administrator(
    client_for, edi_lead_a, staff_a, org_a
):
    membership = _membership(staff_a, org_a)
    response = client_for(edi_lead_a).post(
        f"/members/{membership.pk}/role/", {"role": Role.SYSTEM_ADMIN}
    )
    assert response.status_code == 400
    assert "Choose a role" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.STAFF


def test_role_change_and_second_role_are_audited(client_for, edi_lead_a, staff_a, org_a):
    client = client_for(edi_lead_a)
    membership = _membership(staff_a, org_a)
    assert (
        client.post(f"/members/{membership.pk}/role/", {"role": Role.ASSESSOR}).status_code == 302
    )
    membership.refresh_from_db()
    assert membership.role == Role.ASSESSOR
    change = AuditEvent.objects.get(action="membership.role_changed")
    assert change.before["role"] == Role.STAFF and change.after["role"] == Role.ASSESSOR
    assert change.organisation == org_a

    added = client.post(f"/members/{membership.pk}/second-role/", {"second-role": Role.STAFF})
    assert added.status_code == 302
    assert set(Membership.objects.active().filter(user=staff_a).values_list("role", flat=True)) == {
        Role.ASSESSOR,
        Role.STAFF,
    }
    twice = client.post(f"/members/{membership.pk}/second-role/", {"second-role": Role.STAFF})
    assert twice.status_code == 400 and "already have this role" in twice.content.decode()


def test_an_edi_lead_cannot_change_a_system_administrators_role(
    client_for, edi_lead_a, make_user, org_a
):
    boss = make_user("boss@example.nhs.uk", Role.SYSTEM_ADMIN, organisation=org_a)
    membership = _membership(boss, org_a)
    response = client_for(edi_lead_a).post(f"/members/{membership.pk}/suspend/")
    assert response.status_code == 400
    assert "above your own" in response.content.decode()


def test_suspend_and_reinstate(client_for, edi_lead_a, staff_a, org_a):
    client = client_for(edi_lead_a)
    membership = _membership(staff_a, org_a)
    assert client.post(f"/members/{membership.pk}/suspend/").status_code == 302
    assert not Membership.objects.active().filter(user=staff_a).exists()
    assert "Suspended" in client.get("/members/").content.decode()
    assert client.post(f"/members/{membership.pk}/reinstate/").status_code == 302
    assert Membership.objects.active().filter(user=staff_a).exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"membership.suspended", "membership.reinstated"} <= actions


def test_the_last_system_administrator_cannot_be_removed(client_for, make_user, org_a, admin_a):
    other = make_user("admin2@example.nhs.uk", Role.SYSTEM_ADMIN, organisation=org_a)
    first = _membership(other, org_a)
    assert client_for(admin_a).post(f"/members/{first.pk}/remove/").status_code == 302
    # admin_a is now the last one: not even the platform itself can remove or suspend them.
    last = Membership.objects.get(user=admin_a)
    with pytest.raises(ValidationError, match="last system administrator"):
        memberships.end_membership(last, actor=None)
    with pytest.raises(ValidationError, match="last system administrator"):
        people.suspend(last, actor=None)
    assert Membership.objects.active().filter(pk=last.pk).exists()


def test_an_edi_lead_cannot_remove_a_system_administrator(client_for, edi_lead_a, make_user, org_a):
    boss = make_user("boss@example.nhs.uk", Role.SYSTEM_ADMIN, organisation=org_a)
    membership = _membership(boss, org_a)
    response = client_for(edi_lead_a).post(f"/members/{membership.pk}/remove/")
    assert response.status_code == 400 and "above your own" in response.content.decode()
    assert Membership.objects.active().filter(pk=membership.pk).exists()


def test_a_leaver_loses_every_role_and_every_session(
    client_for, client, admin_a, staff_a, org_a, make_user
):
    grant(staff_a, Role.ASSESSOR, organisation=org_a)
    staff_client = client_for(staff_a)
    assert staff_client.get("/").status_code == 200
    from django.test import Client

    admin_client = Client()
    admin_client.force_login(admin_a, backend="django.contrib.auth.backends.ModelBackend")
    membership = Membership.objects.filter(user=staff_a).first()
    page = admin_client.get(f"/members/{membership.pk}/leaver/")
    assert page.status_code == 200 and "Mark as a leaver" in page.content.decode()
    response = admin_client.post(f"/members/{membership.pk}/leaver/")
    assert response.status_code == 302
    staff_a.refresh_from_db()
    assert not staff_a.is_active
    assert not Membership.objects.active().filter(user=staff_a).exists()
    assert staff_client.get("/members/").status_code == 302
    event = AuditEvent.objects.get(action="user.left")
    assert event.after == {"roles": [], "account_closed": True}


def test_an_edi_lead_cannot_mark_a_leaver(client_for, edi_lead_a, staff_a, org_a):
    membership = _membership(staff_a, org_a)
    assert client_for(edi_lead_a).post(f"/members/{membership.pk}/leaver/").status_code == 403
