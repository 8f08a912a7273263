import re

from django.core import mail
from django.urls import reverse

from dueregard.core.models import AuditEvent


def test_sign_in_with_email_and_password(client, edi_lead_a):
    response = client.post(
        reverse("core:sign-in"),
        {"email": "LEAD.A@example.nhs.uk", "password": "correct horse battery"},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="user.signed_in", actor=edi_lead_a).exists()
    home = client.get(reverse("core:home"))
    assert "Alpha NHS Trust" in home.content.decode()


def test_wrong_password_says_what_to_do_and_keeps_the_email(client, edi_lead_a):
    response = client.post(
        reverse("core:sign-in"), {"email": "lead.a@example.nhs.uk", "password": "nope"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: Sign in – dueregard</title>" in body
    assert "The e-mail address or password is not right" in body
    assert 'value="lead.a@example.nhs.uk"' in body


def test_empty_sign_in_links_each_error_to_its_field(client, db):
    response = client.post(reverse("core:sign-in"), {"email": "", "password": ""})
    body = response.content.decode()
    assert 'href="#id_email"' in body and "Enter your e-mail address" in body
    assert 'href="#id_password"' in body and "Enter your password" in body


def test_login_attempts_are_throttled(client, edi_lead_a):
    for _ in range(5):
        client.post(reverse("core:sign-in"), {"email": edi_lead_a.email, "password": "bad"})
    response = client.post(
        reverse("core:sign-in"), {"email": edi_lead_a.email, "password": "correct horse battery"}
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_sign_out_needs_a_post(client_for, edi_lead_a):
    client = client_for(edi_lead_a)
    assert client.get(reverse("core:sign-out")).status_code == 200
    assert client.get(reverse("core:home")).wsgi_request.user.is_authenticated
    client.post(reverse("core:sign-out"))
    assert not client.get(reverse("core:home")).wsgi_request.user.is_authenticated


def test_password_reset_round_trip(client, edi_lead_a):
    response = client.post(reverse("core:password-reset"), {"email": edi_lead_a.email})
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    weak = client.post(path, {"password1": "short", "password2": "short"})
    assert weak.status_code == 400
    assert "at least 12 characters" in weak.content.decode()
    done = client.post(
        path, {"password1": "a much better passphrase", "password2": "a much better passphrase"}
    )
    assert done.status_code == 302
    edi_lead_a.refresh_from_db()
    assert edi_lead_a.check_password("a much better passphrase")
    # The link works only once.
    assert client.get(path).status_code == 400


def test_password_reset_does_not_reveal_unknown_addresses(client, db):
    response = client.post(reverse("core:password-reset"), {"email": "nobody@example.nhs.uk"})
    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()
    assert mail.outbox == []


def test_open_redirects_are_refused(client, edi_lead_a):
    response = client.post(
        reverse("core:sign-in") + "?next=https://evil.example/",
        {"email": edi_lead_a.email, "password": "correct horse battery"},
    )
    assert response.url == reverse("core:home")
