"""Version 1 of the API: one NinjaAPI with an OpenAPI 3.1 document, problem details for
every error, ETags on reads and a rate limit per token. Endpoints live in ``views/``."""

from __future__ import annotations

import hashlib
import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponseNotModified
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from . import problems
from .auth import RateLimited, TokenAuth
from .services import tokens

logger = logging.getLogger(__name__)

DESCRIPTION = """\
Read the decision register, EDS assessments, workshops, award winners and evidence
analyses of your organisation, and add decisions, datasets and bookings, from other
systems. Every request needs a token (`Authorization: Bearer dr_…`) created in dueregard
under **API access**: it acts as the person who created it, with their roles, in the
token's organisation or system, limited to the token's scopes. Errors are RFC 9457
problem details. Lists are paged (`page`, `page_size`) and filter by `updated_since`.
Reads carry an `ETag`; send it back in `If-None-Match` to get `304 Not Modified`.
"""


class DueregardAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            response["ETag"] = etag
            if etag in _etags(request.headers.get("If-None-Match", "")):
                not_modified = HttpResponseNotModified()
                not_modified["ETag"] = etag
                response = not_modified
        token = getattr(request, "api_token", None)
        if token is not None:
            response["RateLimit-Limit"] = str(tokens.rate_limit())
            response["RateLimit-Remaining"] = str(tokens.remaining(token))
        return response

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return _with_problem_media_type(schema)


def _etags(header: str) -> set[str]:
    return {part.strip().removeprefix("W/") for part in header.split(",") if part.strip()}


def _with_problem_media_type(schema):
    """Error responses are ``application/problem+json``; reads may answer 304."""
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            for code, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if int(code) >= 400 and "application/json" in content:
                    response["content"] = {problems.MEDIA_TYPE: content["application/json"]}
            if method == "get":
                operation["responses"][304] = {
                    "description": "Not modified: the ETag in If-None-Match still matches."
                }
    return schema


api = DueregardAPI(
    title="dueregard API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=TokenAuth(),
    docs_url=None,  # the accessible docs page is ours: dueregard.api.views.pages.docs
)


@api.exception_handler(RateLimited)
def _rate_limited(request, exc: RateLimited):
    return problems.response(
        request,
        429,
        _("This token has made too many requests. Wait %(s)s seconds and try again.")
        % {"s": exc.retry_after},
        headers={"Retry-After": str(exc.retry_after)},
    )


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    return problems.response(
        request,
        401,
        _(
            "Send a valid token: Authorization: Bearer dr_…. Tokens that are unknown, "
            "revoked or expired, or whose person no longer has a role in the token's "
            "organisation, are refused."
        ),
        headers={"WWW-Authenticate": 'Bearer realm="dueregard"'},
    )


@api.exception_handler(NinjaValidationError)
def _invalid_request(request, exc):
    errors = problems.errors_from_pydantic(exc.errors)
    detail = "; ".join(f"{f}: {m}" if f else m for f, m in errors)
    return problems.response(request, 422, detail, errors=errors)


@api.exception_handler(DjangoValidationError)
def _refused(request, exc):
    detail, errors = problems.errors_from_django(exc)
    return problems.response(request, 422, detail, errors=errors)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problems.response(
        request, 404, _("There is nothing here, or nothing this token may see.")
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    detail = str(exc) or _("This token may not do that.")
    return problems.response(request, 403, detail)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return problems.response(request, exc.status_code, str(exc))


@api.exception_handler(Exception)
def _server_error(request, exc):
    logger.exception("API error on %s", request.path, exc_info=exc)
    return problems.response(
        request, 500, _("Something went wrong on our side. It has been logged; try again later.")
    )


def _register_routers() -> None:
    from .views import awards, decisions, eds, events, evidence, organisations

    api.add_router("/", organisations.router)
    api.add_router("/decisions", decisions.router)
    api.add_router("/eds", eds.router)
    api.add_router("/events", events.router)
    api.add_router("/awards", awards.router)
    api.add_router("/evidence", evidence.router)


_register_routers()
