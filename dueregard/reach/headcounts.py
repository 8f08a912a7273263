"""Staff in post for the WRES indicator 4 view, from imported staff figures.

The reach app sits below the app that keeps each year's staff counts (leadership, which
takes them from the staff snapshots the evidence workspace imports), so that app
registers a provider here in ``AppConfig.ready()``. A provider returns, for a scope, the
newest year's White and BME staff in post as they may be shown (rounded to 5; nothing
when a count would be hidden) and the reporting year, or ``None``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dueregard.analytics.disclosure import suppress_counts


@dataclass(frozen=True)
class StaffInPost:
    white: int
    minority: int
    period: str  # the reporting year of the staff file, e.g. "2025-26"


Provider = Callable[[object], "StaffInPost | None"]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def published(white: int, minority: int, period: str) -> StaffInPost | None:
    """The two counts with the house disclosure control (1–7 hidden, others rounded to
    5); ``None`` when either is hidden or zero."""
    table = suppress_counts([white, minority], total=False)
    if table.suppressed[0].any():
        return None
    rounded = [int(v) for v in table.published[0]]
    if min(rounded) <= 0:
        return None
    return StaffInPost(rounded[0], rounded[1], period)


def latest(scope) -> StaffInPost | None:
    for provider in _PROVIDERS:
        found = provider(scope)
        if found is not None:
            return found
    return None
