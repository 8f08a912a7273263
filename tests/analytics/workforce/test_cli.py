"""The command line end to end, on synthetic files and on a hand-made messy file."""

import json
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from dueregard.analytics.cli import EXIT_INPUT, EXIT_USAGE, main

INPUTS = ("staff", "recruitment", "cases", "training", "survey", "reference")


def _args(d, *kinds):
    out = []
    for k in kinds:
        out += [f"--{k}", str(d / f"{k}.csv")]
    return out


def test_all_metrics_to_every_format(synth_dir, tmp_path, capsys):
    for fmt in ("xlsx", "json", "html", "csv"):
        out = tmp_path / f"all.{fmt}"
        rc = main(
            [
                "analyse",
                "all",
                *_args(synth_dir, *INPUTS),
                "--period",
                "2025-26",
                "--out",
                str(out),
                "--quiet",
            ]
        )
        assert rc == 0
    doc = json.loads((tmp_path / "all.json").read_text())
    tables = doc["tables"]
    for name in (
        "wres1",
        "wres2",
        "wres3",
        "wres4",
        "wres_survey",
        "wres9",
        "wdes1",
        "wdes2",
        "wdes3",
        "wdes_survey",
        "wdes9",
        "wdes10",
        "gender_pay_gap",
        "ethnic_pay_gap",
        "disability_pay_gap",
        "representation",
        "funnel",
        "formal_processes",
    ):
        assert name in tables, name
    assert doc["meta"]["disclosure_control"] is True
    # disclosure: every published count is '*' or a multiple of 5
    for row in tables["wres1"]["rows"]:
        for col in ("White", "BME", "Unknown", "Total"):
            assert row[col] == "*" or row[col] % 5 == 0
    chars = {r["characteristic"] for r in tables["funnel"]["rows"]}
    assert {
        "Age",
        "Disability",
        "Ethnicity (WRES groups)",
        "Religion or belief",
        "Sex",
        "Sexual orientation",
    } <= chars
    wb = load_workbook(tmp_path / "all.xlsx", read_only=True)
    assert {"Summary", "WRES1", "WDES1", "Data quality"} <= set(wb.sheetnames)
    html = (tmp_path / "all.html").read_text()
    assert "<h1>Workforce equality metrics</h1>" in html and "Disclosure control ON" in html
    assert (tmp_path / "all-funnel.csv").exists()


@pytest.mark.parametrize("fmt", ["xlsx", "json", "html"])
def test_an_output_that_cannot_be_written_is_named(synth_dir, tmp_path, capsys, fmt):
    out = tmp_path / f"pack.{fmt}"
    out.mkdir()  # a folder where the file should go
    args = ["analyse", "wres", *_args(synth_dir, "staff"), "--period", "2025-26"]
    rc = main([*args, "--quiet", "--out", str(out)])
    assert rc == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"cannot write {out}" in err
    assert "internal error" not in err
    assert not any(out.iterdir())


def test_no_disclosure_is_labelled(synth_dir, tmp_path, capsys):
    out = tmp_path / "wres.json"
    rc = main(
        [
            "analyse",
            "wres",
            *_args(synth_dir, "staff", "recruitment"),
            "--period",
            "2025-26",
            "--out",
            str(out),
            "--no-disclosure",
        ]
    )
    assert rc == 0
    doc = json.loads(out.read_text())
    assert "DO NOT PUBLISH" in doc["meta"]["disclosure"]
    assert "do not publish" in capsys.readouterr().err


MESSY_STAFF = """\ufeffEmployee Number,Assignment Number,Staff Group,Pay Band,Ethnic Origin,\
Disability Flag,Gender,Sexual Orientation,Religious Belief,Age Band,Contracted Hours,\
Ordinary Pay,Days In Period,Bonus Pay
1,1-1,Nursing and Midwifery Registered,Band 5,A White - British,No,Female,Heterosexual or \
Straight,Christianity,26-30,37.5,"£2,600.50",31,0
2,2-1,Administrative and Clerical,band 3, white - british ,NO,F,Undefined,Undefined,31-35,\
30,1900,31,
3,3-1,Medical and Dental,Consultant,N Black or Black British - African,Yes,Male,1,Islam,\
46-50,40,10200,31,12000
4,4-1,Allied Health Professionals,8A,Not Stated,Not Declared,M,Z,I do not wish to disclose \
my religion/belief,41-45,37.5,4700,31,0
5,5-1,Estates and Ancillary,AfC Band 2,99,,Female,9,Atheism,>=66 Years,20,1100,31,0
6,6-1,Medical and Dental,Specialty Registrar,H,No,Male,Bisexual,Hinduism,26-30,40,4900,31,0
"""
MESSY_REC = """Applicant ID,Stage Reached,Ethnicity,Disability,Sex
a1,Appointed,White British,No,Female
a2,Interviewed,A,no,Male
a3,Applied,Indian,Yes,Female
a4,Offer Accepted,Black or Black British - African,Prefer not to say,Male
a5,Shortlisted,Undefined,,Female
"""


