"""The figures of a service analysis, computed from a list of group rows.

One place computes every derived figure — a group's percentage or rate and its interval,
relative likelihoods, the slope index of inequality, funnel limits and positions — from
the rows' counts. The analysis (``analyses.run_service``) calls it with the exact counts;
disclosure control (``safety.controlled``) calls it again with the *published* counts
(rounded, suppressed), so no figure shown beside a rounded count can give the exact count
back (``dueregard.analytics.derived``). Directly standardised rates keep their rows' age
band counts for the same reason, and are recomputed from the rounded band counts.
"""

from __future__ import annotations

import re

import numpy as np
from django.utils.translation import gettext as _

from dueregard.analytics import derived
from dueregard.analytics.disclosure import round_counts
from dueregard.analytics.stats import ESP2013, dsr, funnel_limits, funnel_points, sii
from dueregard.analytics.stats.standard_populations import normalise_band

SII_REPETITIONS = 10_000
SII_SEED = 1
MISSING_ZERO = "zero"  # the person chose "treat missing age bands as zero"


def _f(x) -> float | None:
    if x is None:
        return None
    x = float(x)
    return None if not np.isfinite(x) else x


def fill(rows: list[dict], *, proportion: bool, scale: float) -> None:
    """Each row's value and 95% limits from its counts (None where a count is hidden)."""
    num = [np.nan if r["numerator"] is None else r["numerator"] for r in rows]
    den = [np.nan if r["denominator"] is None else r["denominator"] for r in rows]
    interval = derived.proportion_interval if proportion else derived.rate_interval
    value, lower, upper = interval(num, den, scale=scale)
    for i, r in enumerate(rows):
        r["value"], r["lower"], r["upper"] = _f(value[i]), _f(lower[i]), _f(upper[i])


def ratios(rows: list[dict], reference: str | None) -> list[dict]:
    """Relative likelihood of each comparable group against the reference group."""
    ref = next((r for r in rows if r["group"] == reference), None)
    if ref is None or ref["numerator"] is None or ref["denominator"] is None:
        return []
    others = [
        r
        for r in rows
        if r["comparable"]
        and r["group"] != reference
        and r["numerator"] is not None
        and r["denominator"] is not None
    ]
    if not others:
        return []
    res = derived.likelihood(
        [r["numerator"] for r in others],
        [r["denominator"] for r in others],
        [ref["numerator"]] * len(others),
        [ref["denominator"]] * len(others),
    )
    return [
        {
            "group": r["group"],
            "reference": reference,
            "value": _f(res["value"][i]),
            "lower": _f(res["lower"][i]),
            "upper": _f(res["upper"][i]),
            "outside_band": bool(res["outside_band"][i]),
        }
        for i, r in enumerate(others)
        if _f(res["value"][i]) is not None
    ]


def _usable(r: dict) -> bool:
    return bool(
        r["comparable"]
        and r["denominator"]
        and r["numerator"] is not None
        and r["value"] is not None
    )


def deprivation(rows: list[dict], *, proportion: bool, scale: float) -> dict | None:
    """SII and RII across the deciles with counts (None with fewer than two)."""
    known = [
        r
        for r in rows
        if r["comparable"]
        and r["denominator"]
        and r["value"] is not None
        and r["numerator"] is not None
    ]
    if len(known) < 2:
        return None
    res = sii(
        [r["value"] / scale for r in known] if proportion else [r["value"] for r in known],
        [r["denominator"] for r in known],
        [int(r["group"]) for r in known],
        value_type=2 if proportion else 1,
        count=[r["numerator"] for r in known],
        multiplier=scale if proportion else 1,
        repetitions=SII_REPETITIONS,
        seed=SII_SEED,
    )
    lo, hi = res.limits()
    return {
        "value": _f(res["value"][0]),
        "lower": _f(lo[0]),
        "upper": _f(hi[0]),
        "rii": _f(res["rii"][0]),
        "rii_lower": _f(res["rii_lowercl"][0]),
        "rii_upper": _f(res["rii_uppercl"][0]),
        "intercept": (_f(res["intercept"][0]) or 0.0) * (scale if proportion else 1),
        "repetitions": SII_REPETITIONS,
        "seed": SII_SEED,
    }


