"""Roles decide what a user sees and may do."""

import pytest
from django.urls import reverse

from dueregard.core.roles import Role


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        (Role.EDI_LEAD, ["People", "Audit trail"], ["System"]),
        (Role.STAFF, [], ["People", "Audit trail", "System"]),
        (Role.PANEL_MEMBER, [], ["People", "Audit trail"]),
    ],
)
def test_navigation_follows_the_role(role, visible, hidden, make_user, org_a, client_for):
    user = make_user(f"{role}@example.nhs.uk", role, organisation=org_a)
    body = client_for(user).get(reverse("core:home")).content.decode()
    nav = (
        body.split('aria-label="Menu"')[1].split("</nav>")[0] if 'aria-label="Menu"' in body else ""
    )
    for label in visible:
        assert f">{label}<" in nav.replace("\n", "").replace("  ", ""), label
    for label in hidden:
        assert f">{label}<" not in nav, label


@pytest.mark.parametrize("url_name", ["core:members", "core:invite", "core:audit", "core:system"])
def test_staff_are_forbidden_from_admin_pages(url_name, client_for, staff_a):
    response = client_for(staff_a).get(reverse(url_name))
    assert response.status_code == 403
    assert "You cannot see this page" in response.content.decode()


def test_anonymous_users_are_sent_to_sign_in(client, db):
    response = client.get(reverse("core:members"))
    assert response.status_code == 302 and reverse("core:sign-in") in response.url


def test_system_view_needs_a_system_scope(make_user, system, org_a, client_for):
    admin = make_user("sysadmin@example.nhs.uk", Role.SYSTEM_ADMIN, system=system)
    client = client_for(admin)
    page = client.get(reverse("core:system"))
    assert page.status_code == 200 and "Alpha NHS Trust" in page.content.decode()


def test_organisation_switcher(make_user, org_a, system, client_for):
    from dueregard.core.models import Organisation

    org_c = Organisation.objects.create(
        system=system, name="Gamma Council", ods_code="CCC", type="council"
    )
    user = make_user("two@example.nhs.uk", Role.EDI_LEAD, organisation=org_a)
    make_user("two@example.nhs.uk", Role.STAFF, organisation=org_c)
    client = client_for(user)
    assert "Alpha NHS Trust" in client.get(reverse("core:home")).content.decode()
    bad = client.post(reverse("core:switch-scope"), {"scope": f"org:{org_c.pk + 999}"})
    assert bad.status_code == 400
    client.post(reverse("core:switch-scope"), {"scope": f"org:{org_c.pk}"})
    home = client.get(reverse("core:home")).content.decode()
    assert "Gamma Council" in home
    # Roles follow the scope: staff in Gamma, so no People page there.
    assert client.get(reverse("core:members")).status_code == 403


def test_member_cannot_remove_themselves(client_for, edi_lead_a):
    from dueregard.core.models import Membership

    own = Membership.objects.get(user=edi_lead_a)
    response = client_for(edi_lead_a).get(reverse("core:end-membership", args=[own.pk]))
    assert response.status_code == 403


def test_edi_lead_removes_a_membership_and_it_is_audited(client_for, edi_lead_a, staff_a):
    from dueregard.core.models import AuditEvent, Membership

    membership = Membership.objects.get(user=staff_a)
    client_for(edi_lead_a).post(reverse("core:end-membership", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.is_active is False
    event = AuditEvent.objects.get(action="membership.ended")
    assert event.before["is_active"] is True and event.after["is_active"] is False


def test_home_cards_show_their_headings_and_descriptions(client_for, edi_lead_a):
    body = client_for(edi_lead_a).get(reverse("core:home")).content.decode()
    cards = body.split('nhsuk-card-group"')[1].split("</ul>")[0]
    assert "People" in cards and "Invite people" in cards
    assert "Audit trail" in cards and "Who changed what" in cards


def test_the_scopes_are_looked_up_once_per_page(make_user, org_a, system, client_for):
    """The scope and the layout's organisation switcher share one lookup (load bench)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dueregard.core.models import Organisation

    org_c = Organisation.objects.create(
        system=system, name="Gamma Council", ods_code="CCC", type="council"
    )
    user = make_user("two@example.nhs.uk", Role.EDI_LEAD, organisation=org_a)
    make_user("two@example.nhs.uk", Role.STAFF, organisation=org_c)
    client = client_for(user)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("core:home"))
    assert page.status_code == 200
    assert "Alpha NHS Trust – change" in page.content.decode()  # two scopes: a switcher
    lookups = [
        q["sql"] for q in queries if 'FROM "core_membership"' in q["sql"] and "ORDER BY" in q["sql"]
    ]
    assert len(lookups) == 1, lookups
