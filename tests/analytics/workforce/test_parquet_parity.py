"""A Parquet file imports as its CSV twin does: the same canonical values and the same
problems, though Parquet's repeated columns (labels, dates, respondents) are read
dictionary-encoded and checked once per distinct value."""

import importlib

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from dueregard.analytics.workforce import WorkforceInputError, read_input

reading = importlib.import_module("dueregard.analytics.workforce.importers.reading")


def _twins(tmp_path, columns: dict[str, list]) -> tuple:
    table = pa.table({k: pa.array(v, pa.string()) for k, v in columns.items()})
    csv_path, parquet_path = tmp_path / "input.csv", tmp_path / "input.parquet"
    pacsv.write_csv(table, csv_path)
    # small row groups: several chunks, each with its own dictionary
    pq.write_table(table, parquet_path, row_group_size=4)
    return csv_path, parquet_path


def _values(table: pa.Table) -> dict[str, list]:
    return {
        name: (
            column.cast(column.type.value_type) if pa.types.is_dictionary(column.type) else column
        ).to_pylist()
        for name, column in zip(table.column_names, table.columns, strict=True)
    }


def _problems(source, kind: str, period: str = "2025-26") -> list[str]:
    with pytest.raises(WorkforceInputError) as err:
        read_input(source, kind, period=period)
    return [
        str(p).split(": ", 1)[1].replace(" (row", " (record").replace(" (rows", " (records")
        for p in err.value.problems
    ]


SURVEY = {
    "Respondent ID": ["R1", " R1", "R2", "R2", "R3 ", "R4", "R4", "R5", "R5", "R6", "R7", "R7"],
    "Question": ["q1", "q2", "q1", "q2", "q1", "q1", "q2", "q1", "q2", "q1", "q1", "q2"],
    "Answer": ["Yes", "No", "Yes", "Yes", "No", "No", "", "Yes", "No", "Yes", "No", "Yes"],
    "Ethnicity": ["A", "A", "H", "H", "A", "N", "N", "A", "A", "Z", "A", "A"],
    "Disability": ["No", "No", "Yes", "Yes", "No", "No", "No", "Yes", "Yes", "No", "No", "No"],
}


@pytest.mark.parametrize("many", [0, 10_000], ids=["arrow-trim", "python-trim"])
def test_survey_twins_agree(tmp_path, monkeypatch, many):
    monkeypatch.setattr(reading, "_MANY_VALUES", many)
    csv_path, parquet_path = _twins(tmp_path, SURVEY)
    from_csv = read_input(csv_path, "survey").table
    from_parquet = read_input(parquet_path, "survey").table
    assert _values(from_parquet) == _values(from_csv)
    ids = _values(from_parquet)["respondent_id"]
    assert ids[:5] == ["R1", "R1", "R2", "R2", "R3"]  # trimmed


@pytest.mark.parametrize("many", [0, 10_000], ids=["arrow-trim", "python-trim"])
def test_survey_twins_report_the_same_problems(tmp_path, monkeypatch, many):
    monkeypatch.setattr(reading, "_MANY_VALUES", many)
    broken = {k: list(v) for k, v in SURVEY.items()}
    broken["Respondent ID"][3] = "   "  # blank respondent
    broken["Question"][4] = "q1"
    broken["Respondent ID"][4] = "R2 "  # the same respondent and question twice
    broken["Question"][3] = "q1"
    csv_path, parquet_path = _twins(tmp_path, broken)
    csv_problems = _problems(csv_path, "survey")
    assert csv_problems
    assert _problems(parquet_path, "survey") == _shift(csv_problems)


def _shift(problems: list[str]) -> list[str]:
    """CSV rows count the header: CSV row N is Parquet record N - 1."""
    import re

    return [
        re.sub(
            r"(records? )([\d, ]+)",
            lambda m: m[1] + ", ".join(str(int(n) - 1) for n in m[2].split(", ")),
            p,
        )
        for p in problems
    ]


RECRUITMENT = {
    "Applicant ID": [f"A{i}" for i in range(10)],
    "Stage Reached": ["Applied", "Shortlisted", "Appointed", "Applied", "Applied"] * 2,
    "Date Applied": [
        "2025-05-01",
        "01/06/2025",
        "2025-05-01",
        "",
        "2025-07-09",
        "01/06/2025",
        "2025-05-01",
        "2025-07-09",
        "",
        "2025-05-01",
    ],
    "Ethnicity": ["A"] * 10,
    "Disability": ["No"] * 10,
}


def test_dates_parse_alike(tmp_path):
    csv_path, parquet_path = _twins(tmp_path, RECRUITMENT)
    from_csv = read_input(csv_path, "recruitment", period="2025-26").table
    from_parquet = read_input(parquet_path, "recruitment", period="2025-26").table
    assert _values(from_parquet) == _values(from_csv)
    assert from_parquet["application_date"].type == pa.date32()


def test_bad_and_late_dates_are_reported_alike(tmp_path):
    broken = {k: list(v) for k, v in RECRUITMENT.items()}
    broken["Date Applied"][2] = "31/02/2025"  # no such day
    broken["Date Applied"][6] = "31/02/2025"
    broken["Date Applied"][7] = "2027-01-01"  # after the snapshot
    csv_path, parquet_path = _twins(tmp_path, broken)
    csv_problems = _problems(csv_path, "recruitment")
    assert any("not a date" in p and "records 4, 8" in p for p in csv_problems)
    assert any("date out of range" in p and "record 9" in p for p in csv_problems)
    assert _problems(parquet_path, "recruitment") == _shift(csv_problems)
