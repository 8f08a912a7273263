"""Importers, column and code mapping, quality report and bad input."""

import pandas as pd
import pyarrow as pa
import pytest

from dueregard.analytics.workforce import WorkforceInputError, read_input
from dueregard.analytics.workforce.codes import code_maps, normalise


def test_esr_labels_and_data_dictionary_codes():
    m = code_maps()["ethnic_category"]
    for label in ("A White - British", "White - British", "a", " WHITE-BRITISH "):
        assert m[normalise(label)] == "A"
    assert m[normalise("Mixed - White & Black Caribbean")] == "D"
    assert m[normalise("Z")] == "Not declared"
    assert m[normalise("99")] == "Unknown"
    assert m[normalise("Undefined")] == "Unknown"
    so = code_maps()["sexual_orientation"]
    assert so["1"] == "Heterosexual or straight" and so["u"] == "Not sure"
    assert so["z"] == "Not declared" and so["9"] == "Unknown"


def test_messy_csv_imports_with_quality_report(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text(
        "\ufeffEmployee Number,Pay Band,Ethnic Origin,Disability Flag,Gender,Staff Group,"
        "Contracted Hours,Ordinary Pay,Days In Period,Sexual Orientation\n"
        '1,Band 5,A White - British,Yes,Female,Nursing,37.5,"£2,500.00",31,1\n'
        "2,8A,white british,No,F,Administrative and Clerical,30,2000,31,Heterosexual\n"
        "3,VSM,Undefined,Not Declared,Male,Medical and Dental,37.5,9000,31,Z\n"
        "4,AfC Band 2,N Black or Black British - African,,M,Estates and Ancillary,37.5,1800,31,\n",
        encoding="utf-8",
    )
    imp = read_input(path, "staff")
    t = imp.table.to_pandas()
    assert t["pay_grade"].tolist() == ["Band 5", "Band 8a", "VSM", "Band 2"]
    assert t["ethnic_group"].tolist() == ["White", "White", "Unknown", "BME"]
    assert t["clinical"].tolist() == [True, False, True, False]
    assert t["period_pay"].tolist()[0] == 2500.0
    q = {r["column"]: r for r in imp.quality}
    assert (
        q["disability"]["declared"],
        q["disability"]["not_declared"],
        q["disability"]["unknown"],
    ) == (2, 1, 1)
    assert q["sexual_orientation"]["not_declared"] == 1
    assert q["ethnic_category"]["unknown"] == 1


def test_allow_unmapped_reports_values():
    df = pd.DataFrame(
        {
            "person id": ["1", "2"],
            "band": ["5", "6"],
            "ethnicity": ["A", "Martian"],
            "disability": ["No", "No"],
            "sex": ["F", "M"],
            "clinical": ["Y", "N"],
        }
    )
    with pytest.raises(WorkforceInputError, match="unknown code or label: 'Martian'"):
        read_input(df, "staff")
    imp = read_input(df, "staff", allow_unmapped=True)
    q = {r["column"]: r for r in imp.quality}
    assert q["ethnic_category"]["unmapped"] == 1
    assert q["ethnic_category"]["unmapped_values"] == ["Martian"]
    # an analyst's own map fixes it
    imp = read_input(df, "staff", codes={"ethnic_category": {"Martian": "S"}})
    assert imp.table["ethnic_category"].to_pylist() == ["A", "S"]


def test_editable_column_mapping():
    df = pd.DataFrame(
        {
            "Pseudo ID": ["1"],
            "Banding": ["5"],
            "Eth": ["A"],
            "Dis": ["No"],
            "Sex": ["F"],
            "Clinical": ["Y"],
        }
    )
    imp = read_input(
        df,
        "staff",
        mapping={
            "Pseudo ID": "person_id",
            "Banding": "pay_grade",
            "Eth": "ethnic_category",
            "Dis": "disability",
        },
    )
    assert imp.table["person_id"].to_pylist() == ["1"]


def test_bad_input_whole_report(tmp_path):
    path = tmp_path / "rec.csv"
    path.write_text(
        "Applicant ID,Stage,Ethnicity,Disability,Date Applied\n"
        "A1,Appointed,A,No,2025-05-01\n"
        "A1,Shortlisted,Q,No,2031-01-01\n"
        "A3,Sideways,B,Maybe,not a date\n"
        ",Applied,C,No,1899-12-31\n",
        encoding="utf-8",
    )
    with pytest.raises(WorkforceInputError) as err:
        read_input(path, "recruitment", period="2025-26")
    text = str(err.value)
    assert "rec.csv, column 'Applicant ID': duplicate identifiers" in text and "rows 2, 3" in text
    assert "column 'Applicant ID': identifier is blank (row 5)" in text
    assert "unknown stage: 'Sideways' (row 4)" in text
    assert "column 'Ethnicity': unknown code or label: 'Q' (row 3)" in text
    assert "column 'Disability': unknown code or label: 'Maybe' (row 4)" in text
    assert "not a date" in text and "date out of range" in text
    assert "31 March 2026" in text
    assert len(err.value.problems) == 7


def test_missing_columns_and_empty_file(tmp_path):
    df = pd.DataFrame({"Employee Number": ["1"], "Ethnic Origin": ["A"]})
    with pytest.raises(WorkforceInputError, match="'pay_grade': required column missing"):
        read_input(df, "staff")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(WorkforceInputError, match="empty"):
        read_input(empty, "staff")
    header_only = tmp_path / "header.csv"
    header_only.write_text("Employee Number,Pay Band\n", encoding="utf-8")
    with pytest.raises(WorkforceInputError, match="no data rows"):
        read_input(header_only, "staff")


def test_negative_pay_and_parquet_records(tmp_path):
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "Employee Number": ["1", "2", "3"],
            "Pay Band": ["5", "5", "5"],
            "Clinical": ["Y", "Y", "Y"],
            "Ethnic Origin": ["A", "A", "A"],
            "Disability Flag": ["No"] * 3,
            "Gender": ["F"] * 3,
            "Ordinary Pay": [100.0, -1.0, 5.0],
            "Contracted Hours": [37.5, 37.5, 0.0],
        }
    )
    pq.write_table(table, tmp_path / "s.parquet")
    with pytest.raises(WorkforceInputError) as err:
        read_input(tmp_path / "s.parquet", "staff")
    text = str(err.value)
    assert "'Ordinary Pay': must not be negative (record 2)" in text
    assert "zero weekly hours with pay in the period (record 3)" in text


