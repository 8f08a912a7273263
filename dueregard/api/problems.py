"""Every API error is an RFC 9457 problem details object (``application/problem+json``).

``type`` points at the explanation of that kind of problem on the API's docs page.
"""

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import BaseModel, Field

MEDIA_TYPE = "application/problem+json"
DOCS = "/api/v1/docs"


class FieldProblem(BaseModel):
    field: str = Field(description="The field (or query parameter) that is wrong.")
    message: str = Field(description="What is wrong with it and how to put it right.")


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(description="A URI naming the kind of problem (a link to its help).")
    title: str = Field(description="A short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong this time, and what to do about it.")
    instance: str = Field(description="The path of the request that failed.")
    errors: list[FieldProblem] = Field(
        default_factory=list, description="For invalid input: each field and what is wrong."
    )


KINDS = {
    400: ("bad-request", gettext_lazy("Bad request")),
    401: ("unauthorised", gettext_lazy("A valid token is needed")),
    403: ("forbidden", gettext_lazy("Not allowed")),
    404: ("not-found", gettext_lazy("Not found")),
    405: ("method-not-allowed", gettext_lazy("Method not allowed")),
    406: ("not-acceptable", gettext_lazy("Not acceptable")),
    413: ("too-large", gettext_lazy("Request too large")),
    415: ("unsupported-media-type", gettext_lazy("Unsupported media type")),
    422: ("invalid", gettext_lazy("The request has invalid values")),
    429: ("rate-limited", gettext_lazy("Too many requests")),
    500: ("server-error", gettext_lazy("Something went wrong on our side")),
}


def body(status: int, detail: str, *, instance: str = "", errors=None) -> dict:
    slug, title = KINDS.get(status, ("error", "Error"))
    return {
        "type": f"{DOCS}#problem-{slug}",
        "title": str(title),
        "status": status,
        "detail": detail,
        "instance": instance,
        "errors": [{"field": f, "message": m} for f, m in (errors or [])],
    }


def response(request, status: int, detail: str, *, errors=None, headers=None) -> HttpResponse:
    content = json.dumps(
        body(status, detail, instance=request.path, errors=errors), ensure_ascii=False
    )
    out = HttpResponse(content, status=status, content_type=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        out[name] = value
    return out


def errors_from_django(exc) -> tuple[str, list[tuple[str, str]]]:
    """A Django ``ValidationError`` (from a form or a service) as a detail and field list."""
    if hasattr(exc, "error_dict"):
        pairs = [
            (field if field != "__all__" else "", str(m))
            for field, items in exc.message_dict.items()
            for m in items
        ]
    else:
        pairs = [("", str(m)) for m in exc.messages]
    detail = "; ".join(m for _f, m in pairs) or _("The request has invalid values.")
    return detail, pairs


def errors_from_pydantic(errors: list[dict]) -> list[tuple[str, str]]:
    out = []
    for error in errors:
        loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "payload")]
        where = ".".join(loc[1:] if loc and loc[0] in ("query", "path", "form", "file") else loc)
        out.append((where, str(error.get("msg", "Invalid value"))))
    return out
