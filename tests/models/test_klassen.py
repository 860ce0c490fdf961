"""Tipologi Klassen on a hand-worked table of five regions."""
import pandas as pd
import pytest

from models.klassen import classify, growth_window, quadrant


def long(rows):
    return pd.DataFrame(rows, columns=["region_code", "period", "value"])


GROWTH = long([
    # means over 2022-2024: a 6, b 3, c 6, d 2, e only two years
    ("a", "2022", 5.0), ("a", "2023", 6.0), ("a", "2024", 7.0),
    ("b", "2022", 3.0), ("b", "2023", 3.0), ("b", "2024", 3.0),
    ("c", "2022", 6.0), ("c", "2023", 6.0), ("c", "2024", 6.0),
    ("d", "2022", 1.0), ("d", "2023", 2.0), ("d", "2024", 3.0),
    ("e", "2023", 9.0), ("e", "2024", 9.0),
    ("a", "2021", 99.0),  # outside the window
])
LEVEL = long([("a", "2023", 100.0), ("b", "2023", 120.0), ("c", "2023", 50.0), ("d", "2023", 40.0),
              ("e", "2023", 10.0), ("a", "2024", 1.0)])


def test_quadrant_rule_with_ties_at_or_above():
    assert quadrant(5, 100, 5, 100) == 1
    assert quadrant(4, 100, 5, 100) == 2
    assert quadrant(5, 99, 5, 100) == 3
    assert quadrant(4, 99, 5, 100) == 4


def test_classify_against_parent_values():
    # parent growth 2022-2024: 4, 5, 6 -> mean 5; parent level 2023 = 80 (no 2024 value, so level year is 2023)
    result = classify(GROWTH, LEVEL, {2022: 4.0, 2023: 5.0, 2024: 6.0}, {2023: 80.0}, years=3)
    assert result.window == (2022, 2023, 2024) and result.level_year == 2023
    assert result.growth_ref == pytest.approx(5.0) and result.level_ref == 80.0
    assert not result.growth_ref_is_simple_mean and not result.level_ref_is_simple_mean
    got = dict(zip(result.regions["region_code"], result.regions["quadrant"], strict=True))
    assert got == {"a": 1, "b": 2, "c": 3, "d": 4}
    assert result.excluded.to_dict("records") == [{"region_code": "e", "years": 2}]
    assert result.regions.set_index("region_code").loc["a", "growth"] == pytest.approx(6.0)


def test_missing_parent_falls_back_to_flagged_simple_mean():
    result = classify(GROWTH, LEVEL, {2023: 5.0}, {}, years=3)
    assert result.growth_ref_is_simple_mean and result.level_ref_is_simple_mean
    assert result.growth_ref == pytest.approx((6 + 3 + 6 + 2) / 4)
    assert result.level_ref == pytest.approx((100 + 120 + 50 + 40) / 4)
    assert result.level_year == 2023  # 2024 has one region only: not well covered


def test_series_break_inside_the_window_is_flagged():
    result = classify(GROWTH, LEVEL, {}, {}, years=3, breaks={"a": 2023, "b": 2022, "c": 2030})
    flags = dict(zip(result.regions["region_code"], result.regions["series_break"], strict=True))
    assert flags == {"a": True, "b": False, "c": False, "d": False}


def test_window_ends_at_the_latest_well_covered_year():
    thin = pd.concat([GROWTH, long([("a", "2025", 1.0)])])
    assert growth_window(thin, 2) == (2023, 2024)
    with pytest.raises(ValueError):
        growth_window(GROWTH, 0)
