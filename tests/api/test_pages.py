"""The token and webhook pages: create (shown once), list, revoke; who may use them."""

import re

import pytest

from dueregard.api.models import ApiToken, WebhookEndpoint
from dueregard.api.services import tokens
from dueregard.core.tenancy import resolve_scope


def test_create_a_token_shows_it_once(client_for, edi_lead_a, org_a, api):
    client = client_for(edi_lead_a)
    assert client.get("/api-access/").status_code == 200
    page = client.get("/api-access/tokens/new/")
    assert page.status_code == 200
    response = client.post(
        "/api-access/tokens/new/",
        {"name": "Board papers", "scopes": ["read:decisions", "read:eds"], "days": "90"},
    )
    assert response.status_code == 302 and response["Location"] == "/api-access/shown-once/"
    shown = client.get("/api-access/shown-once/").content.decode()
    token = re.search(r"dr_[0-9a-f]{8}_[A-Za-z0-9_-]{40,}", shown).group(0)
    assert api(token).get("/api/v1/eds/assessments").status_code == 200
    # Shown once: the next visit has nothing to show.
    assert client.get("/api-access/shown-once/").status_code == 302
    listing = client.get("/api-access/").content.decode()
    assert "Board papers" in listing and token not in listing
    assert ApiToken.objects.get().scopes == ["read:decisions", "read:eds"]


def test_a_bad_token_form_says_what_is_wrong(client_for, edi_lead_a):
    response = client_for(edi_lead_a).post("/api-access/tokens/new/", {"name": ""})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter a name that says which system will use it" in text
    assert "Choose at least one thing the token may do" in text
    assert "<title>Error: " in text


def test_revoke_a_token(client_for, edi_lead_a, org_a, api, make_token):
    token = make_token(edi_lead_a, org_a, ["read:eds"])
    row = ApiToken.objects.get()
    client = client_for(edi_lead_a)
    assert client.get(f"/api-access/tokens/{row.pk}/revoke/").status_code == 200
    assert client.post(f"/api-access/tokens/{row.pk}/revoke/").status_code == 302
    assert api(token).get("/api/v1/eds/assessments").status_code == 401


def test_add_and_remove_a_webhook(client_for, edi_lead_a):
    client = client_for(edi_lead_a)
    bad = client.post("/api-access/webhooks/new/", {"url": "http://x.example/h", "events": []})
    assert bad.status_code == 400
    assert "Choose at least one event" in bad.content.decode()
    response = client.post(
        "/api-access/webhooks/new/",
        {"url": "https://intranet.example.nhs.uk/hooks", "events": ["decision.signed_off"]},
    )
    assert response.status_code == 302
    shown = client.get("/api-access/shown-once/").content.decode()
    assert WebhookEndpoint.objects.get().secret in shown
    endpoint = WebhookEndpoint.objects.get()
    assert client.get(f"/api-access/webhooks/{endpoint.pk}/").status_code == 200
    assert client.post(f"/api-access/webhooks/{endpoint.pk}/").status_code == 302
    assert not WebhookEndpoint.objects.get().is_active


@pytest.mark.parametrize("path", ["/api-access/", "/api-access/tokens/new/"])
def test_only_edi_leads_and_admins_manage_access(client_for, staff_a, path):
    assert client_for(staff_a).get(path).status_code == 403


def test_the_docs_page_lists_every_operation(client):
    from dueregard.api.v1 import api as api_v1

    page = client.get("/api/v1/docs").content.decode()
    schema = api_v1.get_openapi_schema()
    for item in schema["paths"].values():
        for operation in item.values():
            assert f'id="{operation["operationId"]}"' in page
    assert "problem-rate-limited" in page and "Dueregard-Signature" in page
    assert 'src="http' not in page  # nothing loaded from elsewhere


def test_the_revoke_page_of_a_revoked_token_changes_nothing(client_for, edi_lead_a, org_a):
    scope_token = tokens.create(
        resolve_scope(edi_lead_a, None),
        edi_lead_a,
        name="X",
        scopes=["read:eds"],
        days=30,
    ).token
    tokens.revoke(scope_token, edi_lead_a)
    first = ApiToken.objects.get().revoked_at
    client_for(edi_lead_a).post(f"/api-access/tokens/{scope_token.pk}/revoke/")
    assert ApiToken.objects.get().revoked_at == first
