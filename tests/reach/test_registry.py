"""Every programme app with participants offers a reach table in the overview's registry,
so a new programme cannot forget it (ADR 0044)."""

import importlib
import importlib.util

from django.apps import apps
from django.urls import reverse

from dueregard.core.permissions import RULES
from dueregard.privacy.declarations import DECLARATIONS
from dueregard.reach.services.registry import PROGRAMMES, STAGE_LABELS

#: Fields that hold what participants chose to share about themselves.
SHARED = {"characteristics", "codes", "ethnic_group"}


def _apps_with_participants() -> set[str]:
    """Apps that keep what participants shared (a declared special-category field), or
    that have a ``services/reach.py`` of their own."""
    found = {d.model.split(".")[0] for d in DECLARATIONS if SHARED & set(d.special)}
    for config in apps.get_app_configs():
        if not config.name.startswith("dueregard."):
            continue
        if importlib.util.find_spec(f"{config.name}.services") is None:
            continue
        if importlib.util.find_spec(f"{config.name}.services.reach") is not None:
            found.add(config.label)
    return found - {"reach"}


def test_every_programme_app_with_participants_has_a_reach_table():
    registered = {source.app_label for source in PROGRAMMES}
    missing = _apps_with_participants() - registered
    assert not missing, (
        f"Add these apps to dueregard/reach/services/registry.py PROGRAMMES: {sorted(missing)}"
    )
    assert {"events", "mentoring", "awards"} <= registered


def test_each_source_is_complete():
    for source in PROGRAMMES:
        assert len(source.service.STAGES) >= 2, source.key
        assert callable(source.service.table), source.key
        assert source.rule in RULES, f"{source.key}: rule {source.rule} is not registered"
        assert reverse(source.url_name, args=[1]).startswith("/")
        unknown = set(source.service.STAGES) - set(STAGE_LABELS)
        assert not unknown, f"{source.key}: add headings for {unknown} to STAGE_LABELS"


def test_the_cohort_stages_already_have_headings():
    """The cohorts app (another branch) joins with one line: its stages are ready."""
    assert {"applied", "selected", "attended", "completed", "progressed"} <= set(STAGE_LABELS)
