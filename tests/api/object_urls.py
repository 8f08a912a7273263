"""Object URLs of the API app.

``OBJECT_URL_FACTORIES``: the token and webhook pages (checked with a signed-in person by
``tests/core/test_tenancy_isolation.py``). ``API_OBJECT_FACTORIES``: every API operation
with an object id in its path, keyed ``"METHOD /api/v1/path"``, each making the object in
a given organisation and returning the path's parameters; ``tests/api/test_api_isolation.py``
requests each with a token of another organisation (every scope, every role) and expects
404. ``API_URL_NAMES`` are the API's own URL names, covered by that test, not the web one.
"""

from datetime import timedelta

from django.utils import timezone

from dueregard.api.models import ApiToken, WebhookEndpoint
from tests.awards.object_urls import OBJECT_URL_FACTORIES as AWARDS
from tests.eds.object_urls import OBJECT_URL_FACTORIES as EDS
from tests.events.object_urls import OBJECT_URL_FACTORIES as EVENTS
from tests.evidence.object_urls import OBJECT_URL_FACTORIES as EVIDENCE
from tests.idmf.object_urls import OBJECT_URL_FACTORIES as IDMF


def _token(org, make_user):
    return ApiToken.objects.create(
        system=org.system,
        organisation=org,
        name="Intranet",
        prefix=f"t{org.pk:07d}",
        token_hash="0" * 64,
        scopes=["read:decisions"],
        user=make_user("token.owner.b@example.nhs.uk"),
        expires_at=timezone.now() + timedelta(days=30),
    )


def _webhook(org, make_user):
    return WebhookEndpoint.objects.create(
        system=org.system,
        organisation=org,
        url="https://intranet.example.nhs.uk/hooks",
        events=["decision.signed_off"],
        secret="whsec_test",
    )


OBJECT_URL_FACTORIES = {
    "api:revoke-token": (_token, "get"),
    "api:webhook": (_webhook, "get"),
}


def _ids(factory, name):
    def make(org, make_user):
        return {name: factory(org, make_user).pk}

    return make


API_OBJECT_FACTORIES = {
    "GET /api/v1/organisations/{organisation_id}": lambda org, mu: {"organisation_id": org.pk},
    "GET /api/v1/systems/{system_id}": lambda org, mu: {"system_id": org.system_id},
    "GET /api/v1/decisions/{decision_id}": _ids(IDMF["idmf:detail"][0], "decision_id"),
    "GET /api/v1/eds/assessments/{assessment_id}": _ids(EDS["eds:detail"][0], "assessment_id"),
    "GET /api/v1/eds/assessments/{assessment_id}/report": _ids(
        EDS["eds:report"][0], "assessment_id"
    ),
    "GET /api/v1/events/series/{series_id}": _ids(EVENTS["events:series"][0], "series_id"),
    "GET /api/v1/events/sessions/{session_id}": _ids(EVENTS["events:session"][0], "session_id"),
    "POST /api/v1/events/sessions/{session_id}/bookings": _ids(
        EVENTS["events:session"][0], "session_id"
    ),
    "GET /api/v1/awards/rounds/{round_id}/winners": _ids(AWARDS["awards:round"][0], "round_id"),
    "GET /api/v1/evidence/analyses/{analysis_id}": _ids(
        EVIDENCE["evidence:analysis"][0], "analysis_id"
    ),
    "GET /api/v1/evidence/datasets/{dataset_id}": _ids(
        EVIDENCE["evidence:dataset"][0], "dataset_id"
    ),
    "POST /api/v1/evidence/datasets/{dataset_id}/import": _ids(
        EVIDENCE["evidence:dataset"][0], "dataset_id"
    ),
    "POST /api/v1/evidence/datasets/{dataset_id}/analyses": _ids(
        EVIDENCE["evidence:dataset"][0], "dataset_id"
    ),
}
