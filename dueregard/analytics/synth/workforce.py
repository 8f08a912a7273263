"""Synthetic workforce files: ESR-like staff snapshot, recruitment, cases, training, survey
and a reference population, written with the headers and messy labels real exports have.

Deterministic for a given ``seed`` and size (numpy ``Generator``); vectorised, so 1.5
million staff take a few seconds. Distributions are plausible, not real: BME and disabled
staff are concentrated in lower bands, shortlisted BME applicants are appointed less often,
BME staff enter disciplinary processes more often, and a few per cent of every
characteristic is "Not Declared", "Undefined" or blank, with label spellings varying as
they do between ESR and recruitment-system exports.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa

__all__ = ["generate", "write_workforce"]

_ETHNIC = {
    "A": 0.60,
    "B": 0.01,
    "C": 0.07,
    "D": 0.006,
    "E": 0.005,
    "F": 0.005,
    "G": 0.008,
    "H": 0.06,
    "J": 0.015,
    "K": 0.006,
    "L": 0.02,
    "M": 0.015,
    "N": 0.065,
    "P": 0.005,
    "R": 0.008,
    "S": 0.022,
    "Z": 0.04,
    "99": 0.03,
}
_ETHNIC_LABEL = {
    "A": "White - British",
    "B": "White - Irish",
    "C": "White - Any other White background",
    "D": "Mixed - White & Black Caribbean",
    "E": "Mixed - White & Black African",
    "F": "Mixed - White & Asian",
    "G": "Mixed - Any other mixed background",
    "H": "Asian or Asian British - Indian",
    "J": "Asian or Asian British - Pakistani",
    "K": "Asian or Asian British - Bangladeshi",
    "L": "Asian or Asian British - Any other Asian background",
    "M": "Black or Black British - Caribbean",
    "N": "Black or Black British - African",
    "P": "Black or Black British - Any other Black background",
    "R": "Chinese",
    "S": "Any Other Ethnic Group",
}
_GRADES = [
    "Band 2",
    "Band 3",
    "Band 4",
    "Band 5",
    "Band 6",
    "Band 7",
    "Band 8a",
    "Band 8b",
    "Band 8c",
    "Band 8d",
    "Band 9",
    "VSM",
]
_GRADE_P = np.array([0.10, 0.14, 0.11, 0.24, 0.19, 0.12, 0.05, 0.02, 0.01, 0.005, 0.002, 0.003])
_SALARY = [24465, 25674, 27898, 31049, 38682, 47810, 55690, 64455, 76965, 91342, 109179, 150000]
_MEDICAL = ["Consultant", "Specialty Doctor", "Specialty Registrar", "Foundation Year 1"]
_MEDICAL_P = np.array([0.4, 0.15, 0.3, 0.15])
_MEDICAL_SALARY = [120000, 80000, 58000, 38000]
_GROUPS = [
    "Nursing and Midwifery Registered",
    "Additional Clinical Services",
    "Administrative and Clerical",
    "Allied Health Professionals",
    "Estates and Ancillary",
    "Healthcare Scientists",
    "Medical and Dental",
    "Add Prof Scientific and Technic",
]
_GROUP_P = np.array([0.27, 0.19, 0.24, 0.07, 0.07, 0.03, 0.1, 0.03])
_DISABILITY = (["Yes", "No", "Not Declared", "Undefined", ""], [0.065, 0.80, 0.07, 0.045, 0.02])
_SEX = (["Female", "Male", "F", "M"], [0.72, 0.22, 0.045, 0.015])
_AGES = [
    "<=20 Years",
    "21-25",
    "26-30",
    "31-35",
    "36-40",
    "41-45",
    "46-50",
    "51-55",
    "56-60",
    "61-65",
    ">=66 Years",
]
_AGE_P = np.array([0.02, 0.08, 0.12, 0.12, 0.12, 0.11, 0.11, 0.12, 0.11, 0.06, 0.03])
_SO = (
    [
        "Heterosexual or Straight",
        "Gay or Lesbian",
        "Bisexual",
        "Other sexual orientation not listed",
        "Not stated (person asked but declined to provide a response)",
        "Undecided",
        "Undefined",
    ],
    [0.74, 0.02, 0.015, 0.005, 0.12, 0.01, 0.09],
)
_RELIGION = (
    [
        "Christianity",
        "Atheism",
        "Islam",
        "Hinduism",
        "Sikhism",
        "Buddhism",
        "Judaism",
        "Other",
        "I do not wish to disclose my religion/belief",
        "Undefined",
    ],
    [0.45, 0.16, 0.06, 0.03, 0.01, 0.01, 0.005, 0.06, 0.13, 0.085],
)


def _pick(
    rng: np.random.Generator, labels: list[str], p: list[float] | np.ndarray, n: int
) -> np.ndarray:
    p = np.asarray(p, dtype=float)
    return np.asarray(labels, dtype=object)[rng.choice(len(labels), size=n, p=p / p.sum())]


def _ethnic_labels(rng: np.random.Generator, codes: np.ndarray, style: str) -> np.ndarray:
    """ESR style ("A White - British"), bare labels, bare codes, upper case, blanks."""
    out = np.empty(codes.size, dtype=object)
    u = rng.random(codes.size)
    for code in _ETHNIC:
        m = codes == code
        if code == "Z":
            out[m] = np.where(u[m] < 0.7, "Z Not Stated", "Not Declared")
        elif code == "99":
            out[m] = np.where(u[m] < 0.6, "Undefined", np.where(u[m] < 0.8, "", "99"))
        else:
            label = _ETHNIC_LABEL[code]
            if style == "esr":
                out[m] = np.where(
                    u[m] < 0.9,
                    f"{code} {label}",
                    np.where(u[m] < 0.95, label.upper(), f" {label} "),
                )
            else:
                out[m] = np.where(u[m] < 0.85, label, np.where(u[m] < 0.95, code, label.lower()))
    return out


def _ethnic_codes(rng: np.random.Generator, n: int) -> np.ndarray:
    keys = list(_ETHNIC)
    return _pick(rng, keys, list(_ETHNIC.values()), n)


def _is_bme(codes: np.ndarray) -> np.ndarray:
    return ~np.isin(codes, ["A", "B", "C", "Z", "99"])


def generate(staff: int = 20000, seed: int = 1, period: str = "2025-26") -> dict[str, pa.Table]:
    """All six inputs as Arrow tables of text columns (as files would hold them)."""
    rng = np.random.default_rng(seed)
    first = int(period.split("-")[0])
    n = int(staff)
    ids = np.char.add("E", np.char.zfill(rng.permutation(n).astype(str), 7)).astype(object)
    eth = _ethnic_codes(rng, n)
    bme = _is_bme(eth)
    group = _pick(rng, _GROUPS, _GROUP_P, n)
    medical = group == "Medical and Dental"
    # BME staff more often in lower bands: shift the grade distribution.
    p_bme = _GRADE_P * np.array([1.3, 1.2, 1.1, 1.3, 1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.3, 0.2])
    gi = np.where(
        bme,
        rng.choice(12, n, p=p_bme / p_bme.sum()),
        rng.choice(12, n, p=_GRADE_P / _GRADE_P.sum()),
    )
    mi = rng.choice(4, n, p=_MEDICAL_P)
    grade = np.where(medical, np.asarray(_MEDICAL, object)[mi], np.asarray(_GRADES, object)[gi])
    salary = np.where(medical, np.asarray(_MEDICAL_SALARY)[mi], np.asarray(_SALARY)[gi])
    u = rng.random(n)
    grade_label = np.where(
        medical | (u < 0.85),
        grade,
        np.where(
            u < 0.93,
            np.char.replace(grade.astype(str), "Band ", ""),
            np.char.add("AfC ", grade.astype(str)).astype(object),
        ),
    ).astype(object)
    grade_label = np.where(grade_label == "8a", "8A", grade_label)
    fte = rng.choice([1.0, 0.8, 0.6, 0.5, 0.4], n, p=[0.68, 0.14, 0.09, 0.05, 0.04])
    sex = _pick(rng, *_SEX, n)
    female = np.isin(sex, ["Female", "F"])
    # part-time work more common among women
    fte = np.where(female & (rng.random(n) < 0.15), 0.6, fte)
    hours = np.round(37.5 * fte, 2)
    salary = salary * (1 + rng.normal(0, 0.04, n)).clip(0.85, 1.2)
    period_pay = np.round(salary * fte / 12, 2)
    bonus = np.where(
        (grade == "Consultant") & (rng.random(n) < 0.35),
        np.round(rng.uniform(3000, 40000, n) / 100) * 100,
        0.0,
    )
    bonus = np.where(~female, bonus * 1.1, bonus).round(2)
    disability = _pick(rng, *_DISABILITY, n)
    disabled = disability == "Yes"
    # disabled staff a little more often in lower bands: swap some to Band 3
    move = disabled & ~medical & (gi >= 6) & (rng.random(n) < 0.2)
    grade_label = np.where(move, "Band 3", grade_label)
    period_pay = np.where(move, np.round(_SALARY[1] * fte / 12, 2), period_pay)
    pool = np.flatnonzero(np.isin(grade, ["VSM", "Band 9", "Consultant"]) | (gi >= 10))
    board_idx = rng.choice(
        pool,
        size=min(16, pool.size),
        replace=False,
    )
    board_voting = np.zeros(n, dtype=object)
    board_voting[:] = ""
    board_exec = board_voting.copy()
    board_voting[board_idx[:12]] = "Y"
    board_exec[board_idx[::2]] = "Y"
    staff_t = pa.table(
        {
            "Employee Number": ids,
            "Assignment Number": np.char.add(ids.astype(str), "-1").astype(object),
            "Organisation": np.full(n, "RXX Synthetic NHS Trust", dtype=object),
            "Staff Group": group,
            "Pay Band": grade_label,
            "Ethnic Origin": _ethnic_labels(rng, eth, "esr"),
            "Disability Flag": disability,
            "Gender": sex,
            "Age Band": _pick(rng, _AGES, _AGE_P, n),
            "Sexual Orientation": _pick(rng, *_SO, n),
            "Religious Belief": _pick(rng, *_RELIGION, n),
            "FTE": fte,
            "Contracted Hours": hours,
            "Ordinary Pay": period_pay,
            "Days In Period": np.full(n, 31),
            "Bonus Pay": bonus,
            "Full Pay Relevant": np.where(rng.random(n) < 0.97, "Y", "N").astype(object),
            "Voting Member": board_voting,
            "Executive Member": board_exec,
            "Bank": np.where(rng.random(n) < 0.05, "Y", "N").astype(object),
        }
    )
    # recruitment: about one application per member of staff a year
    na = n
    a_eth = _ethnic_codes(rng, na)
    a_bme = _is_bme(a_eth)
    a_dis = _pick(rng, *_DISABILITY, na)
    p_short = np.where(a_bme, 0.26, 0.34) * np.where(a_dis == "Yes", 1.05, 1.0)
    short = rng.random(na) < p_short
    p_app = np.where(a_bme, 0.19, 0.30) * np.where(a_dis == "Yes", 0.85, 1.0)
    appointed = short & (rng.random(na) < p_app)
    interviewed = short & (rng.random(na) < 0.5)
    stage = np.where(
        appointed,
        "Appointed",
        np.where(short, np.where(interviewed, "Interviewed", "Shortlisted"), "Applied"),
    ).astype(object)
    start = np.datetime64(f"{first}-04-01")
    days = rng.integers(0, 365, na)
    rec_t = pa.table(
        {
            "Applicant ID": np.char.add("A", np.arange(na).astype(str)).astype(object),
            "Vacancy Reference": np.char.add(
                "V", rng.integers(0, max(1, na // 25), na).astype(str)
            ).astype(object),
            "Stage Reached": stage,
            "Date Applied": (start + days.astype("timedelta64[D]")).astype(str).astype(object),
            "Ethnicity": _ethnic_labels(rng, a_eth, "rec"),
            "Disability": a_dis,
            "Sex": _pick(rng, ["Female", "Male", "Prefer not to say"], [0.7, 0.28, 0.02], na),
            "Age Band": _pick(rng, _AGES, _AGE_P, na),
            "Sexual Orientation": _pick(rng, *_SO, na),
            "Religion": _pick(rng, *_RELIGION, na),
        }
    )
    # formal cases over two years
    p_disc = np.where(bme, 0.022, 0.014)
    disc = np.flatnonzero(rng.random(n) < p_disc)
    p_cap = np.where(disabled, 0.012, 0.006)
    cap = np.flatnonzero(rng.random(n) < p_cap)
    who = np.concatenate([disc, cap])
    kinds = np.array(["Disciplinary"] * disc.size + ["Capability"] * cap.size, dtype=object)
    reason = np.where(
        kinds == "Capability",
        _pick(rng, ["Performance", "Ill health"], [0.6, 0.4], who.size),
        "Conduct",
    )
    window = np.datetime64(f"{first - 1}-04-01")
    cdays = rng.integers(0, 730, who.size)
    cases_t = pa.table(
        {
            "Case Reference": np.char.add("C", np.arange(who.size).astype(str)).astype(object),
            "Employee Number": ids[who],
            "Case Type": kinds,
            "Reason": reason,
            "Date Opened": (window + cdays.astype("timedelta64[D]")).astype(str).astype(object),
        }
    )
    # non-mandatory training in the year
    p_train = np.where(bme, 0.36, 0.42)
    tr = np.flatnonzero(rng.random(n) < p_train)
    tdays = rng.integers(0, 365, tr.size)
    train_t = pa.table(
        {
            "Employee Number": ids[tr],
            "Course Name": _pick(
                rng,
                ["Leadership", "MSc module", "Coaching", "Conference"],
                [0.3, 0.2, 0.3, 0.2],
                tr.size,
            ),
            "Course Date": (start + tdays.astype("timedelta64[D]")).astype(str).astype(object),
        }
    )
    # staff survey, long format
    resp = np.flatnonzero(rng.random(n) < 0.45)
    qs = ["q4b", "q11e", "q13a", "q13b", "q13c", "q13d", "q15", "q16b", "q30b", "engagement"]
    r = np.repeat(resp, len(qs))
    q = np.tile(np.asarray(qs, dtype=object), resp.size)
    rb = bme[r]
    rd = disabled[r]
    uu = rng.random(r.size)
    harass = np.where(
        uu < np.where(rb | rd, 0.72, 0.78),
        "Never",
        _pick(rng, ["1-2", "3-5", "6-10", "More than 10"], [0.6, 0.25, 0.1, 0.05], r.size),
    )
    yes = lambda p: np.where(uu < p, "Yes", "No").astype(object)  # noqa: E731
    ans = np.where(np.isin(q, ["q13a", "q13b", "q13c"]), harass, "")
    ans = np.where(q == "q13d", yes(0.5), ans)
    ans = np.where(
        q == "q15",
        np.where(uu < np.where(rb, 0.45, 0.56), "Yes", np.where(uu < 0.8, "No", "Don't know")),
        ans,
    )
    ans = np.where(q == "q16b", yes(np.where(rb, 0.15, 0.06)), ans)
    ans = np.where(q == "q11e", yes(np.where(rd, 0.3, 0.2)), ans)
    ans = np.where(
        q == "q4b",
        _pick(
            rng,
            ["Strongly agree", "Agree", "Neither", "Disagree", "Strongly disagree"],
            [0.1, 0.3, 0.3, 0.2, 0.1],
            r.size,
        ),
        ans,
    )
    ans = np.where(q == "q30b", np.where(rd, yes(0.72), ""), ans)
    eng = np.round(rng.normal(np.where(rd, 6.6, 6.9), 1.2, r.size).clip(0, 10), 1)
    ans = np.where(q == "engagement", eng.astype(str), ans).astype(object)
    keep = ans != ""
    survey_t = pa.table(
        {
            "Respondent ID": np.char.add("R", r[keep].astype(str)).astype(object),
            "Question": q[keep],
            "Answer": ans[keep],
            "Ethnicity": _ethnic_labels(rng, eth[r[keep]], "rec"),
            "Disability": np.asarray(disability, dtype=object)[r[keep]],
        }
    )
    ref_rows = [
        ("Ethnicity", "White", 0.78),
        ("Ethnicity", "Asian, Asian British or Asian Welsh", 0.1),
        ("Ethnicity", "Black, Black British, Black Welsh, Caribbean or African", 0.05),
        ("Ethnicity", "Mixed or Multiple ethnic groups", 0.03),
        ("Ethnicity", "Other ethnic group", 0.02),
        ("Sex", "Female", 0.51),
        ("Sex", "Male", 0.49),
        ("Disability", "Disabled", 0.16),
        ("Disability", "Not disabled", 0.84),
        ("Religion", "Christianity", 0.46),
        ("Religion", "No religion", 0.37),
        ("Religion", "Islam", 0.07),
        ("Religion", "Hinduism", 0.02),
        ("Religion", "Sikhism", 0.01),
        ("Religion", "Buddhism", 0.005),
        ("Religion", "Judaism", 0.005),
        ("Religion", "Other", 0.01),
        ("Sexual orientation", "Heterosexual", 0.94),
        ("Sexual orientation", "Gay or Lesbian", 0.02),
        ("Sexual orientation", "Bisexual", 0.02),
        ("Sexual orientation", "Other sexual orientation", 0.005),
    ]
    pop = 250000
    ref_t = pa.table(
        {
            "Area": ["E99999999 Synthetic area"] * len(ref_rows),
            "Characteristic": [r_[0] for r_ in ref_rows],
            "Group": [r_[1] for r_ in ref_rows],
            "Count": [int(r_[2] * pop) for r_ in ref_rows],
        }
    )
    return {
        "staff": staff_t,
        "recruitment": rec_t,
        "cases": cases_t,
        "training": train_t,
        "survey": survey_t,
        "reference": ref_t,
    }


def write_workforce(
    out: str | Path, *, staff: int = 20000, seed: int = 1, fmt: str = "csv", period: str = "2025-26"
) -> dict[str, Path]:
    """Write the six files into ``out`` (``csv``, ``parquet`` or ``xlsx``); returns paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for kind, table in generate(staff, seed, period).items():
        path = out / f"{kind}.{fmt}"
        if fmt == "csv":
            # Imported here: only this file type needs it.
            import pyarrow.csv as pacsv

            pacsv.write_csv(table, path)
        elif fmt == "parquet":
            # Imported here: only this file type needs it.
            import pyarrow.parquet as pq

            pq.write_table(table, path)
        elif fmt == "xlsx":
            # Imported here: only XLSX needs openpyxl.
            from openpyxl import Workbook

            wb = Workbook(write_only=True)
            ws = wb.create_sheet(kind)
            ws.append(table.column_names)
            for row in zip(*[c.to_pylist() for c in table.columns], strict=True):
                ws.append(list(row))
            wb.save(path)
        else:
            raise ValueError(f"unknown format {fmt!r} (csv, parquet, xlsx)")
        paths[kind] = path
    return paths
