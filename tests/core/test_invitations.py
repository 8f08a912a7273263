import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from dueregard.core.models import AuditEvent, Invitation, Membership, User
from dueregard.core.roles import Role


def _invite(client, email="panel@example.org", role=Role.PANEL_MEMBER):
    return client.post(
        reverse("core:invite"), {"email": email, "full_name": "Pat Panel", "role": role}
    )


def _link_path(message):
    return re.search(r"https?://testserver(\S+)", message.body).group(1)


def test_edi_lead_invites_a_panel_member_who_joins(client_for, client, edi_lead_a, org_a):
    response = _invite(client_for(edi_lead_a))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "Alpha NHS Trust" in mail.outbox[0].subject
    path = _link_path(mail.outbox[0])
    client.logout()
    page = client.get(path)
    assert page.status_code == 200 and "Local-interest panel member" in page.content.decode()
    joined = client.post(
        path,
        {
            "full_name": "Pat Panel",
            "how": "password",
            "password1": "a long passphrase",
            "password2": "a long passphrase",
        },
    )
    assert joined.status_code == 302
    user = User.objects.get(email="panel@example.org")
    assert Membership.objects.filter(user=user, organisation=org_a, role=Role.PANEL_MEMBER).exists()
    assert AuditEvent.objects.filter(action="membership.created", organisation=org_a).exists()
    # Used once only.
    again = client.get(path)
    assert again.status_code == 400 and "already been used" in again.content.decode()


def test_expired_invitation_says_so(client_for, client, edi_lead_a):
    _invite(client_for(edi_lead_a))
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    response = client.get(_link_path(mail.outbox[0]))
    assert response.status_code == 400
    assert "expired" in response.content.decode()


def test_duplicate_invitation_is_refused_with_a_reason(client_for, edi_lead_a):
    client = client_for(edi_lead_a)
    _invite(client)
    response = _invite(client)
    assert response.status_code == 400
    assert "already has an invitation" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_staff_cannot_invite(client_for, staff_a):
    assert _invite(client_for(staff_a)).status_code == 403


def test_invalid_invite_form_keeps_what_was_typed(client_for, edi_lead_a):
    response = client_for(edi_lead_a).post(
        reverse("core:invite"), {"email": "not-an-email", "full_name": "Kept Name"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Enter an e-mail address in the correct format" in body
    assert "Choose the role this person will have" in body
    assert 'value="Kept Name"' in body


def test_withdrawn_invitation_cannot_be_used(client_for, client, edi_lead_a):
    lead = client_for(edi_lead_a)
    _invite(lead)
    invitation = Invitation.objects.get()
    lead.post(reverse("core:revoke-invitation", args=[invitation.pk]))
    lead.logout()
    response = client.get(_link_path(mail.outbox[0]))
    assert response.status_code == 400 and "withdrawn" in response.content.decode()


@pytest.mark.parametrize("role", [Role.STAFF, Role.ASSESSOR])
def test_system_invitations_only_for_system_roles(client_for, make_user, system, role):
    admin = make_user("admin@example.nhs.uk", Role.SYSTEM_ADMIN, system=system)
    client = client_for(admin)
    page = client.get(reverse("core:invite"))
    assert str(role.label) not in page.content.decode()
    response = _invite(client, role=role)
    assert response.status_code == 400
