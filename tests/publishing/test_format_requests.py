"""Anyone can ask for a published page in another format; the EDI lead is told, and tracks
the request to a reply."""

import pytest
from django.core import mail
from django.urls import reverse

from dueregard.core.models import AuditEvent, Notification
from dueregard.publishing import published
from dueregard.publishing.models import FormatRequest


@pytest.fixture
def page(org_a, monkeypatch):
    page = published.PublishedPage("EDS report 2025-26", org_a.system, org_a, "/eds/published/x/")
    monkeypatch.setitem(published._RESOLVERS, "test", lambda slug: page if slug == "s1" else None)
    return page


def _url(name="publishing:request-format", slug="s1"):
    return reverse(name, args=["test", slug])


GOOD = {"format": "braille", "name": "Sam Reader", "email": "sam@example.com"}


def test_a_request_is_recorded_and_reaches_the_edi_lead(client, page, edi_lead_a, edi_lead_b):
    assert client.get(_url()).status_code == 200
    response = client.post(_url(), GOOD)
    assert response.status_code == 302 and response["Location"] == _url("publishing:request-sent")
    req = FormatRequest.objects.get()
    assert (req.organisation, req.format, req.status) == (page.organisation, "braille", "open")
    sent = Notification.objects.filter(template="publishing_format_request")
    assert [n.recipient for n in sent] == [edi_lead_a.email]  # not the other organisation's
    assert any("Braille" in m.body for m in mail.outbox)
    assert AuditEvent.objects.filter(action="publishing.format_requested").exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Choose the format you need"),
        ({**GOOD, "email": "not-an-address"}, "Enter an e-mail address in the right format"),
        ({**GOOD, "format": "language"}, "Enter the language you need"),
        ({**GOOD, "name": ""}, "Enter your name"),
    ],
)
def test_a_bad_request_says_what_to_fix_and_saves_nothing(client, page, data, message):
    response = client.post(_url(), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and "There is a problem" in body
    assert FormatRequest.objects.count() == 0


def test_an_unknown_page_is_404(client, page):
    assert client.get(_url(slug="nope")).status_code == 404
    assert (
        client.get(reverse("publishing:request-format", args=["nokind", "s1"])).status_code == 404
    )


def test_the_edi_lead_tracks_the_request_to_a_reply(client, client_for, page, edi_lead_a, staff_a):
    client.post(_url(), GOOD)
    req = FormatRequest.objects.get()
    lead = client_for(edi_lead_a)
    listing = lead.get(reverse("publishing:requests")).content.decode()
    assert "EDS report 2025-26" in listing and "Waiting for a reply" in listing
    assert lead.post(reverse("publishing:request", args=[req.pk]), {}).status_code == 400
    response = lead.post(
        reverse("publishing:request", args=[req.pk]), {"reply_note": "Sent the BRF file"}
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == "replied" and req.replied_by == edi_lead_a
    assert AuditEvent.objects.filter(action="publishing.format_request_replied").exists()
    assert client_for(staff_a).get(reverse("publishing:requests")).status_code == 403
