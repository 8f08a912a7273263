"""Disclosure control cannot be undone, on every output (the definition of done of #14).

Hypothesis draws small populations — few people per group, many counts of 0 to 12 — and
every output that leaves the analyst is produced from them and attacked with
``disclosure_attack.leaks`` against the same output with the exact figures:

* workspace analyses of service data (by group, standardised, deprivation, funnel) as an
  EDI lead sees them, their downloads, and the public summary that EDS and IDMF
  attachments and the published EDS report show (``links.published_blocks``);
* workforce packs in the workspace (WRES, WDES, pay gaps) as published;
* the command line (``dueregard analyse all``) CSV output with disclosure control on,
  against the same run with ``--no-disclosure``, the data-quality table included.

The records an analysis is attached to — the published EDS report, the IDMF record and
public summary — and its download are built from the stored analysis and attacked in
``test_disclosure_property_records``.

No exact count of 1 to 7 may be printed, and no exact count behind a rounded or
suppressed value may be recovered by arithmetic on what is printed.
"""

from __future__ import annotations

import csv
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from dueregard.evidence import presenters
from dueregard.evidence.services import analyses, links, safety, workforce

from .disclosure_attack import leaks, leaks_across

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    phases=(Phase.explicit, Phase.generate),  # no shrinking: the message lists every leak
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
ETHNIC = ("White", "Mixed", "Asian", "Black", "Other", "Not declared")
AREAS = ("North", "South", "East", "West")
BANDS = ("0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44")
BANDS += ("45-49", "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89")
BANDS += ("90+",)


@st.composite
def service_frames(draw, proportion: bool):
    """Aggregated rows: area × decile × ethnicity × age band, small counts."""
    small = st.integers(min_value=0, max_value=12)
    rows = []
    for area in draw(st.lists(st.sampled_from(AREAS), min_size=2, max_size=4, unique=True)):
        for decile in draw(st.lists(st.sampled_from("12345"), min_size=2, max_size=3, unique=True)):
            for group in draw(
                st.lists(st.sampled_from(ETHNIC), min_size=2, max_size=4, unique=True)
            ):
                den = draw(st.integers(min_value=1, max_value=40))
                num = draw(st.integers(min_value=0, max_value=den)) if proportion else draw(small)
                rows.append((area, decile, group, "0-4", num, den))
    frame = pd.DataFrame(
        rows,
        columns=["area", "deprivation_decile", "ethnicity", "age_band", "numerator", "denominator"],
    )
    return frame


def _table(t: dict | None) -> tuple[list, list]:
    return (list(t["head"]), [list(r) for r in t["rows"]]) if t else ([], [])


def _attack_service(result: dict, where: str) -> list[str]:
    exact = safety.view_of(result, analyst=True)
    shown = safety.view_of(result, analyst=False)
    found = leaks(_table(presenters.table(exact)), _table(presenters.table(shown)), where)
    if presenters.ratio_table(shown):
        ex_ratio = {r["group"]: r for r in exact["rows"]}
        # the ratio table prints no counts: pair it with the counts printed for its rows
        table = presenters.table(shown)
        by_group = {row[0]: row for row in table["rows"]}
        ex_by_group = {row[0]: row for row in presenters.table(exact)["rows"]}
        head = table["head"] + ["Relative likelihood"]
        rows, ex_rows = [], []
        for x in presenters.ratio_table(shown)["rows"]:
            if x[0] in by_group and x[0] in ex_ratio:
                rows.append(by_group[x[0]] + [x[2] + " " + x[3]])
                ex_rows.append(ex_by_group[x[0]] + [""])
        ref = result.get("reference")
        if ref in by_group:
            rows.append(by_group[ref] + [""])
            ex_rows.append(ex_by_group[ref] + [""])
        found += leaks((head, ex_rows), (head, rows), where + " ratios")
    public = analyses.public_summary(result)
    found += leaks(_table(presenters.table(exact)), _table(public["table"]), where + " public")
    item = SimpleNamespace(
        analysis=SimpleNamespace(public=public, title="T", computed_at=None),
        may_be_published=True,
        outcome_code="1A",
    )
    for block in links.published_blocks([item]):
        if hasattr(block, "rows"):
            printed = (list(block.columns), [list(r) for r in block.rows])
            found += leaks(_table(presenters.table(exact)), printed, where + " EDS/IDMF report")
    for reading in presenters.readings(shown):
        assert "0 counted as not declared" not in reading or not any(
            r.get("suppressed") and not r["comparable"] for r in shown["rows"]
        )
    return found


@SETTINGS
@given(
    frame=service_frames(proportion=True),
    kind=st.sampled_from(["by-group", "deprivation", "funnel"]),
)
def test_service_proportions_cannot_be_undone(frame, kind):
    try:
        result = analyses.run_service(frame, "uptake", kind, "ethnicity")
    except ValueError:
        return  # refused (e.g. too few deciles with people): nothing is shown
    assert not _attack_service(result, f"uptake {kind}")


@SETTINGS
@given(frame=service_frames(proportion=False), kind=st.sampled_from(["by-group", "funnel"]))
def test_service_rates_cannot_be_undone(frame, kind):
    frame = frame.assign(age_band=None) if kind == "funnel" else frame
    try:
        result = analyses.run_service(frame, "activity", kind, "ethnicity")
    except ValueError:
        return
    assert not _attack_service(result, f"activity {kind}")


