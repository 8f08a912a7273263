"""The dashboard: leadership levels against the people who live in the areas served,
year on year, and its download (publishing's tabular writers)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dueregard.population.services import population
from dueregard.publishing.tabular import to_csv, to_xlsx

from .. import figures
from . import snapshots

LEVEL_NAMES = {
    "board": gettext_lazy("Board"),
    "vsm": gettext_lazy("Very senior managers"),
    "band_8a": gettext_lazy("Band 8a"),
    "band_8b": gettext_lazy("Band 8b"),
    "band_8c": gettext_lazy("Band 8c"),
    "band_8d": gettext_lazy("Band 8d"),
    "band_9": gettext_lazy("Band 9"),
    "bands_8a_9": gettext_lazy("Bands 8a to 9 together"),
    "all": gettext_lazy("All staff"),
}
#: The levels followed year on year (each band is in the year's table).
TREND_LEVELS = ("board", "vsm", "bands_8a_9", "all")
CHARACTERISTIC_NAMES = {
    "ethnicity": gettext_lazy("Ethnicity"),
    "disability": gettext_lazy("Disability"),
    "sex": gettext_lazy("Sex"),
    "age": gettext_lazy("Age"),
}
CATEGORY_NAMES = {
    "minority": gettext_lazy("Ethnic minority"),
    "white": gettext_lazy("White"),
    "disabled": gettext_lazy("Disabled"),
    "not_disabled": gettext_lazy("Not disabled"),
    "female": gettext_lazy("Women"),
    "male": gettext_lazy("Men"),
    "under_40": gettext_lazy("Under 40"),
    "40_54": gettext_lazy("40 to 54"),
    "55_over": gettext_lazy("55 and over"),
    "unknown": gettext_lazy("Not known or not declared"),
}


#: What the community is: residents aged 16 to 64 when an ethnic group by age table is
#: loaded for every area served, else every usual resident (ADR 0045).
WORKING_AGE = "working_age"
ALL_RESIDENTS = "all_residents"
BASIS_COLUMN = {
    WORKING_AGE: gettext_lazy(
        "Residents of the areas served (%, Census 2021 usual residents aged 16 to 64)"
    ),
    ALL_RESIDENTS: gettext_lazy(
        "Residents of the areas served (%, Census 2021 all usual residents)"
    ),
}


def community(scope) -> tuple[list, dict, str]:
    """The areas served, their profile, and its basis (working age or all residents)."""
    codes = population.served_codes(scope)
    areas = population.latest_areas(codes)
    working = population.working_age_areas(codes) if areas else None
    if working:
        return areas, population.profile(working), WORKING_AGE
    return areas, population.profile(areas), ALL_RESIDENTS


def build(scope, characteristic: str = "ethnicity", period: str | None = None) -> dict:
    """Everything the dashboard shows for one characteristic and one chosen year."""
    years = snapshots.series(scope)
    areas, profile, basis = community(scope)
    available = [
        c
        for c in figures.CHARACTERISTICS
        if any(c in y["counts"]["characteristics"] for y in years)
    ]
    if characteristic not in figures.CHARACTERISTICS:
        characteristic = "ethnicity"
    share = figures.population_share(profile, characteristic) if areas else None
    chosen = next((y for y in years if y["period"] == period), years[-1] if years else None)
    rows = figures.level_rows(chosen["counts"], characteristic, share) if chosen else []
    trend = []
    for year in years:
        by_level = {
            r["level"]: r for r in figures.level_rows(year["counts"], characteristic, share)
        }
        trend.append(
            {
                "period": year["period"],
                "organisations": year["organisations"],
                "levels": [by_level.get(level) for level in TREND_LEVELS],
            }
        )
    char = figures.CHARACTERISTICS[characteristic]
    return {
        "characteristic": characteristic,
        "focus": char.focus,
        "categories": [*char.categories, figures.UNKNOWN],
        "available": available,
        "years": [y["period"] for y in years],
        "period": chosen["period"] if chosen else None,
        "organisations": chosen["organisations"] if chosen else 0,
        "rows": rows,
        "trend": trend,
        "trend_levels": TREND_LEVELS,
        "areas": areas,
        "profile": profile,
        "population_share": share,
        "basis": basis,
    }


def _cell(value, digits: int = 1):
    return "*" if value is None else round(value, digits)


def table(scope) -> list[list]:
    """Every year, level and characteristic, published figures only, for download."""
    years = snapshots.series(scope)
    areas, profile, basis = community(scope)
    header = [
        _("Reporting year"),
        _("Level"),
        _("Characteristic"),
        _("Category"),
        _("Staff (rounded; * small number)"),
        _("Share of known answers (%)"),
        _("Lower 95% limit"),
        _("Upper 95% limit"),
        str(BASIS_COLUMN[basis]),
        _("Gap (percentage points)"),
    ]
    out = [header]
    for year in years:
        for code in year["counts"]["characteristics"]:
            share = figures.population_share(profile, code) if areas else None
            focus = figures.CHARACTERISTICS[code].focus
            for row in figures.level_rows(year["counts"], code, share):
                for category, n in row["counts"].items():
                    headline = category == focus
                    out.append(
                        [
                            year["period"],
                            str(LEVEL_NAMES[row["level"]]),
                            str(CHARACTERISTIC_NAMES[code]),
                            str(CATEGORY_NAMES[category]),
                            "*" if n is None else int(n),
                            _cell(row["value"]) if headline else "",
                            _cell(row["lower"]) if headline and row["value"] is not None else "",
                            _cell(row["upper"]) if headline and row["value"] is not None else "",
                            _cell(share) if headline and share is not None else "",
                            _cell(row["gap"]) if headline and row["gap"] is not None else "",
                        ]
                    )
    return out


def download(scope, fmt: str) -> tuple[bytes, str, str]:
    rows = table(scope)
    if fmt == "xlsx":
        return (
            to_xlsx(rows, title="Leadership"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "leadership-and-community.xlsx",
        )
    return to_csv(rows), "text/csv; charset=utf-8", "leadership-and-community.csv"
