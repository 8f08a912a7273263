"""Builders for leadership tests: snapshots from hand-made staff rows, areas served."""

from pathlib import Path

import pandas as pd

from dueregard.leadership.services import snapshots
from dueregard.population.models import ServedArea
from dueregard.population.services.population import load_ts021

CENSUS = Path(__file__).parents[1] / "population" / "census2021-ts021-ltla.csv"


def staff_rows(groups: dict) -> pd.DataFrame:
    """``{(pay_grade, board, ethnic_category): n}`` → canonical staff rows."""
    rows = []
    for (grade, board, ethnic), n in groups.items():
        for _ in range(n):
            rows.append(
                {
                    "pay_grade": grade,
                    "board_member": board,
                    "ethnic_category": ethnic,
                    "disability": "Non-disabled",
                    "sex": "Female",
                    "age_band": "46-50",
                }
            )
    return pd.DataFrame(rows)


def small_board(org, period="2025-26"):
    """A board of 12 with one ethnic minority member; 100 staff at band 8a."""
    frame = staff_rows(
        {
            ("VSM", True, "A"): 11,
            ("VSM", True, "H"): 1,
            ("Band 8a", False, "A"): 71,
            ("Band 8a", False, "N"): 32,
            ("Band 8a", False, "Z"): 5,
            ("Band 5", False, "A"): 400,
            ("Band 5", False, "M"): 100,
        }
    )
    return snapshots.record(org.system, org, period, frame)


def serve_census_areas(org):
    """The test Census fixture (Hartlepool and Cardiff) loaded and served by ``org``."""
    from dueregard.core.tenancy import Scope

    load_ts021(CENSUS.read_text(encoding="utf-8"), actor=None, scope=Scope(None, org.system))
    for code in ("E06000001",):
        ServedArea.objects.get_or_create(system=org.system, organisation=org, code=code)


BY_AGE = (
    Path(__file__).parents[1]
    / "population"
    / "fixtures"
    / ("census2021-ethnic-group-by-age-ltla.csv")
)


def load_working_age_census(org):
    """Hartlepool's residents aged 16 to 64 (the ONS ethnic group by age fixture)."""
    from dueregard.core.tenancy import Scope
    from dueregard.population.services.population import load_working_age

    load_working_age(BY_AGE.read_text(encoding="utf-8"), actor=None, scope=Scope(None, org.system))
