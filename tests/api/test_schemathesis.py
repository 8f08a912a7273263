"""Schemathesis: property-based requests on every operation of the OpenAPI document, with a
valid token, in process (WSGI). No server errors, and every answer (status code, content
type and body) matches the document. A bounded number of examples keeps it quick."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from dueregard.api.v1 import api as api_v1
from dueregard.awards.models import Round
from dueregard.core.models import Organisation
from dueregard.core.roles import Role
from dueregard.eds.models import Assessment as EdsAssessment
from dueregard.events.models import Series, Session
from dueregard.evidence.models import Analysis, Dataset
from dueregard.idmf.models import Decision

EXAMPLES = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _schema():
    schema = schemathesis.openapi.from_dict(api_v1.get_openapi_schema())
    schema.app = WSGIHandler()
    return schema


def _real_ids(org) -> dict[str, list[int]]:
    """Ids of objects the token can reach, so examples hit real rows as well as 404s."""

    def ids(model, **filters):
        return list(model.objects.filter(**filters).values_list("pk", flat=True)[:5])

    return {
        "organisation_id": [org.pk],
        "system_id": [org.system_id],
        "decision_id": ids(Decision, organisation=org),
        "assessment_id": ids(EdsAssessment, organisation=org),
        "series_id": ids(Series, system=org.system),
        "session_id": ids(Session, series__system=org.system),
        "round_id": ids(Round, system=org.system),
        "analysis_id": ids(Analysis, organisation=org),
        "dataset_id": ids(Dataset, organisation=org),
    }


@pytest.fixture
def in_process_requests():
    """Requests through the WSGI handler inside the test's transaction: like Django's test
    client, keep Django from closing the test's database connection after each one."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.fixture
def demo_token(db, make_user, make_token, settings, in_process_requests):
    settings.API_RATE_LIMIT_PER_MINUTE = 100_000
    call_command("load_frameworks", verbosity=0)
    call_command("load_demo", verbosity=0)
    org = Organisation.objects.get(ods_code="XRV02")
    user = make_user("api.everything@example.nhs.uk")
    for role in Role:
        make_user(user.email, role, organisation=org)
    return make_token(user, org), org


def test_every_operation_answers_as_documented(demo_token):
    token, org = demo_token
    headers = {"Authorization": f"Bearer {token}"}
    real = _real_ids(org)
    operations = [result.ok() for result in _schema().get_all_operations()]
    assert len(operations) >= 20
    tested = []
    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), use_real=st.booleans(), pick=st.integers(0, 4))
        def check(case, use_real, pick):
            if use_real and case.path_parameters:
                for name in case.path_parameters:
                    if real.get(name):
                        case.path_parameters[name] = real[name][pick % len(real[name])]
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS)

        check()
        tested.append(f"{operation.method.upper()} {operation.path}")
    assert len(tested) == len(operations)