@SETTINGS
@given(
    counts=st.lists(
        st.tuples(st.integers(0, 9), st.integers(1, 30)), min_size=len(BANDS), max_size=len(BANDS)
    ),
    other=st.lists(
        st.tuples(st.integers(0, 9), st.integers(1, 30)), min_size=len(BANDS), max_size=len(BANDS)
    ),
)
def test_standardised_rates_cannot_be_undone(counts, other):
    rows = [("White", b, x, n) for b, (x, n) in zip(BANDS, counts, strict=True)]
    rows += [("Asian", b, x, n) for b, (x, n) in zip(BANDS, other, strict=True)]
    frame = pd.DataFrame(rows, columns=["ethnicity", "age_band", "numerator", "denominator"])
    result = analyses.run_service(frame, "activity", "standardised", "ethnicity")
    assert not _attack_service(result, "standardised")


def _pack_tables(tables: list[dict]) -> list[tuple[list, list]]:
    return [_table(t) for t in presenters.pack_tables({"tables": tables})]


@pytest.mark.django_db
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    phases=(Phase.explicit, Phase.generate),  # no shrinking: the message lists every leak
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    staff=st.integers(min_value=12, max_value=80), seed=st.integers(min_value=1, max_value=10**6)
)
def test_workforce_packs_and_cli_cannot_be_undone(staff, seed, tmp_path_factory):
    from dueregard.analytics.cli import main
    from dueregard.analytics.synth.workforce import generate, write_workforce
    from dueregard.analytics.workforce import read_input

    found = []
    data = generate(staff=staff, seed=seed)
    # workspace packs (the published tables an EDI lead and the EDS/IDMF records see)
    for kind, packs in (("staff", ("wres", "wdes", "paygap")), ("recruitment", ("wres", "wdes"))):
        imported = read_input(data[kind], kind, allow_unmapped=True, period="2025-26")
        canonical = imported.table.to_pandas()
        for pack in packs:
            try:
                result = workforce.run({kind: canonical}, f"wf-{kind}", pack, {"period": "2025-26"})
            except ValueError:
                continue
            exact = _pack_tables(result["tables"])
            shown = _pack_tables(result["published"])
            for t, e, s in zip(result["tables"], exact, shown, strict=True):
                found += leaks(e, s, f"{pack} {t['name']}")
            found += leaks_across(exact, shown, f"{pack} across its tables")
    # the command line
    out = tmp_path_factory.mktemp("cli")
    inputs = write_workforce(out / "in", staff=staff, seed=seed, fmt="csv")
    args = ["analyse", "all", "--period", "2025-26", "--quiet", "--allow-unmapped"]
    for kind in ("staff", "recruitment", "cases", "training", "survey"):
        if kind in inputs and inputs[kind].read_text().count("\n") > 1:
            args += [f"--{kind}", str(inputs[kind])]
    assert main([*args, "--out", str(out / "on" / "r.csv")]) == 0
    assert main([*args, "--out", str(out / "off" / "r.csv"), "--no-disclosure"]) == 0
    for published in sorted((out / "on").glob("*.csv")):
        exact_file = out / "off" / published.name
        found += leaks(_csv(exact_file), _csv(published), f"CLI {published.name}")
    assert not found, "\n".join(found[:20])


def _csv(path: Path) -> tuple[list, list]:
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    head, body = rows[0], rows[1:]
    return head, body


def test_the_attack_finds_what_the_issue_found():
    """The intruder's arithmetic recovers the counts of #14's examples (so the property
    tests above can fail), and finds nothing in figures computed from rounded counts."""
    head = ["Group", "Shortlisted", "Appointed", "Rate"]
    exact = (head, [["BME", "52", "12", "0.230769"]])
    assert leaks(exact, (head, [["BME", "50", "10", "0.230769"]]))
    assert not leaks(exact, (head, [["BME", "50", "10", "0.2"]]))
    head = ["Group", "Count", "People", "Percentage", "95% CI"]
    exact = (head, [["A", "48", "90", "53.3%", "43.1% to 63.3%"]])
    assert leaks(exact, (head, [["A", "50", "90", "53.3%", "43.1% to 63.3%"]]))
    assert not leaks(exact, (head, [["A", "50", "90", "55.6%", "45.3% to 65.4%"]]))
    assert leaks((head, [["A", "3", "90", "", ""]]), (head, [["A", "3", "90", "", ""]]))


def test_the_attack_finds_a_count_given_back_by_another_tables_total():
    """A suppressed cell recovered from a total printed in another table of the output
    (so the cross-table check above can fail); rounded figures give nothing back."""
    head, total_head = ["Group", "Staff"], ["All staff", "Staff"]
    exact = [(head, [["BME", "3"], ["White", "13"]]), (total_head, [["All", "16"]])]
    flawed = [(head, [["BME", "*"], ["White", "13"]]), (total_head, [["All", "16"]])]
    assert leaks_across(exact, flawed) == [
        ": Staff of row 1 of table 1 = Staff of row 1 of table 2 − the rest"
    ]
    rounded = [(head, [["BME", "*"], ["White", "15"]]), (total_head, [["All", "15"]])]
    assert not leaks_across(exact, rounded)
