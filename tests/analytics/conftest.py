"""Fixtures for the statistics engine tests.

The reference data (PHEindicatormethods test data, version 2.1.0) are in the repository,
in ``reference/phe/``: each workbook sheet the tests read as
``phe/<workbook stem>/<sheet>.csv`` and each reference CSV under its own name.
``reference/regenerate.py`` rebuilds them from the reference files;
``reference/phe/README.md`` gives their source, version and licence.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from .reference.regenerate import TARGET as REFERENCE_DIR
from .reference.regenerate import read_fixture_csv


class Oracle:
    """Read access to the reference fixtures (cached). A missing fixture is an error:
    the conformance tests never skip."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, name: str) -> Path:
        path = self.root / name
        if not path.exists():
            raise FileNotFoundError(
                f"reference fixture {path} is missing: run tests/analytics/reference/regenerate.py"
            )
        return path

    def sheet(self, workbook: str, sheet: str) -> pd.DataFrame:
        return _read_csv(self.path(f"{Path(workbook).stem}/{sheet}.csv")).copy()

    def csv(self, name: str) -> pd.DataFrame:
        return _read_csv(self.path(name)).copy()


@cache
def _read_csv(path: Path) -> pd.DataFrame:
    return read_fixture_csv(path)


@pytest.fixture(scope="session")
def oracle() -> Oracle:
    """The PHEindicatormethods reference data kept in ``tests/analytics/reference/phe``."""
    return Oracle(REFERENCE_DIR)
