"""Checks of a parsed report."""

from __future__ import annotations

from dueregard.frameworks.definitions import EdsFramework

from .results import ParsedReport, Problem


def check_report(parsed: ParsedReport, framework: EdsFramework) -> list[Problem]:
    return []