def funnel(rows: list[dict], *, statistic: str, scale: float) -> dict | None:
    """Funnel limits (95% and 99.8%) around the overall value, for proportions, crude
    rates or DSRs, with each limit on one population axis."""
    known = [
        r
        for r in rows
        if r["comparable"]
        and r["denominator"]
        and r["numerator"] is not None
        and r["value"] is not None
    ]
    if len(known) < 2:
        return None
    num = [r["numerator"] for r in known]
    den = [r["denominator"] for r in known]
    if statistic == "proportion":
        limits = funnel_limits(num, den, statistic="proportion", multiplier=scale, points=40)
        axis = limits["population"]
        cols = {k: limits[k] for k in ("lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl")}
        baseline = float(limits["baseline"][0])
    else:
        rate_type = "dsr" if statistic == "dsr" else "crude"
        values = [r["value"] for r in known]
        points = funnel_points(num, values, rate_type=rate_type, denominator=den, multiplier=scale)
        if np.isnan(points["denominator_derived"]).sum() > len(known) - 2:
            return None
        limits = funnel_limits(
            num,
            den,
            statistic="rate",
            rate=values,
            rate_type=rate_type,
            multiplier=scale,
            points=40,
        )
        baseline = float(limits["baseline"][0])
        xs = {
            k: np.asarray(limits[k.replace("cl", "_population")], dtype=float)
            for k in ("lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl")
        }
        axis = np.unique(np.concatenate([x[np.isfinite(x)] for x in xs.values()]))
        axis = np.geomspace(max(axis.min(), 1.0), axis.max(), 40) if axis.size else axis
        cols = {}
        for k, x in xs.items():
            y = np.asarray(limits[k], dtype=float)
            order = np.argsort(x)
            cols[k] = np.interp(axis, x[order], y[order])
        for r, derived_n in zip(known, points["denominator_derived"], strict=True):
            r["funnel_x"] = _f(derived_n)
    return {
        "statistic": statistic,
        "baseline": _f(baseline),
        "limits": [
            {
                "n": _f(axis[i]),
                "lo95": _f(cols["lower95_0cl"][i]),
                "hi95": _f(cols["upper95_0cl"][i]),
                "lo998": _f(cols["lower99_8cl"][i]),
                "hi998": _f(cols["upper99_8cl"][i]),
            }
            for i in range(len(axis))
        ],
    }


def parity(value: float, lower: float, upper: float, outside_band: bool | None = None) -> str:
    """What a relative likelihood's 95% interval allows, against the 0.80–1.25 band
    treated as parity. A ratio whose interval includes 1 is never called outside parity."""
    outside_band = value < 0.8 or value > 1.25
    if lower <= 1 <= upper:
        if outside_band:
            return _(
                " The ratio is outside the 0.80 to 1.25 range treated as parity, but its "
                "95% interval includes 1: the figures are consistent with no difference."
            )
        return _(" The 95% interval includes 1: the figures are consistent with no difference.")
    if outside_band:
        return _(
            " This is outside the 0.80 to 1.25 range treated as parity, and the 95% interval "
            "excludes 1."
        )
    return _(
        " The 95% interval excludes 1, but the ratio is within the 0.80 to 1.25 range "
        "treated as parity."
    )


# --- directly standardised rates ---------------------------------------------------

_BAND = re.compile(r"^(\d+)-(\d+)$|^(\d+)\+$")


def _span(band: str) -> tuple[int, int] | None:
    m = _BAND.match(normalise_band(band))
    if not m:
        return None
    if m.group(3):
        return int(m.group(3)), 200
    return int(m.group(1)), int(m.group(2))


