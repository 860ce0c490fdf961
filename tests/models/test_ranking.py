"""Ranking, annual change and rank caveats on small hand-worked tables."""
import pandas as pd
import pytest

from models.ranking import annual_changes, default_period, rank_caveat, rank_values, typical_annual_change


def values(pairs):
    return pd.DataFrame([{"code": c, "name": c.upper(), "value": v} for c, v in pairs])


def test_higher_is_better_puts_the_highest_first_and_ties_share_rank():
    ranked = rank_values(values([("a", 70.0), ("b", 75.0), ("c", 70.0), ("d", None)]), higher_is_better=True)
    assert list(ranked["code"]) == ["b", "a", "c"]
    assert list(ranked["rank"]) == [1, 2, 2]


def test_lower_is_better_puts_the_lowest_first():
    ranked = rank_values(values([("a", 9.5), ("b", 4.0), ("c", 12.1)]), higher_is_better=False)
    assert list(ranked["code"]) == ["b", "a", "c"]
    assert list(ranked["rank"]) == [1, 2, 3]


def test_neutral_polarity_sorts_descending():
    ranked = rank_values(values([("a", 1.0), ("b", 3.0)]), higher_is_better=None)
    assert list(ranked["code"]) == ["b", "a"]


def test_annual_changes_pair_same_subperiod_of_consecutive_years_only():
    history = pd.DataFrame([
        ("x", "2021", 70.0), ("x", "2022", 70.5), ("x", "2024", 72.0),       # 2022->2024 is a gap: not counted
        ("y", "2023-03", 10.0), ("y", "2023-09", 9.0), ("y", "2024-03", 9.4),  # March to March only
        ("y", "2024-09", 8.7),
    ], columns=["region_code", "period", "value"])
    changes = sorted(annual_changes(history).round(6))
    assert changes == [0.3, 0.5, 0.6]
    assert typical_annual_change(history) == pytest.approx(0.5)


def test_typical_change_is_none_without_pairs():
    history = pd.DataFrame([("x", "2021", 1.0), ("x", "2023", 2.0)], columns=["region_code", "period", "value"])
    assert typical_annual_change(history) is None


def test_caveat_counts_close_gaps_and_gives_the_selected_rank_range():
    # sorted best first: 80, 79.8, 79.5, 76, 70; threshold 0.5
    ranked = rank_values(values([("a", 80.0), ("b", 79.8), ("c", 79.5), ("d", 76.0), ("e", 70.0)]), True)
    caveat = rank_caveat(ranked, 0.5, selected="b")
    assert (caveat.close_gaps, caveat.gaps) == (2, 4)     # 0.2 and 0.3 are below 0.5; 3.5 and 6 are not
    assert caveat.applies and caveat.share == 0.5
    assert (caveat.selected_rank, caveat.rank_low, caveat.rank_high) == (2, 1, 3)  # a and c lie within 0.5 of b
    far = rank_caveat(ranked, 0.5, selected="e")
    assert (far.rank_low, far.rank_high) == (5, 5)


def test_caveat_without_threshold_does_not_apply():
    ranked = rank_values(values([("a", 1.0), ("b", 1.1)]), True)
    caveat = rank_caveat(ranked, None, selected="b")
    assert not caveat.applies and caveat.selected_rank == 1


def test_default_period_skips_thinly_covered_latest_periods():
    counts = pd.Series({"2021": 34, "2022": 34, "2023": 14, "2024": 1})
    assert default_period(counts) == "2022"
    assert default_period(pd.Series({"2023": 38, "2024": 38})) == "2024"
    assert default_period(pd.Series(dtype=int)) is None