def test_hand_made_messy_file(tmp_path):
    (tmp_path / "staff.csv").write_text(MESSY_STAFF, encoding="utf-8")
    (tmp_path / "rec.csv").write_text(MESSY_REC, encoding="utf-8")
    out = tmp_path / "r.json"
    rc = main(
        [
            "analyse",
            "all",
            "--staff",
            str(tmp_path / "staff.csv"),
            "--recruitment",
            str(tmp_path / "rec.csv"),
            "--period",
            "2025-26",
            "--out",
            str(out),
            "--no-disclosure",
            "--quiet",
        ]
    )
    assert rc == 0
    doc = json.loads(out.read_text())
    w1 = {(r["cluster"], r["pay_grade"]): r for r in doc["tables"]["wres1"]["rows"]}
    assert w1[("Non-clinical", "Band 3")]["White"] == 1
    assert w1[("Clinical", "Consultant")]["BME"] == 1
    assert w1[("Clinical", "Band 8a")]["Unknown"] == 1
    q = {(r["table"], r["column"]): r for r in doc["data_quality"]}
    assert q[("staff", "sexual_orientation")]["not_declared"] == 1
    assert q[("staff", "sexual_orientation")]["unknown"] == 2
    assert q[("staff", "disability")]["unknown"] == 1
    w2 = {r["group"]: r for r in doc["tables"]["wres2"]["rows"]}
    assert (w2["White"]["shortlisted"], w2["White"]["appointed"]) == (2, 1)


def test_bad_input_exit_code_and_report(tmp_path, capsys):
    bad = MESSY_STAFF.replace("37.5,4700", "37.5,-4700").replace("\n2,2-1", "\n1,2-1")
    (tmp_path / "staff.csv").write_text(bad, encoding="utf-8")
    rc = main(
        [
            "analyse",
            "wres",
            "--staff",
            str(tmp_path / "staff.csv"),
            "--period",
            "2025-26",
            "--out",
            str(tmp_path / "x.xlsx"),
            "--quiet",
        ]
    )
    assert rc == EXIT_INPUT
    err = capsys.readouterr().err
    assert "duplicate identifiers" in err and "rows 2, 3" in err
    assert "'Ordinary Pay': must not be negative (row 5)" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_usage_errors(tmp_path, capsys):
    assert (
        main(
            [
                "analyse",
                "representation",
                "--staff",
                "s.csv",
                "--period",
                "2025-26",
                "--out",
                "x.xlsx",
            ]
        )
        == EXIT_USAGE
    )
    assert "needs --reference" in capsys.readouterr().err
    assert (
        main(["analyse", "wres", "--staff", "s.csv", "--period", "25", "--out", "x.xlsx"])
        == EXIT_USAGE
    )
    assert main(["analyse", "nonsense"]) == EXIT_USAGE


def test_python_dash_m_and_synth(tmp_path):
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "dueregard.analytics",
            "synth",
            "workforce",
            "--staff",
            "300",
            "--seed",
            "3",
            "--out",
            str(tmp_path / "a"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    main(["synth", "workforce", "--staff", "300", "--seed", "3", "--out", str(tmp_path / "b")])
    for k in INPUTS:
        assert (tmp_path / "a" / f"{k}.csv").read_bytes() == (
            tmp_path / "b" / f"{k}.csv"
        ).read_bytes()


@pytest.mark.parametrize("fmt", ["parquet", "xlsx"])
def test_synth_formats_import(tmp_path, fmt):
    from dueregard.analytics.synth import write_workforce
    from dueregard.analytics.workforce import read_input

    paths = write_workforce(tmp_path, staff=200, seed=2, fmt=fmt)
    assert read_input(paths["staff"], "staff").table.num_rows == 200


def test_formula_like_labels_are_defused(tmp_path):
    (tmp_path / "staff.csv").write_text(
        "Employee Number,Pay Band,Ethnic Origin,Disability Flag,Gender,Clinical\n"
        '1,Band 5,=HYPERLINK("x"),No,Female,Y\n2,Band 5,A,No,Male,Y\n',
        encoding="utf-8",
    )
    out = tmp_path / "r.csv"
    rc = main(
        [
            "analyse",
            "wres",
            "--staff",
            str(tmp_path / "staff.csv"),
            "--period",
            "2025-26",
            "--out",
            str(out),
            "--allow-unmapped",
            "--quiet",
        ]
    )
    assert rc == 0
    text = (tmp_path / "r-data-quality.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text