def test_xlsx_import(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(
        ["Employee Number", "Pay Band", "Ethnic Origin", "Disability Flag", "Gender", "Clinical"]
    )
    ws.append([101, 5, "A White - British", "No", "Female", "Y"])
    ws.append([102, "8a", "H", "Yes", "Male", "N"])
    wb.save(tmp_path / "s.xlsx")
    t = read_input(tmp_path / "s.xlsx", "staff").table
    assert t["person_id"].to_pylist() == ["101", "102"]
    assert t["pay_grade"].to_pylist() == ["Band 5", "Band 8a"]


def test_synthetic_files_import_cleanly(synth_dir):
    for kind in ("staff", "recruitment", "cases", "training", "survey", "reference"):
        imp = read_input(synth_dir / f"{kind}.csv", kind, period="2025-26")
        assert imp.table.num_rows > 0
        assert not any(q["unmapped"] for q in imp.quality)


def test_survey_duplicate_answers():
    df = pd.DataFrame(
        {
            "Respondent ID": ["r1", "r1", "r2", "r1"],
            "Question": ["q15", "q4b", "q15", "q15"],
            "Answer": ["Yes", "Agree", "No", "No"],
            "Ethnicity": ["A"] * 4,
            "Disability": ["No"] * 4,
        }
    )
    with pytest.raises(WorkforceInputError, match=r"duplicate identifiers .*records 1, 4"):
        read_input(df, "survey")


@pytest.mark.parametrize("small_keys", [0, 200_000], ids=["duckdb", "arrow"])
def test_repeated_identifiers_are_found_however_many_rows(monkeypatch, small_keys):
    from dueregard.analytics.workforce.importers import cells

    monkeypatch.setattr(cells, "_SMALL_KEYS", small_keys)
    distinct = pa.chunked_array([pa.array([f"E{i}" for i in range(1000)])])
    assert not cells._any_repeated(distinct)
    repeated = pa.chunked_array([pa.array([f"E{i}" for i in range(1000)] + ["E17"])])
    assert cells._any_repeated(repeated)
    two_missing = pa.chunked_array([pa.array(["E1", None, "E2", None])])
    assert cells._any_repeated(two_missing)  # missing ids count as one value
    one_missing = pa.chunked_array([pa.array(["E1", None, "E2"])])
    assert not cells._any_repeated(one_missing)
