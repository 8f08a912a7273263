"""The staff reader derives clinical/non-clinical from the ESR occupation code when the
file has no clinical flag (``occupation.py``), refuses codes that say neither, and takes
the analyst's map for them; the command line does the same."""

import csv
import json

import pyarrow as pa
import pytest

from dueregard.analytics.cli import EXIT_INPUT, main
from dueregard.analytics.workforce import WorkforceInputError, read_input


def _staff(**extra):
    n = len(next(iter(extra.values())))
    return pa.table(
        {
            "Employee Number": [str(i) for i in range(n)],
            "Pay Band": ["Band 5"] * n,
            "Ethnic Origin": ["A"] * n,
            "Disability Flag": ["No"] * n,
            "Gender": ["Female"] * n,
            **extra,
        }
    )


def test_clinical_is_derived_from_the_occupation_code_matrix():
    t = _staff(**{"Occupation Code": ["N0A", "g1b", "010", "S2C", " A1D "]})
    out = read_input(t, "staff").table
    assert out["clinical"].to_pylist() == [True, False, True, True, True]
    assert out["occupation_code"].to_pylist() == ["N0A", "g1b", "010", "S2C", "A1D"]


def test_a_clinical_flag_column_wins_over_the_occupation_code():
    t = _staff(**{"Occupation Code": ["N0A", "G1B"], "Clinical": ["N", "Y"]})
    assert read_input(t, "staff").table["clinical"].to_pylist() == [False, True]


def test_the_code_wins_over_the_staff_group_guess():
    # "Add Prof Scientific and Technic" reads as clinical by staff group; the code says not.
    t = _staff(
        **{"Staff Group": ["Administrative and Clerical", "Nursing"], "Occ Code": ["S1A", "G0B"]}
    )
    assert read_input(t, "staff").table["clinical"].to_pylist() == [True, False]


def test_unknown_and_blank_codes_are_refused_with_the_codes_and_rows():
    t = _staff(**{"Occupation Code": ["N0A", "X9Z", None, "X9Z", "N0"]})
    with pytest.raises(WorkforceInputError) as err:
        read_input(t, "staff")
    (problem,) = err.value.problems
    assert problem.column == "Occupation Code"
    assert "'X9Z'" in problem.message and "(blank)" in problem.message and "'N0'" in problem.message
    assert problem.rows == [2, 3, 4, 5]


def test_the_analyst_maps_the_codes_that_say_neither():
    t = _staff(**{"Occupation Code": ["X9Z", "Y1", "N0A"]})
    codes = {"occupation_code": {"x9z": "Non-clinical", "Y1": "yes"}}
    out = read_input(t, "staff", codes=codes).table
    assert out["clinical"].to_pylist() == [False, True, True]


def test_the_command_line_reports_clinical_and_non_clinical_from_codes(tmp_path, capsys):
    staff = tmp_path / "staff.csv"
    rows = [["Employee Number", "Pay Band", "Ethnic Origin", "Disability Flag", "Gender", "Occ"]]
    for i in range(40):
        rows.append([str(i), "Band 5", "A" if i % 2 else "H", "No", "Female", "N0A"])
    for i in range(40, 60):
        rows.append([str(i), "Band 3", "A", "No", "Male", "G1B"])
    with staff.open("w", newline="") as f:
        csv.writer(f).writerows(rows)
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"Occ": "occupation_code"}))
    out = tmp_path / "wres.json"
    args = ["analyse", "wres", "--staff", str(staff), "--period", "2025-26", "--quiet"]
    assert main([*args, "--mapping", str(mapping), "--out", str(out)]) == 0
    table = json.loads(out.read_text())["tables"]["wres1"]["rows"]
    clusters = {(r["cluster"], r["pay_grade"]) for r in table}
    assert clusters == {("Clinical", "Band 5"), ("Non-clinical", "Band 3")}

    rows.append(["60", "Band 3", "A", "No", "Male", "Q1"])
    with staff.open("w", newline="") as f:
        csv.writer(f).writerows(rows)
    capsys.readouterr()
    assert main([*args, "--mapping", str(mapping), "--out", str(out)]) == EXIT_INPUT
    assert "'Q1'" in capsys.readouterr().err
    codes = tmp_path / "codes.json"
    codes.write_text(json.dumps({"occupation_code": {"Q1": "non-clinical"}}))
    argv = [*args, "--mapping", str(mapping), "--codes", str(codes), "--out", str(out)]
    assert main(argv) == 0
