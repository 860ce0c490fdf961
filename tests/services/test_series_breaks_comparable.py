"""The one comparability rule (services.comparability) on the break records: a value from before the Papua split
does not stand for today's Papua / Papua Barat; kab/kota kept their territory."""
from __future__ import annotations

import pandas as pd

from services.comparability import comparable, row_flags


def test_pre_split_province_values_are_not_comparable():
    assert not comparable("penduduk", "91", "2023")  # 4,482.7 thousand: pre-split Papua
    assert not comparable("penduduk", "92", "2020") and comparable("penduduk", "91", "2025")
    assert not comparable("p0", "91", "2023-03") and comparable("p0", "91", "2024-03")
    assert not comparable("ipm", "92", "2021") and comparable("ipm", "92", "2022")
    assert not comparable("pdrb_per_capita", "92", "2022") and comparable("pdrb_per_capita", "92", "2023")
    assert not comparable("air_minum_layak", "91", "2022") and not comparable("sanitasi_layak", "92", "2022")


def test_other_regions_and_kabkota_are_comparable():
    assert comparable("p0", "32", "2010") and comparable("p0", "ID", "2015-03")
    assert comparable("penduduk", "32", "2020")  # a change of basis, not of territory
    # Papua-region kab/kota kept their territory: BPS 9401 Merauke (now 9301) and Jayapura (9103) in any year.
    assert comparable("tpt", "9301", "2018-08") and comparable("pdrb_adhb", "9103", "2010")


def test_flags_for_a_frame_keep_its_index():
    frame = pd.DataFrame({"indicator_code": ["p0", "p0", "p0"], "region_code": ["91", "91", "3273"],
                          "period": ["2023-09", "2024-03", "2019-03"]}, index=[5, 6, 7])
    assert row_flags(frame).to_dict() == {5: False, 6: True, 7: True}
