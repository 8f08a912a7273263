"""The reference folder's example datasets: NCMP_testdata.csv and DSR_testdata.csv.

They carry no expected SII, but NCMP_testdata holds Wilson percentages and limits of
real child-obesity data (a conformance check), and both are the reference's SII inputs
(deciles of proportions; quintiles of DSRs), used here to check the SII paths agree.
"""

from __future__ import annotations

import numpy as np

from dueregard.analytics.stats import grouped, proportion, sii

from .helpers import assert_matches


def test_ncmp_wilson_percentages(oracle):
    data = oracle.csv("NCMP_testdata.csv")
    result = proportion(data.Count, data.Measured, multiplier=100)
    assert_matches(result["value"], data.Rate)
    assert_matches(result["lowercl"], data.LCL)
    assert_matches(result["uppercl"], data.UCL)


def test_ncmp_sii_from_counts_equals_sii_from_limits(oracle):
    data = oracle.csv("NCMP_testdata.csv")
    data["group"] = data.Period.astype(str) + "|" + data.SchoolYear.astype(str)
    common = dict(groups=data.group, value_type=2, transform=True, repetitions=20_000, seed=3)
    from_limits = sii(
        data.Rate / 100,
        data.Measured,
        data.Decile,
        lower_cl=data.LCL / 100,
        upper_cl=data.UCL / 100,
        **common,
    )
    from_counts = sii(data.Rate / 100, data.Measured, data.Decile, count=data.Count, **common)
    assert from_limits.nrows == 24 and from_limits["reported"].all()
    assert_matches(from_counts["value"], from_limits["value"], rtol=1e-12)
    assert_matches(from_counts["lowercl"], from_limits["lowercl"], rtol=1e-5)
    assert_matches(from_counts["rii_uppercl"], from_limits["rii_uppercl"], rtol=1e-5)
    # obesity is higher in the most deprived decile (quantile 1): SII < 0, RII < 1
    assert np.all(from_limits["value"] < 0) and np.all(from_limits["rii"] < 1)


def test_dsr_quintiles_sii_by_period(oracle):
    data = oracle.csv("DSR_testdata.csv")
    result = grouped.sii(
        data,
        "value",
        "total_pop",
        "Quintile",
        by="Period",
        lower_cl="lowercl",
        upper_cl="uppercl",
        value_type=1,
        repetitions=20_000,
        confidence=[0.95, 0.998],
    )
    assert list(result["Period"]) == sorted(data.Period.unique())
    assert set(result["quantiles"]) == {5}
    lower, upper = result.limits(0.998)
    assert np.all(lower <= result["value"]) and np.all(result["value"] <= upper)
    share = data.total_pop / data.groupby("Period").total_pop.transform("sum")
    first = data.Period == data.Period.min()
    rank = (share[first].cumsum() - share[first] / 2).to_numpy()
    slope = np.polyfit(rank, data.value[first], 1, w=np.sqrt(data.total_pop[first]))[0]
    assert_matches(result["value"][:1], [slope], rtol=1e-10)
