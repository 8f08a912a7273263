"""Regenerate the statistics conformance fixtures in ``phe/`` from the reference data.

The fixtures are the published test data of PHEindicatormethods, the R package behind
the Fingertips public health profiles: input columns and the values the reference
implementation produces (folder ``tests/testthat/`` of
https://github.com/ukhsa-collaboration/PHEindicatormethods, version 2.1.0, commit
``093fd288``; GPL-3). Only the sheets and rows the conformance tests read are kept,
each as a plain UTF-8 CSV, so the tests run in a fresh clone and in CI and the diff of a
regeneration is readable.

Usage (from the repository root)::

    python tests/analytics/reference/regenerate.py [SOURCE]

``SOURCE`` is a folder holding the reference files: a checkout of the package's
``tests/testthat/`` at the commit above, or ``../shared/oracles/phe`` (the default).
Every fixture is checked to read back exactly as the source sheet reads (same columns,
types and values) before it is written. To move to a newer version of the reference,
point ``SOURCE`` at its ``tests/testthat/``, run this, run ``make test`` and record the
new version in ``phe/README.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
TARGET = HERE / "phe"
DEFAULT_SOURCE = HERE.parents[2] / "../shared/oracles/phe"

#: workbook -> the sheets the tests read (each becomes phe/<workbook stem>/<sheet>.csv).
SHEETS: dict[str, tuple[str, ...]] = {
    "testdata_Byars_Wilson.xlsx": ("testdata_B_W",),
    "testdata_Proportion.xlsx": ("testdata_Prop", "testdata_Prop_g"),
    "testdata_Rate.xlsx": ("testdata_Rate", "testdata_Rate_g"),
    "testdata_Mean.xlsx": ("testdata_Mean", "testdata_Mean_results"),
    "testdata_DSR_ISR.xlsx": (
        "testdata_multiarea",
        "testdata_multiarea_isr",
        "testdata_nonindepe",
        "testdata_1976",
        "refdata",
        "testresults_DSR",
        "testresults_ISR",
        "testdata_err1",
        "testdata_err2",
        "testdata_err3",
        "testdata_err4",
    ),
    "testdata_Quantiles.xlsx": ("testdata_Quantiles",),
    "testdata_SII.xlsx": ("testdata_SII",),
}

#: (workbook, sheet) -> the only columns the tests read, where a sheet has many more.
COLUMNS: dict[tuple[str, str], tuple[str, ...]] = {
    ("testdata_Quantiles.xlsx", "testdata_Quantiles"): (
        "IndSexRef",
        "ParentCode",
        "Value",
        "Polarity",
        "Test",
        "QuantileNm",
        "GroupSet",
        "RankinGrp",
        "RowsInGrp",
        "QuantileInGrp",
    ),
}

#: CSV files the tests read -> how many leading rows they use (None: all).
CSVS: dict[str, int | None] = {
    "NCMP_testdata.csv": None,
    "DSR_testdata.csv": None,
    "LE_testdata.csv": 200,  # the grouped SII test reads the first 20 groups of 10 deciles
    "testdata_funnel_prop_inputs.csv": None,
    "testdata_funnel_prop_outputs.csv": None,
    "testdata_funnel_prop_outputs_with_axis_variation.csv": None,
    "testdata_funnel_ratio_inputs.csv": None,
    "testdata_funnel_ratio_outputs.csv": None,
    "testdata_funnel_rate_input_funnels.csv": None,
    "testdata_funnel_rate_outputs.csv": None,
    "testdata_funnel_rate_outputs_2.csv": None,
    "testdata_funnel_rate_outputs_3.csv": None,
    "testdata_funnel_rate_dsr_inputs.csv": None,
}


def read_fixture_csv(path: Path) -> pd.DataFrame:
    """How the tests read a fixture (and a source CSV): UTF-8, header names stripped."""
    frame = pd.read_csv(path, encoding="utf-8-sig")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _as_written(frame: pd.DataFrame) -> pd.DataFrame:
    """A sheet as it reads back from CSV: a column mixing text with Excel TRUE/FALSE
    cells (testdata_Quantiles' Polarity) comes back as text ("True", "False")."""
    frame = frame.copy()
    for column in frame.columns:
        values = frame[column].dropna()
        if values.map(type).nunique() > 1:
            frame[column] = frame[column].map(lambda v: v if pd.isna(v) else str(v))
            frame[column] = frame[column].astype(pd.StringDtype(na_value=float("nan")))
    return frame


def _write(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    back = read_fixture_csv(path)
    pd.testing.assert_frame_equal(back, _as_written(frame), check_exact=True, obj=str(path))


def regenerate(source: Path) -> list[Path]:
    written = []
    for workbook, sheets in SHEETS.items():
        for sheet in sheets:
            frame = pd.read_excel(source / workbook, sheet_name=sheet)
            frame.columns = [str(c).strip() for c in frame.columns]
            if (workbook, sheet) in COLUMNS:
                frame = frame[list(COLUMNS[(workbook, sheet)])]
            path = TARGET / Path(workbook).stem / f"{sheet}.csv"
            _write(frame, path)
            written.append(path)
    for name, rows in CSVS.items():
        frame = read_fixture_csv(source / name)
        if rows is not None:
            frame = frame.head(rows)
        path = TARGET / name
        _write(frame, path)
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    if not source.is_dir():
        print(f"no reference folder at {source}", file=sys.stderr)
        return 2
    written = regenerate(source.resolve())
    size = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} fixtures ({size / 1024:.0f} KiB) to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
