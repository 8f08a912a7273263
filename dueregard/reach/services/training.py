"""WRES indicator 4 across the programmes (ADR 0044): the relative likelihood of White
staff accessing non-mandatory training and development compared to BME staff.

WRES divides the staff who accessed it by the staff in post in each group. The staff who
took part come from the programmes' voluntary monitoring (``accessed``: each person once,
whatever they took part in); the staff in post come from the organisation's ESR figures,
which the person viewing enters (they are not stored). Counts are published with
disclosure control and the likelihood is worked out from the published counts, with its
95% interval and WRES's reading: outside 0.80 to 1.25 is a difference to act on.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

from dueregard.analytics.derived import likelihood
from dueregard.analytics.disclosure import suppress_counts
from dueregard.core.monitoring import MINORITY, WHITE
from dueregard.core.tenancy import Scope

from .registry import PROGRAMMES


@dataclass
class Line:
    label: str
    asked: bool  # the programme asks for the ethnic group in the WRES groups
    white: str = ""
    minority: str = ""
    not_stated: str = ""
    value: float | None = None
    lower: float | None = None
    upper: float | None = None
    outside_band: bool | None = None


def _published(counts: list[int]) -> tuple[list[float], list[bool]]:
    table = suppress_counts(counts, total=False)
    return table.published[0].tolist(), table.suppressed[0].tolist()


def _line(label, people: dict[str, str], headcounts) -> Line:
    counts = [
        sum(g == WHITE for g in people.values()),
        sum(g == MINORITY for g in people.values()),
        sum(g not in (WHITE, MINORITY) for g in people.values()),
    ]
    values, hidden = _published(counts)
    text = ["*" if h else f"{v:,.0f}" for v, h in zip(values, hidden, strict=True)]
    line = Line(str(label), True, *text)
    if headcounts:
        white_staff, minority_staff = headcounts
        figure = likelihood(values[0], white_staff, values[1], minority_staff)
        if figure["value"][0] == figure["value"][0]:  # not nan: nothing hidden
            line.value = float(figure["value"][0])
            line.lower = float(figure["lower"][0])
            line.upper = float(figure["upper"][0])
            line.outside_band = bool(figure["outside_band"][0])
    return line


def lines(scope: Scope, headcounts: tuple[int, int] | None) -> list[Line]:
    """One line per programme, then all of them together (each person once)."""
    out, everyone = [], {}
    for source in PROGRAMMES:
        if not hasattr(source.service, "accessed"):
            out.append(Line(str(source.label), False))
            continue
        people = source.service.accessed(scope)
        for email, group in people.items():
            everyone[email] = group or everyone.get(email, "")
        out.append(_line(source.label, people, headcounts))
    out.append(_line(gettext("All the programmes together"), everyone, headcounts))
    return out
