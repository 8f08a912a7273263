"""The docs page's content, read from the OpenAPI document (so the two never disagree)."""

from __future__ import annotations

import re

from django.urls import reverse

from dueregard.core.requests import site_url

from . import problems
from . import scopes as token_scopes
from .models import WebhookEvent

METHODS = ("get", "post", "put", "patch", "delete")


def _type(schema: dict, components: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(_type(s, components) for s in schema["anyOf"])
    kind = schema.get("type", "object")
    if kind == "array":
        return f"list of {_type(schema.get('items', {}), components)}"
    if schema.get("format"):
        return f"{kind} ({schema['format']})"
    return kind


def _paragraphs(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", p).strip() for p in (text or "").split("\n\n") if p.strip()]


def _body_fields(operation: dict, components: dict) -> tuple[str, list[dict]]:
    content = operation.get("requestBody", {}).get("content", {})
    for media, spec in content.items():
        schema = spec.get("schema", {})
        if "$ref" in schema:
            schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
        required = set(schema.get("required", []))
        fields = [
            {
                "name": name,
                "type": _type(prop, components),
                "required": name in required,
                "description": prop.get("description", ""),
            }
            for name, prop in schema.get("properties", {}).items()
        ]
        return media, fields
    return "", []


def build(request) -> dict:
    from .v1 import api

    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    groups: dict[str, list] = {}
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            media, body = _body_fields(op, components)
            paragraphs = _paragraphs(op.get("description", ""))
            groups.setdefault(op.get("tags", ["Other"])[0], []).append(
                {
                    "id": op["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": paragraphs,
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": _type(p.get("schema", {}), components),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body_media": media,
                    "body": body,
                    "responses": [
                        {"code": code, "description": r.get("description", "")}
                        for code, r in sorted(
                            op.get("responses", {}).items(), key=lambda kv: int(kv[0])
                        )
                    ],
                }
            )
    return {
        "title": schema["info"]["title"],
        "version": schema["info"]["version"],
        "openapi_version": schema["openapi"],
        "description": _paragraphs(schema["info"].get("description", "")),
        "openapi_url": reverse("api-v1:openapi-json"),
        "groups": [
            {
                "tag": tag,
                "id": re.sub(r"[^a-z0-9]+", "-", tag.lower()).strip("-"),
                "operations": ops,
            }
            for tag, ops in groups.items()
        ],
        "problems": [
            {"id": f"problem-{slug}", "status": status, "title": str(title)}
            for status, (slug, title) in sorted(problems.KINDS.items())
        ],
        "scopes": [{"code": c, "label": str(label)} for c, label in token_scopes.SCOPES.items()],
        "events": [{"code": c, "label": str(label)} for c, label in WebhookEvent.choices],
        "base_url": site_url(request) + "/api/v1",
    }
