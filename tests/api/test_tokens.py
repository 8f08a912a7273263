"""Tokens: shown once and stored hashed, scoped to a place and its creator's roles,
revocable, expiring, with last use recorded and a rate limit per token."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dueregard.api.models import ApiToken
from dueregard.api.services import tokens
from dueregard.core.models import AuditEvent, Membership
from dueregard.core.roles import Role
from dueregard.core.tenancy import resolve_scope


def test_the_token_is_stored_only_as_a_hash(edi_lead_a, org_a):
    new = tokens.create(
        resolve_scope(edi_lead_a, None), edi_lead_a, name="Intranet", scopes=["read:eds"], days=30
    )
    row = ApiToken.objects.get()
    assert new.plaintext.startswith(f"dr_{row.prefix}_")
    assert row.token_hash == hashlib.sha256(new.plaintext.encode()).hexdigest()
    assert new.plaintext not in str(ApiToken.objects.values().get())
    assert row.organisation == org_a and row.user == edi_lead_a
    event = AuditEvent.objects.get(action="api.token.created")
    assert new.plaintext not in str(event.after)


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"name": " ", "scopes": ["read:eds"], "days": 30}, "name"),
        ({"name": "X", "scopes": [], "days": 30}, "scopes"),
        ({"name": "X", "scopes": ["read:everything"], "days": 30}, "scopes"),
        ({"name": "X", "scopes": ["read:eds"], "days": 400}, "days"),
    ],
)
def test_creating_refuses_bad_input_with_a_message(edi_lead_a, kwargs, field):
    with pytest.raises(ValidationError) as exc:
        tokens.create(resolve_scope(edi_lead_a, None), edi_lead_a, **kwargs)
    assert field in exc.value.message_dict


def test_a_token_works_until_revoked(edi_lead_a, org_a, make_token, api):
    token = make_token(edi_lead_a, org_a, ["read:eds"])
    assert api(token).get("/api/v1/eds/assessments").status_code == 200
    row = ApiToken.objects.get()
    assert row.last_used_at is not None
    tokens.revoke(row, edi_lead_a)
    response = api(token).get("/api/v1/eds/assessments")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401
    assert AuditEvent.objects.filter(action="api.token.revoked").count() == 1


def test_an_expired_or_wrong_token_is_refused(edi_lead_a, org_a, make_token, api):
    token = make_token(edi_lead_a, org_a, ["read:eds"])
    assert api(token[:-2] + "xx").get("/api/v1/eds/assessments").status_code == 401
    assert api("nonsense").get("/api/v1/eds/assessments").status_code == 401
    assert api(None).get("/api/v1/eds/assessments").status_code == 401
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert api(token).get("/api/v1/eds/assessments").status_code == 401


def test_the_token_loses_its_power_with_its_person(edi_lead_a, org_a, make_token, api):
    token = make_token(edi_lead_a, org_a, ["read:eds"])
    Membership.objects.filter(user=edi_lead_a).update(is_active=False)
    assert api(token).get("/api/v1/eds/assessments").status_code == 401


def test_scopes_narrow_and_roles_still_apply(staff_a, edi_lead_a, org_a, make_token, api):
    # An EDI lead's token without read:decisions cannot read the register...
    narrow = make_token(edi_lead_a, org_a, ["read:eds"])
    response = api(narrow).get("/api/v1/decisions")
    assert response.status_code == 403
    assert "read:decisions" in response.json()["detail"]
    # ... and a staff member's token with read:eds cannot read EDS (staff may not, on the web).
    staff = make_token(staff_a, org_a, ["read:eds"])
    response = api(staff).get("/api/v1/eds/assessments")
    assert response.status_code == 403
    assert "eds.view" in response.json()["detail"]


def test_session_cookies_are_not_accepted(client_for, edi_lead_a):
    client = client_for(edi_lead_a)
    assert client.get("/api/v1/eds/assessments").status_code == 401


def test_each_token_has_a_rate_limit(edi_lead_a, org_a, make_token, api, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    token = make_token(edi_lead_a, org_a, ["read:eds"])
    other = make_token(edi_lead_a, org_a, ["read:eds"])
    answers = [api(token).get("/api/v1/eds/assessments") for _ in range(4)]
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    assert answers[0]["RateLimit-Limit"] == "3"
    assert answers[1]["RateLimit-Remaining"] == "1"
    assert 1 <= int(answers[3]["Retry-After"]) <= 61
    assert answers[3].json()["type"].endswith("#problem-rate-limited")
    # Another token has its own allowance; a new window starts after a minute.
    assert api(other).get("/api/v1/eds/assessments").status_code == 200
    ApiToken.objects.filter(name="Board papers").update(
        window_started_at=timezone.now() - dt.timedelta(seconds=61)
    )
    assert api(token).get("/api/v1/eds/assessments").status_code == 200


def test_last_used_is_written_at_most_once_a_minute(edi_lead_a, org_a, make_token, api):
    token = make_token(edi_lead_a, org_a, ["read:eds"])
    api(token).get("/api/v1/eds/assessments")
    first = ApiToken.objects.get().last_used_at
    api(token).get("/api/v1/eds/assessments")
    assert ApiToken.objects.get().last_used_at == first
    earlier = first - dt.timedelta(minutes=5)
    ApiToken.objects.update(last_used_at=earlier)
    api(token).get("/api/v1/eds/assessments")
    assert ApiToken.objects.get().last_used_at > earlier


def test_a_system_token_sees_the_whole_system(make_user, system, org_a, make_token, api):
    from dueregard.core.models import Organisation

    Organisation.objects.create(system=system, name="Gamma", ods_code="GGG", type="nhs_trust")
    admin = make_user("admin@example.nhs.uk", Role.SYSTEM_ADMIN, system=system)
    token = tokens.create(
        resolve_scope(admin, f"system:{system.pk}"),
        admin,
        name="ICS dashboard",
        scopes=["read:organisations"],
        days=30,
    ).plaintext
    body = api(token).get("/api/v1/organisations").json()
    assert body["count"] == 2
    assert ApiToken.objects.get(name="ICS dashboard").organisation is None
