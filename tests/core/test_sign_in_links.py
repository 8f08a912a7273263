"""Sign-in links for people without an NHS account, invitations that create the account,
idle sessions, the session warning's endpoints and signing out everywhere."""

import re
import time

from django.core import mail
from django.test import Client

from dueregard.core.models import AuditEvent, Invitation, User
from dueregard.core.roles import Role
from dueregard.core.services import memberships
from dueregard.core.session_policy import LAST_SEEN


def _link(message):
    return re.search(r"https?://testserver(\S+)", message.body).group(1)


def _invite(edi_lead, org, email="pat@example.org", role=Role.PANEL_MEMBER, **extra):
    return memberships.invite(actor=edi_lead, email=email, role=role, organisation=org, **extra)


def test_invitee_without_an_account_chooses_links_and_comes_back_by_link(client, edi_lead_a, org_a):
    sent = _invite(edi_lead_a, org_a, base_url="http://testserver")
    path = sent.link.replace("http://testserver", "")
    page = client.get(path)
    assert "E-mail me a link each time" in page.content.decode()
    missing = client.post(path, {"full_name": "", "how": ""})
    assert missing.status_code == 400
    body = missing.content.decode()
    assert "Enter your full name" in body and "Choose how you want to sign in" in body
    needs_password = client.post(path, {"full_name": "Pat Panel", "how": "password"})
    assert (
        needs_password.status_code == 400 and "Enter a password" in needs_password.content.decode()
    )

    joined = client.post(path, {"full_name": "Pat Panel", "how": "link"})
    assert joined.status_code == 302
    user = User.objects.get(email="pat@example.org")
    assert user.sign_in_by_link and not user.has_usable_password()
    client.post("/sign-out/")

    mail.outbox.clear()
    asked = client.post("/sign-in/link/?next=/eds/", {"email": "PAT@example.org"})
    assert asked.status_code == 200 and "Check your e-mail" in asked.content.decode()
    link = _link(mail.outbox[0])
    assert "next=%2Feds%2F" in link
    confirm = client.get(link)
    assert confirm.status_code == 200 and "Sign in with your link" in confirm.content.decode()
    assert "_auth_user_id" not in client.session  # opening the link alone does not sign in
    signed_in = client.post(link)
    assert signed_in.status_code == 302 and signed_in.url == "/eds/"
    assert client.session["_auth_user_id"] == str(user.pk)
    event = AuditEvent.objects.filter(action="user.signed_in", actor=user).latest("id")
    assert event.after["method"] == "link" and event.organisation == org_a

    # The link works once.
    client.post("/sign-out/")
    used = client.post(link)
    assert used.status_code == 400
    assert "has been used or has expired" in used.content.decode()
    assert "E-mail me a new link" in used.content.decode()
    assert AuditEvent.objects.filter(action="user.sign_in_failed", after__method="link").exists()


def test_an_expired_link_is_refused(client, settings, staff_a):
    client.post("/sign-in/link/", {"email": staff_a.email})
    link = _link(mail.outbox[0])
    settings.SESAME_MAX_AGE = -1
    assert client.post(link).status_code == 400
    assert "_auth_user_id" not in client.session


def test_link_request_says_the_same_for_unknown_addresses(client, db):
    response = client.post("/sign-in/link/", {"email": "nobody@example.org"})
    assert response.status_code == 200 and "Check your e-mail" in response.content.decode()
    assert not mail.outbox
    bad = client.post("/sign-in/link/", {"email": "not an address"})
    assert bad.status_code == 400 and "correct format" in bad.content.decode()


def test_invitation_to_a_workshop_goes_on_to_the_page_it_names(client, edi_lead_a, org_a):
    sent = _invite(edi_lead_a, org_a, role=Role.STAFF, next_url="/events/", send=False)
    assert not mail.outbox  # the caller puts the link in its own e-mail
    path = sent.link
    joined = client.post(path, {"full_name": "Wendy Guest", "how": "link"})
    assert joined.status_code == 302 and joined.url == "/events/"


