"""Loading ONS Census 2021 TS021 files, choosing the areas served, and the profile of the
people who live there."""

from __future__ import annotations

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from dueregard.analytics.classifications import (
    CENSUS_2021_BROAD,
    CENSUS_2021_ETHNICITY,
    roll_up,
)
from dueregard.core.services import audit
from dueregard.core.tenancy import Scope

from ..census import read_ts021
from ..census_age import is_by_age, read_ethnicity_by_age
from ..models import AreaPopulation, AreaWorkingAge, ServedArea

MAX_BYTES = 20 * 1024 * 1024


def decode(upload) -> str:
    if upload.size > MAX_BYTES:
        raise ValidationError({"file": _("The file must be smaller than 20 MB")})
    raw = upload.read()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError({"file": _("The file must be a CSV file saved as text")})


def _refuse(problems: list[str]) -> None:
    if problems:
        shown = problems[:10]
        if len(problems) > 10:
            shown.append(_("and %(n)d more problems") % {"n": len(problems) - 10})
        raise ValidationError({"file": shown})


def load_census(text: str, *, actor, scope: Scope, request=None) -> tuple[str, int]:
    """Either Census file, told apart by its header: ("ts021" | "working_age", areas)."""
    header = next(csv.reader(io.StringIO(text)), [])
    if is_by_age(header):
        return "working_age", load_working_age(text, actor=actor, scope=scope, request=request)
    return "ts021", load_ts021(text, actor=actor, scope=scope, request=request)


@transaction.atomic
def load_working_age(text: str, *, actor, scope: Scope, request=None) -> int:
    """All or nothing: residents aged 16 to 64 of every area of an ethnic group by age
    file, or the problems (at most 10 shown)."""
    result = read_ethnicity_by_age(text)
    _refuse(result.problems)
    for area in result.areas:
        AreaWorkingAge.objects.update_or_create(
            code=area.code,
            year=area.year,
            defaults={
                "name": area.name,
                "total": area.total,
                "counts": area.counts,
                "loaded_by": actor,
            },
        )
    audit.record(
        "population.working_age_loaded",
        actor=actor,
        organisation=scope.organisation,
        system=scope.system,
        after={"areas": len(result.areas)},
        request=request,
    )
    return len(result.areas)


@transaction.atomic
def load_ts021(text: str, *, actor, scope: Scope, request=None) -> int:
    """All or nothing: every area of the file, or the problems (at most 10 shown)."""
    result = read_ts021(text)
    _refuse(result.problems)
    for area in result.areas:
        AreaPopulation.objects.update_or_create(
            code=area.code,
            year=area.year,
            defaults={
                "name": area.name,
                "total": area.total,
                "counts": area.counts,
                "loaded_by": actor,
            },
        )
    audit.record(
        "population.ts021_loaded",
        actor=actor,
        organisation=scope.organisation,
        system=scope.system,
        after={"areas": len(result.areas)},
        request=request,
    )
    return len(result.areas)


def served_codes(scope: Scope) -> list[str]:
    return list(ServedArea.in_scope(scope).values_list("code", flat=True))


@transaction.atomic
def choose_areas(scope: Scope, codes: list[str], *, actor, request=None) -> None:
    if not codes:
        raise ValidationError({"areas": _("Choose at least one area you serve")})
    before = sorted(served_codes(scope))
    ServedArea.in_scope(scope).filter(organisation=scope.organisation).delete()
    for code in codes:
        ServedArea.objects.create(system=scope.system, organisation=scope.organisation, code=code)
    audit.record(
        "population.areas_chosen",
        actor=actor,
        organisation=scope.organisation,
        system=scope.system,
        before={"areas": before},
        after={"areas": sorted(codes)},
        request=request,
    )


def latest_areas(codes) -> list[AreaPopulation]:
    """The latest census year loaded for each code."""
    latest: dict[str, AreaPopulation] = {}
    for area in AreaPopulation.objects.filter(code__in=list(codes)).order_by("year"):
        latest[area.code] = area
    return sorted(latest.values(), key=lambda a: a.name)


def working_age_areas(codes) -> list[AreaWorkingAge] | None:
    """The latest working-age (16 to 64) counts of every code, or None unless every code
    has them (a comparison half working-age, half all residents would mislead)."""
    codes = set(codes)
    latest: dict[str, AreaWorkingAge] = {}
    for area in AreaWorkingAge.objects.filter(code__in=list(codes)).order_by("year"):
        latest[area.code] = area
    if not codes or set(latest) != codes:
        return None
    return sorted(latest.values(), key=lambda a: a.name)


def profile(areas: list[AreaPopulation]) -> dict:
    """Residents of ``areas`` by the 5 high-level and the 19 detailed groups, with shares."""
    total = sum(a.total for a in areas)
    detailed = {g.code: sum(a.counts.get(g.code, 0) for a in areas) for g in CENSUS_2021_ETHNICITY}
    broad = roll_up(detailed) if areas else {code: 0 for code, _label in CENSUS_2021_BROAD}

    def share(n: int) -> float | None:
        return round(100 * n / total, 1) if total else None

    return {
        "total": total,
        "broad": [
            {
                "code": code,
                "label": label,
                "n": broad[code],
                "percent": share(broad[code]),
                "groups": [
                    {"label": g.label, "n": detailed[g.code], "percent": share(detailed[g.code])}
                    for g in CENSUS_2021_ETHNICITY
                    if g.broad == code
                ],
            }
            for code, label in CENSUS_2021_BROAD
        ],
    }


def summary_for(system, organisation=None) -> dict | None:
    """Who lives in the areas an organisation (or a system) serves, by high-level ethnic
    group, as text for other pages (IDMF step 2, EDS Domain 1); None when no area is
    chosen or loaded. Census figures for whole areas are public: shown in full."""
    areas = latest_areas(served_codes(Scope(None, system, organisation)))
    if not areas:
        return None
    data = profile(areas)
    return {
        "title": _("Who lives here"),
        "areas": [f"{a.name} ({a.code})" for a in areas],
        "rows": [
            {"label": b["label"], "people": f"{b['n']:,}", "share": f"{b['percent']:.1f}%"}
            for b in data["broad"]
        ],
        "total": f"{data['total']:,}",
        "source": _(
            "Source: Office for National Statistics, Census 2021, TS021 Ethnic group (all"
            " usual residents)."
        ),
        "link": reverse("population:index"),
        "link_text": _("See every ethnic group of the areas served"),
    }


def summary_text(summary: dict) -> str:
    """The same figures as one paragraph (written evidence)."""
    groups = "; ".join(f"{r['label']} {r['people']} ({r['share']})" for r in summary["rows"])
    return _(
        "Usual residents of %(areas)s: %(groups)s; all usual residents %(total)s. %(source)s"
    ) % {
        "areas": ", ".join(summary["areas"]),
        "groups": groups,
        "total": summary["total"],
        "source": summary["source"],
    }
