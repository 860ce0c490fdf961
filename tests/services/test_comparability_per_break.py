"""services.comparability.comparable asks each break after the period, not each region: the same answers as the
models' rule over every region's breaks, and a whole province of desa answered without a lookup per desa."""
from __future__ import annotations

import pytest

from models.breaks import breaks_for, stands_for_today
from services import comparability
from services.series_breaks import BREAKS

REGIONS = sorted({r for b in BREAKS for r in (b.regions or ())} | {"ID", "32", "3273", "9103", "3301012001"})
PERIODS = ["2010", "2018-08", "2020", "2021", "2022", "2022-03", "2023", "2023-09", "2024-03", "2025", "2023-Q1"]


@pytest.mark.parametrize("indicator", sorted({b.indicator for b in BREAKS} | {"idm"}))
def test_same_answer_as_the_rule_over_each_regions_breaks(indicator):
    for region in REGIONS:
        for period in PERIODS:
            expected = stands_for_today(period, breaks_for(BREAKS, indicator, region))
            assert comparability.comparable(indicator, region, period) is expected, (indicator, region, period)


def test_a_provinces_desa_need_no_lookup_per_desa(monkeypatch):
    def per_region(*_args):
        raise AssertionError("looked up one desa's breaks")

    monkeypatch.setattr(comparability, "_breaks", per_region)
    codes = [f"33{i:08d}" for i in range(8563)]
    assert all(comparability.comparable_flags("idm", codes, "2024"))
    assert comparability.latest_comparable("idm", ["2024"], codes) == "2024"
