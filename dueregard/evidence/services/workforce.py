"""Workforce files and metric packs, through ``dueregard.analytics.workforce``.

The workforce package is being built in slices; until its importers and metric packs are
in place this adapter offers no workforce kinds, and the workspace handles service and
population files only.
"""

from __future__ import annotations


def schema(code: str):
    return None


def kind_choices() -> list[tuple[str, str]]:
    return []


def analysis_kinds(dataset_kind: str) -> list:
    return []


def characteristics(dataset_kind: str, kind: str, group: str) -> list[str]:
    return []


def run(frame, dataset_kind: str, kind: str, parameters: dict) -> dict:
    raise ValueError("Workforce metric packs are not available yet.")
