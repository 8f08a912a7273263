"""The API's operations: the same services and rules as the web, problem details for
errors, paging, updated_since and ETags."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from dueregard.core.models import AuditEvent
from dueregard.core.roles import Role
from dueregard.events.models import Booking, BookingStatus, Series, Session
from dueregard.evidence.models import Analysis, Dataset
from dueregard.evidence.services import synthetic
from dueregard.idmf.models import Decision
from dueregard.idmf.services import decisions


@pytest.fixture
def frameworks(db):
    call_command("load_frameworks", verbosity=0)


@pytest.fixture
def lead_token(edi_lead_a, org_a, make_token):
    return make_token(edi_lead_a, org_a)


def _decision(user, org, title="Moving the clinic"):
    return decisions.create_decision(
        actor=user,
        system=org.system,
        organisation=org,
        title=title,
        decision_body="Board",
        decision_type="service_change",
    )


def test_create_a_decision_through_the_service(frameworks, lead_token, api, edi_lead_a):
    response = api(lead_token).post(
        "/api/v1/decisions",
        {
            "title": "Closing the walk-in centre",
            "decision_body": "Trust board",
            "decision_type": "service_change",
            "date_needed": "2027-03-31",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "screening" and body["current_version"] == 1
    decision = Decision.objects.get(pk=body["id"])
    assert decision.owner == edi_lead_a and decision.date_needed == dt.date(2027, 3, 31)
    event = AuditEvent.objects.get(action="idmf.decision.created")
    assert event.actor == edi_lead_a and event.organisation_id == decision.organisation_id


def test_invalid_input_is_a_problem_with_each_field(frameworks, lead_token, api):
    response = api(lead_token).post(
        "/api/v1/decisions",
        {"title": "", "decision_body": "Board", "decision_type": "guesswork"},
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("#problem-invalid") and problem["status"] == 422
    fields = {e["field"] for e in problem["errors"]}
    assert fields == {"title", "decision_type"}
    assert "Enter the proposal title" in problem["detail"]
    # A body that is not JSON, or misses fields, is a problem too (never a 500).
    response = api(lead_token).post("/api/v1/decisions", "{not json")
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"
    response = api(lead_token).post("/api/v1/decisions", {"title": "Only a title"})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} >= {"decision_body"}
    assert not Decision.objects.exists()


def test_unknown_addresses_are_problems_not_pages(api, lead_token):
    response = api(lead_token).get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert api(lead_token).get("/api/v2/decisions").status_code == 404
    wrong_method = api(lead_token).get("/api/v1/evidence/datasets/1/import")
    assert wrong_method.status_code == 405 and "POST" in wrong_method["Allow"]
    assert wrong_method.json()["type"].endswith("#problem-method-not-allowed")


def test_the_register_pages_filters_and_etags(frameworks, lead_token, api, edi_lead_a, org_a):
    for i in range(5):
        _decision(edi_lead_a, org_a, f"Decision {i}")
    caller = api(lead_token)
    first = caller.get("/api/v1/decisions?page_size=2")
    body = first.json()
    assert body["count"] == 5 and len(body["results"]) == 2
    assert body["next"].endswith("page=2&page_size=2") or "page=2" in body["next"]
    assert body["previous"] is None
    last = caller.get("/api/v1/decisions?page_size=2&page=3").json()
    assert len(last["results"]) == 1 and last["next"] is None
    assert caller.get("/api/v1/decisions?page_size=2&page=9").json()["results"] == []
    assert caller.get("/api/v1/decisions?page_size=500").status_code == 422

    # ETag: unchanged -> 304; changed -> a new body and ETag.
    etag = first["ETag"]
    again = caller.get("/api/v1/decisions?page_size=2", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    _decision(edi_lead_a, org_a, "Another")
    changed = caller.get("/api/v1/decisions?page_size=2", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag

    # updated_since: only what changed since then, audited changes included.
    later = timezone.now() + dt.timedelta(seconds=1)
    assert (
        caller.get("/api/v1/decisions", {"updated_since": later.isoformat()}).json()["count"] == 0
    )
    since = timezone.now()
    older = Decision.objects.get(title="Decision 0")
    decisions.update_decision(older, actor=edi_lead_a, design_group="Estates")
    results = caller.get("/api/v1/decisions", {"updated_since": since.isoformat()}).json()
    assert [d["title"] for d in results["results"]] == ["Decision 0"]
    assert results["results"][0]["last_changed"] >= since.isoformat()[:19]
    assert caller.get("/api/v1/decisions", {"updated_since": "yesterday"}).status_code == 422


def test_decision_detail_has_versions_and_the_public_summary(
    frameworks, lead_token, api, edi_lead_a, org_a
):
    decision = _decision(edi_lead_a, org_a)
    body = api(lead_token).get(f"/api/v1/decisions/{decision.pk}").json()
    assert [v["version"] for v in body["versions"]] == [1]
    assert body["public_summary"] is None and body["public_summary_url"] is None


def _session(org, capacity=1):
    series = Series.objects.create(system=org.system, organisation=org, title="IDMF workshop")
    series.allowed_organisations.set([org])
    return Session.objects.create(
        series=series, date=timezone.localdate() + dt.timedelta(days=10), capacity=capacity
    )


def test_book_a_place_through_the_booking_service(org_a, staff_a, make_user, make_token, api):
    session = _session(org_a, capacity=1)
    staff_token = make_token(staff_a, org_a, ["read:events", "write:bookings"])
    listed = api(staff_token).get("/api/v1/events/sessions").json()["results"]
    assert listed[0]["places_left"] == 1 and listed[0]["waiting"] == 0
    response = api(staff_token).post(
        f"/api/v1/events/sessions/{session.pk}/bookings", {"captions": True}
    )
    assert response.status_code == 201
    assert response.json()["status"] == BookingStatus.CONFIRMED
    booking = Booking.objects.get()
    assert booking.user == staff_a and booking.access_needs["captions"] is True
    assert mail.outbox and mail.outbox[-1].to == [staff_a.email]
    assert AuditEvent.objects.filter(action="events.booking.created").count() == 1
    # Booking again gives the same booking; the session is now full.
    again = api(staff_token).post(f"/api/v1/events/sessions/{session.pk}/bookings", {})
    assert again.status_code == 200 and again.json()["created"] is False
    detail = api(staff_token).get(f"/api/v1/events/sessions/{session.pk}").json()
    assert detail["places_left"] == 0
    # Someone else joins the waiting list, as on the web.
    other = make_user("other.a@example.nhs.uk", Role.STAFF, organisation=org_a)
    other_token = make_token(other, org_a, ["write:bookings"])
    waiting = api(other_token).post(f"/api/v1/events/sessions/{session.pk}/bookings", {})
    assert waiting.json()["status"] == BookingStatus.WAITING


def test_a_refused_booking_is_a_problem(org_a, staff_a, make_token, api):
    session = _session(org_a)
    Session.objects.filter(pk=session.pk).update(date=timezone.localdate() - dt.timedelta(days=1))
    token = make_token(staff_a, org_a, ["write:bookings"])
    response = api(token).post(f"/api/v1/events/sessions/{session.pk}/bookings", {})
    assert response.status_code == 422
    assert "already started" in response.json()["detail"]


def _upload(api, token, content, name="flu.csv", **fields):
    data = {"name": "Flu 2026", "kind": "uptake", **fields}
    data["file"] = SimpleUploadedFile(name, content, content_type="text/csv")
    return api(token).post("/api/v1/evidence/datasets", data, content_type=None)


@pytest.fixture
def analyst_token(make_user, org_a, make_token):
    analyst = make_user("analyst.a@example.nhs.uk", Role.ANALYST, organisation=org_a)
    return make_token(analyst, org_a, ["write:datasets", "read:evidence"])


def test_upload_import_and_analyse_with_polling(frameworks, api, analyst_token):
    clean = synthetic.uptake_csv(seed=1).replace(synthetic.MESSY_LABEL.encode(), b"African")
    response = _upload(api, analyst_token, clean)
    assert response.status_code == 201, response.content
    dataset = response.json()
    assert dataset["status"] == "ready" and dataset["progress"] == 100
    assert dataset["row_count"] > 0
    polled = api(analyst_token).get(f"/api/v1/evidence/datasets/{dataset['id']}").json()
    assert polled["status"] == "ready"

    started = api(analyst_token).post(
        f"/api/v1/evidence/datasets/{dataset['id']}/analyses",
        {"kind": "by-group", "group": "ethnicity"},
    )
    assert started.status_code == 202, started.content
    analysis = api(analyst_token).get(f"/api/v1/evidence/analyses/{started.json()['id']}").json()
    assert analysis["status"] == "ready"
    # Only the disclosure-controlled figures leave, never the full aggregates.
    stored = Analysis.objects.get(pk=analysis["id"])
    assert analysis["figures"] == stored.public
    assert "rows" not in analysis["figures"]
    assert AuditEvent.objects.filter(action="evidence.analysis.requested").exists()


def test_an_import_is_all_or_nothing(frameworks, api, analyst_token):
    """A label no map knows is refused before anything is imported, as on the web's mapping
    step: a problem naming the label, and no dataset with imported rows."""
    response = _upload(api, analyst_token, synthetic.uptake_csv(seed=1))
    assert response.status_code == 422, response.content
    problem = response.json()
    assert problem["type"].endswith("#problem-invalid")
    assert synthetic.MESSY_LABEL in problem["detail"]
    assert not Dataset.objects.filter(row_count__gt=0).exists()


def test_a_bad_file_is_a_problem(frameworks, api, analyst_token):
    response = _upload(api, analyst_token, b"\x00\x01 not a table", name="notes.txt")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "file"
    response = _upload(api, analyst_token, b"a,b\n1,2\n", kind="no-such-kind")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "kind"


def test_only_analysts_upload(frameworks, api, lead_token):
    response = _upload(api, lead_token, synthetic.uptake_csv(seed=1))
    assert response.status_code == 403


def test_the_register_costs_the_same_queries_for_more_rows(
    frameworks, lead_token, api, edi_lead_a, org_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    caller = api(lead_token)
    _decision(edi_lead_a, org_a, "First")
    caller.get("/api/v1/decisions?page_size=100")
    counts = []
    for extra in (0, 20):
        for i in range(extra):
            _decision(edi_lead_a, org_a, f"Decision {i}")
        with CaptureQueriesContext(connection) as ctx:
            body = caller.get("/api/v1/decisions?page_size=100").json()
        assert body["results"][0]["current_version"] == 1
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts  # current_assessment() prefetched, not one per row
