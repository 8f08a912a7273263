"""The characteristics a mentoring programme uses, from the pinned characteristics
framework (the shared lookups are in ``frameworks.services.characteristics``)."""

from __future__ import annotations

from dueregard.frameworks.services.characteristics import current as current_characteristics
from dueregard.frameworks.services.characteristics import group_choices, names

__all__ = ["current_characteristics", "focus_choices", "group_choices", "names"]


def focus_choices(programme) -> list[tuple[str, str]]:
    wanted = set(programme.focus_groups or ())
    return [(c, n) for c, n in group_choices(programme.characteristics_framework) if c in wanted]
