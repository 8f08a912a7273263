"""Top navigation, by role. Each app registers its items in its AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    rule: str | None = None  # permission rule the scope must satisfy; None = any member
    order: int = 100
    description: str = ""  # shown on the home page


NAV_ITEMS: list[NavItem] = []


def register(*items: NavItem) -> None:
    for item in items:
        if all(existing.url_name != item.url_name for existing in NAV_ITEMS):
            NAV_ITEMS.append(item)


def items_for(request) -> list[dict]:
    from .permissions import can

    scope = request.scope
    if not request.user.is_authenticated or scope.is_empty:
        return []
    out = []
    for item in sorted(NAV_ITEMS, key=lambda i: (i.order, i.label)):
        if item.rule and not can(scope, item.rule):
            continue
        try:
            href = reverse(item.url_name)
        except NoReverseMatch:
            continue
        current = request.path == href or (href != "/" and request.path.startswith(href))
        out.append(
            {
                "text": str(item.label),
                "href": href,
                "current": current,
                "description": str(item.description),
            }
        )
    return out
