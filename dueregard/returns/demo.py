"""Demo WRES returns in Riverside and Vale (safe to run twice): every organisation's 2025
return published with its survey figures, board register, narratives and plan; 2026 started
at the ICB (late) and published at Vale, so the system view has a funnel and late returns."""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.db import transaction

from dueregard.core.models import Organisation, User

from .models import ReturnYear
from .services import calendar, cycle

ORGS = ("XRV01", "XRV02", "XRV03")
# Per organisation: (BME %, White %) for WRES 5–8 in 2025; 2026 moves by a seeded step.
BASE = {
    "5": (29.0, 25.0),
    "6": (28.0, 22.0),
    "7": (45.0, 58.0),
    "8": (15.0, 6.0),
}


def _survey_csv(seed: int, years: tuple[int, ...]) -> bytes:
    rng = np.random.default_rng(seed)
    lines = ["Indicator,Year,White: %,White: base,BME: %,BME: base"]
    for year in years:
        for code, (bme, white) in BASE.items():
            b = bme + rng.normal(0, 3) - (year - 2025) * 2
            w = white + rng.normal(0, 1)
            nb, nw = int(rng.integers(250, 700)), int(rng.integers(1200, 2600))
            lines.append(f"{code},{year},{w:.1f},{nw},{b:.1f},{nb}")
    return ("\n".join(lines) + "\n").encode()


SEATS = (
    ("Chair", True, False, "White"),
    ("Chief executive", True, True, "White"),
    ("Chief nurse", True, True, "BME"),
    ("Medical director", True, True, "White"),
    ("Director of finance", True, True, "White"),
    ("Non-executive director (audit)", True, False, "BME"),
    ("Non-executive director (quality)", True, False, "White"),
    ("Director of people", False, True, "Unknown"),
)


def _year(org, year: int, seed: int, actor, *, publish: bool) -> None:
    if ReturnYear.objects.filter(organisation=org, standard="WRES", year=year).exists():
        return
    ry = cycle.start(org, "WRES", year, actor=actor)
    cycle.load_survey(ry, _survey_csv(seed, (year,)), "survey.csv", actor=actor)
    for role, voting, executive, group in SEATS:
        cycle.add_seat(ry, role=role, voting=voting, executive=executive, group=group, actor=actor)
    if not publish:
        return
    for ind in calendar.indicators("WRES"):
        cycle.set_narrative(
            ry,
            ind.code,
            f"Indicator {ind.code}: see the figures; the action plan responds.",
            actor=actor,
        )
    if year == 2025:
        cycle.add_action(
            ry,
            indicator="2",
            description="Diverse shortlisting and interview panels for posts at band 7 and above",
            owner_name="Director of people",
            due_date=dt.date(year + 1, 9, 30),
            actor=actor,
        )
    # The demo has no evidence pack for every organisation: the check is bypassed for
    # the demo's published years only (their row-level indicators show as not linked).
    ry.stage = "validated"
    ry.save(update_fields=["stage"])
    cycle.approve(
        ry,
        body="Trust board",
        chair="Chair of the board",
        approved_on=dt.date(year, 9, 25),
        actor=actor,
    )
    cycle.publish(ry, actor=actor)


@transaction.atomic
def load(system) -> None:
    actor = User.objects.filter(email__startswith="priya.shah@").first()
    orgs = {o.ods_code: o for o in Organisation.objects.filter(ods_code__in=ORGS)}
    if actor is None or len(orgs) < len(ORGS):
        return
    for i, code in enumerate(ORGS):
        _year(orgs[code], 2025, seed=10 + i, actor=actor, publish=True)
    _year(orgs["XRV01"], 2026, seed=21, actor=actor, publish=False)
    _year(orgs["XRV03"], 2026, seed=23, actor=actor, publish=True)
