"""Who lives here: the population of the areas a decision's organisation serves, for
IDMF step 2 (evidence).

IDMF cannot import the population app (they are siblings in the layers): the app that
can (leadership, above both) registers a provider in ``AppConfig.ready()``. Each returns,
for a decision, ``None`` or a dict: ``title``, ``areas`` (names), ``rows`` (``label``,
``people`` and ``share`` as text), ``total``, ``source``, ``link`` and ``link_text``.
"""

from __future__ import annotations

from collections.abc import Callable

_PROVIDERS: list[Callable[[object], dict | None]] = []


def register(provider: Callable[[object], dict | None]) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def profiles(decision) -> list[dict]:
    found = []
    for provider in _PROVIDERS:
        profile = provider(decision)
        if profile:
            found.append(profile)
    return found
