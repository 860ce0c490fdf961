"""Kiosk analytics: movers with polarity, distance from target, attainment bands, classes, status changes."""
from datetime import date

import pandas as pd
import pytest

from models import kiosk as k


def frame(rows, period=None):
    out = pd.DataFrame(rows, columns=["region_code", "name", "value"])
    if period:
        out["period"] = period
    return out


CUR = frame([("11", "Aceh", 14.0), ("12", "Sumut", 8.0), ("13", "Sumbar", 6.0), ("14", "Riau", 7.0),
             ("15", "Jambi", None)])
OLD = frame([("11", "Aceh", 15.0), ("12", "Sumut", 8.0), ("13", "Sumbar", 5.0), ("14", "Riau", 7.5),
             ("15", "Jambi", 7.0)])


def test_movers_lower_is_better_puts_falls_first_as_improvements():
    better, worse = k.movers(CUR, OLD, higher_is_better=False, n=5)
    assert better["region_code"].tolist() == ["11", "14"]  # -1.0, then -0.5
    assert better["change"].tolist() == pytest.approx([-1.0, -0.5])
    assert worse["region_code"].tolist() == ["13"]
    # unchanged (12) and a region without a current value (15) are in neither list
    assert "12" not in set(better["region_code"]) | set(worse["region_code"])
    assert "15" not in set(better["region_code"]) | set(worse["region_code"])


def test_movers_polarity_flips_and_neutral_is_rise_then_fall():
    better, worse = k.movers(CUR, OLD, higher_is_better=True)
    assert better["region_code"].tolist() == ["13"]
    assert worse["region_code"].tolist() == ["11", "14"]
    rose, fell = k.movers(CUR, OLD, higher_is_better=None)
    assert rose["region_code"].tolist() == ["13"] and fell["region_code"].tolist() == ["11", "14"]


def test_movers_limits_to_n():
    better, worse = k.movers(CUR, OLD, higher_is_better=False, n=1)
    assert len(better) == 1 and better.loc[0, "region_code"] == "11"


def test_period_order():
    assert k.period_order("2024-09") == date(2024, 9, 1)
    assert k.period_order("2024") == date(2024, 7, 1)
    assert k.period_order("2024-Q1") == date(2024, 2, 1)
    # a plain year sits at mid-year: after March, before September
    assert k.sort_periods(["2024-09", "2024", "2024-03", "2023"]) == ["2023", "2024-03", "2024", "2024-09"]
    with pytest.raises(ValueError):
        k.period_order("kemarin")


def test_shortfall_follows_polarity():
    # poverty (lower is better), target band 6-7
    assert k.shortfall(8.0, 6.0, 7.0, False) == pytest.approx(1.0)
    assert k.shortfall(6.5, 6.0, 7.0, False) == 0.0
    assert k.shortfall(5.0, 6.0, 7.0, False) == 0.0  # beyond the band on the good side
    # IPM (higher is better), single value target 75
    assert k.shortfall(72.0, 75.0, 75.0, True) == pytest.approx(3.0)
    assert k.shortfall(76.0, 75.0, 75.0, True) == 0.0
    # neutral: inside the band is met, outside on either side is not
    assert k.shortfall(5.0, 4.0, 6.0, None) == 0.0
    assert k.shortfall(7.0, 4.0, 6.0, None) == pytest.approx(1.0)
    assert k.shortfall(3.0, 4.0, 6.0, None) == pytest.approx(1.0)


def test_pick_target_prefers_same_year_then_next_and_medium_term_plan():
    targets = pd.DataFrame([
        (2025, 6.0, 6.5, "RKP 2025"), (2025, 5.5, 6.0, "RPJMN 2025-2029"), (2029, 4.0, 4.5, "RPJMN 2025-2029"),
        (2023, 7.0, 7.0, "RKP 2023"),
    ], columns=["year", "low", "high", "plan"])
    assert k.pick_target(targets, 2025) == {"year": 2025, "low": 5.5, "high": 6.0, "plan": "RPJMN 2025-2029"}
    assert k.pick_target(targets, 2024)["year"] == 2025  # no 2024 target: the next one
    assert k.pick_target(targets, 2023)["plan"] == "RKP 2023"
    assert k.pick_target(targets, 2030) is None  # a past target never judges a later value


def test_target_gaps_sorts_furthest_behind_first_and_skips_regions_without_target():
    values = frame([("11", "Aceh", 14.0), ("12", "Sumut", 8.0), ("13", "Sumbar", 5.0), ("14", "Riau", 7.0)],
                   period="2024-09")
    targets = pd.DataFrame([("11", 2025, 12.0, 12.5, "RPJMN"), ("12", 2025, 7.0, 7.5, "RPJMN"),
                            ("13", 2025, 5.5, 6.0, "RPJMN")],
                           columns=["region_code", "year", "low", "high", "plan"])
    gaps = k.target_gaps(values, targets, higher_is_better=False)
    assert gaps["region_code"].tolist() == ["11", "12", "13"]
    assert gaps["shortfall"].tolist() == pytest.approx([1.5, 0.5, 0.0])
    assert gaps["band"].tolist() == ["belum", "hampir", "tercapai"]
    assert k.target_gaps(values, targets.iloc[0:0], higher_is_better=False).empty


def test_status_changes_only_for_known_keys():
    prev = {"a": "belum", "b": "tercapai", "c": "hampir"}
    cur = {"a": "tercapai", "b": "tercapai", "c": None, "d": "belum"}
    changes = k.status_changes(prev, cur)
    assert changes == [k.StatusChange("a", "belum", "tercapai")]
    assert k.is_improvement(changes[0])
    assert not k.is_improvement(k.StatusChange("x", "on_track", "off_track"))
    assert k.status_changes({}, cur) == []