def standard_for(bands: list[str]) -> tuple[dict[str, float], str]:
    """The ESP 2013 population of each of the data's age bands, and how it was found:
    the 19 five-year bands as they are, other bands as the sum of the five-year bands
    they cover ("0-15" is refused: it does not end where a five-year band ends)."""
    esp = {normalise_band(b): v for b, v in ESP2013.items()}
    names = [normalise_band(b) for b in bands]
    if set(names) <= set(esp):
        return {b: esp[n] for b, n in zip(bands, names, strict=True)}, _(
            "European Standard Population 2013 (19 five-year bands)"
        )
    five = {b: _span(b) for b in esp}
    out: dict[str, float] = {}
    for band, name in zip(bands, names, strict=True):
        span = _span(name)
        if span is None:
            raise ValueError(
                _(
                    "Age band “%(band)s” is not a range of ages such as 0-14 or 85+: map the "
                    "age band column to bands of whole years."
                )
                % {"band": band}
            )
        inside = [b for b, (lo, hi) in five.items() if lo >= span[0] and hi <= span[1]]
        covered = sorted(five[b] for b in inside)
        if (
            not covered
            or covered[0][0] != span[0]
            or (covered[-1][1] != span[1] and not (span[1] == 200 and covered[-1][1] == 200))
        ):
            raise ValueError(
                _(
                    "Age band “%(band)s” does not start and end where the five-year bands of "
                    "the European Standard Population 2013 do (0-4, 5-9, … 85-89, 90+), so "
                    "it has no standard population. Use bands such as 0-14, 15-44 or 65+."
                )
                % {"band": band}
            )
        out[band] = sum(esp[b] for b in inside)
    total = sorted(v for v in (_span(n) for n in names) if v)
    for (_lo1, hi1), (lo2, _hi2) in zip(total, total[1:], strict=False):
        if lo2 <= hi1:
            raise ValueError(
                _("The age bands overlap: %(a)s and %(b)s. Each age must be in one band.")
                % {"a": f"{_lo1}-{hi1}", "b": f"{lo2}-{_hi2}"}
            )
    return out, _(
        "European Standard Population 2013, five-year bands summed to the data's age bands"
    )


def check_bands(rows: list[dict], *, missing: str = "") -> None:
    """Every group must have a row for every age band (a zero-count row where nobody had
    the event); a missing band is an error naming the group and the band, unless the
    person chose to treat missing bands as zero (the rows then get zero counts — and
    are left out of the rate, which needs a population)."""
    everywhere = sorted({b for r in rows for b, _n, _d in r["bands"]}, key=_band_order)
    problems = []
    for r in rows:
        have = {b for b, _n, _d in r["bands"]}
        lacking = [b for b in everywhere if b not in have]
        if lacking and missing != MISSING_ZERO:
            problems.append(f"{r['group']}: {', '.join(lacking[:6])}")
    if problems:
        raise ValueError(
            _(
                "Some groups have no row for some age bands (%(list)s). Add a row with a count "
                "of 0 for each, or choose “treat missing age bands as zero”."
            )
            % {"list": "; ".join(problems[:5])}
        )


def _band_order(band: str) -> tuple[int, str]:
    span = _span(band)
    return (span[0] if span else 999, band)


def fill_dsr(rows: list[dict], *, scale: float, rounded: bool = False) -> None:
    """Each row's DSR and Dobson limits from its age-band counts. ``rounded``: from the
    band counts rounded to 5 (disclosure control: the published rate then rests only on
    rounded counts)."""
    bands = sorted({b for r in rows for b, _n, _d in r["bands"]}, key=_band_order)
    standard, _method = standard_for(bands)
    for r in rows:
        if r["numerator"] is None or not r["bands"]:
            r["value"] = r["lower"] = r["upper"] = None
            continue
        x = np.array([n for _b, n, _d in r["bands"]], dtype=float)
        n = np.array([d for _b, _n, d in r["bands"]], dtype=float)
        if rounded:
            x, n = round_counts(x), round_counts(n)
        keep = n > 0
        if not keep.any():
            r["value"] = r["lower"] = r["upper"] = None
            continue
        w = np.array([standard[b] for b, _n, _d in r["bands"]], dtype=float)
        res = dsr(x[keep], n[keep], w[keep], multiplier=scale)
        lo, hi = res.limits()
        r["value"], r["lower"], r["upper"] = _f(res["value"][0]), _f(lo[0]), _f(hi[0])
