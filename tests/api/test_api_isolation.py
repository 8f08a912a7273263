"""A token of organisation A gets 404 for every object of organisation B, on every API
operation with an object id: the API's half of the tenancy isolation registry.

The operations come from the OpenAPI document, so a new operation without a factory in
``tests/api/object_urls.py`` fails ``test_every_api_object_operation_is_covered``.
"""

import json

import pytest

from dueregard.api.v1 import api as api_v1
from dueregard.core.roles import Role
from tests.api.object_urls import API_OBJECT_FACTORIES

BODIES = {"POST": {"kind": "by-group", "bsl": False}}


def _object_operations():
    schema = api_v1.get_openapi_schema()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if any(p["in"] == "path" for p in operation.get("parameters", [])):
                yield f"{method.upper()} {path}"


def test_every_api_object_operation_is_covered():
    found = set(_object_operations())
    assert len(found) >= 10
    missing = found - set(API_OBJECT_FACTORIES)
    assert not missing, f"Add these operations to API_OBJECT_FACTORIES: {sorted(missing)}"


def _everything(make_user, email, org):
    user = make_user(email)
    for role in Role:
        make_user(email, role, organisation=org)
    return user


@pytest.mark.parametrize("operation", sorted(API_OBJECT_FACTORIES))
def test_other_organisations_objects_are_404(
    operation, org_a, org_b, make_user, make_token, api, settings
):
    settings.API_RATE_LIMIT_PER_MINUTE = 1000
    token_a = make_token(_everything(make_user, "every.a@example.nhs.uk", org_a), org_a)
    params = API_OBJECT_FACTORIES[operation](org_b, make_user)
    method, template = operation.split(" ", 1)
    path = template.format(**params)
    call = getattr(api(token_a), method.lower())
    body = json.dumps(BODIES.get(method, {}))
    response = call(path, body) if method == "POST" else call(path)
    assert response.status_code == 404, f"{operation} leaked an object of another organisation"
    assert response["Content-Type"] == "application/problem+json"

    # ... and organisation B's own token reaches it.
    token_b = make_token(_everything(make_user, "every.b@example.nhs.uk", org_b), org_b)
    call = getattr(api(token_b), method.lower())
    response = call(path, body) if method == "POST" else call(path)
    assert response.status_code != 404, f"{operation}: {response.content[:300]}"
    assert response.status_code < 500
