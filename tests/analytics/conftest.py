"""Fixtures for the statistics engine tests.

The reference data (PHEindicatormethods test data) live outside the repository, in
``../shared/oracles/phe`` next to the repository root. Tests that need them use the
``oracle`` fixture, which skips — rather than fails — when the folder is absent, so a
fresh clone without it still passes.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ORACLE_DIR = (REPO_ROOT / "../shared/oracles/phe").resolve()


class Oracle:
    """Read access to the reference files (cached)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, name: str) -> Path:
        path = self.root / name
        if not path.exists():
            pytest.skip(f"reference file {name} is not in {self.root}")
        return path

    def sheet(self, workbook: str, sheet: str) -> pd.DataFrame:
        return _read_sheet(self.path(workbook), sheet).copy()

    def csv(self, name: str) -> pd.DataFrame:
        return _read_csv(self.path(name)).copy()


@cache
def _read_sheet(path: Path, sheet: str) -> pd.DataFrame:
    return pd.read_excel(path, sheet_name=sheet)


@cache
def _read_csv(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, encoding="utf-8-sig")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


@pytest.fixture(scope="session")
def oracle() -> Oracle:
    """The PHEindicatormethods reference data, or skip when the folder is absent."""
    if not ORACLE_DIR.is_dir():
        pytest.skip(f"reference data folder {ORACLE_DIR} is absent")
    return Oracle(ORACLE_DIR)
