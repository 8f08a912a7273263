"""Groups a decision's owner can name as the source of an engagement (IDMF step 3).

IDMF knows no staff networks: an app that keeps such groups (the networks app, issue 19)
registers a provider in ``AppConfig.ready()``; each returns the names of the groups
reachable from a decision's organisation or system.
"""

from __future__ import annotations

from collections.abc import Callable

_PROVIDERS: list[Callable[[object], list[str]]] = []


def register(provider: Callable[[object], list[str]]) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def choices(decision) -> list[str]:
    names: list[str] = []
    for provider in _PROVIDERS:
        names.extend(provider(decision))
    return list(dict.fromkeys(names))