def test_idle_sessions_end_and_say_why(client, client_for, staff_a, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client = client_for(staff_a)
    assert client.get("/").status_code == 200
    session = client.session
    session[LAST_SEEN] = time.time() - 31 * 60
    session.save()
    response = client.get("/members/")
    assert response.status_code == 302 and response.url.startswith("/sign-in/?next=")
    assert "_auth_user_id" not in client.session
    page = client.get(response.url)
    assert "did nothing for 30 minutes" in page.content.decode()
    assert AuditEvent.objects.filter(action="user.session_ended", after={"reason": "idle"}).exists()


def test_session_status_and_extend(client_for, staff_a, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client = client_for(staff_a)
    client.get("/")
    session = client.session
    session[LAST_SEEN] = time.time() - 29 * 60
    session.save()
    status = client.get("/session/status/").json()
    assert status["signed_in"] and 0 < status["seconds_left"] <= 60
    # Asking is not activity...
    assert client.get("/session/status/").json()["seconds_left"] <= 60
    # ...staying signed in is.
    extended = client.post("/session/extend/", HTTP_ACCEPT="application/json").json()
    assert extended["seconds_left"] > 29 * 60


def test_sign_out_everywhere_ends_other_sessions(client_for, staff_a):
    laptop = client_for(staff_a)
    phone = Client()
    phone.post("/sign-in/", {"email": staff_a.email, "password": "correct horse battery"})
    assert phone.get("/").status_code == 200 and "_auth_user_id" in phone.session
    response = laptop.post("/sign-out/everywhere/")
    assert response.status_code == 302
    ended = phone.get("/members/")
    assert ended.status_code == 302 and ended.url.startswith("/sign-in/")
    assert "_auth_user_id" not in phone.session
    assert AuditEvent.objects.filter(action="user.signed_out_everywhere").exists()


def test_every_sign_in_method_and_failure_is_audited(client, staff_a):
    client.post("/sign-in/", {"email": staff_a.email, "password": "wrong"})
    failed = AuditEvent.objects.get(action="user.sign_in_failed")
    assert failed.after == {"method": "password", "email": staff_a.email}
    client.post("/sign-in/", {"email": staff_a.email, "password": "correct horse battery"})
    ok = AuditEvent.objects.get(action="user.signed_in")
    assert ok.after == {"method": "password", "two_factor": False} and ok.organisation


def test_pending_invitation_is_accepted_by_a_signed_in_invitee(
    client_for, edi_lead_a, staff_a, org_a
):
    sent = _invite(edi_lead_a, org_a, email=staff_a.email, role=Role.ASSESSOR)
    client = client_for(staff_a)
    response = client.post(sent.link)
    assert response.status_code == 302
    assert Invitation.objects.get(pk=sent.invitation.pk).accepted_by == staff_a


def test_activity_is_recorded_to_the_minute_not_on_every_page(client_for, staff_a):
    """A page view within a minute of the last writes nothing to the session (load bench:
    the write was an UPDATE and a commit per request); a later one, or staying signed in,
    records the activity."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dueregard.core.session_policy import ACTIVITY_RESOLUTION

    def session_writes(do) -> int:
        with CaptureQueriesContext(connection) as queries:
            do()
        return sum(
            1 for q in queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]
        )

    client = client_for(staff_a)
    assert client.get("/").status_code == 200
    first = client.session[LAST_SEEN]
    assert session_writes(lambda: client.get("/members/")) == 0
    assert client.session[LAST_SEEN] == first
    session = client.session
    session[LAST_SEEN] = time.time() - ACTIVITY_RESOLUTION - 1
    session.save()
    assert session_writes(lambda: client.get("/")) == 1
    assert time.time() - client.session[LAST_SEEN] < 5
    before = client.session[LAST_SEEN]
    client.post("/session/extend/", HTTP_ACCEPT="application/json")
    assert client.session[LAST_SEEN] > before
