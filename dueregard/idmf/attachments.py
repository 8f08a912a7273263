"""What other apps attach to an IDMF assessment's steps, shown in its record.

The IDMF knows nothing of the apps that attach things to a step (today the evidence
workspace attaches analyses to step 2). Such an app registers a function from its
``AppConfig.ready()``; the assessment's document — the web record, its PDF and DOCX — and
the public summary add the blocks it returns. Dependencies point one way: the attaching
app imports ``dueregard.idmf``, never the reverse (as ``eds.attachments``).
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["blocks", "register"]

# step code -> name -> blocks(assessment, public) -> list of publishing blocks
_REGISTRY: dict[str, dict[str, Callable]] = {}


def register(step: str, name: str, build: Callable) -> None:
    """Register (or, on a repeated ``ready()``, replace) what ``name`` adds to ``step``."""
    _REGISTRY.setdefault(step, {})[name] = build


def blocks(step: str, assessment, *, public: bool) -> list:
    """The blocks every registered app adds to ``step`` of ``assessment``; with ``public``
    only what may be published (disclosure-controlled)."""
    out: list = []
    for build in _REGISTRY.get(step, {}).values():
        out += build(assessment, public=public)
    return out
