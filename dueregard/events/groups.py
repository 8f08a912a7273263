"""The groups people register with for a network development day (issue 19).

The events app knows nothing of staff networks: an app that keeps groups (the networks
app) registers a provider here in ``AppConfig.ready()``. A provider returns the names of
the groups a person may register with for a series; the booking keeps the name.
"""

from __future__ import annotations

from collections.abc import Callable

GroupProvider = Callable[[object, object], list[str]]
_PROVIDERS: list[GroupProvider] = []


def register(provider: GroupProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def choices(series, user) -> list[str]:
    """Every group ``user`` may register with for ``series``, each name once, in order."""
    names: list[str] = []
    for provider in _PROVIDERS:
        names.extend(provider(series, user))
    return list(dict.fromkeys(names))
