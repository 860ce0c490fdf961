"""Card arithmetic: comparable period, tone by polarity, rank among peers, nearest target."""
import pandas as pd
import pytest

from models.breaks import SeriesBreak
from models.summary import Rank, change_tone, comparison_period, latest_row, nearest_targets, rank_among

SPLIT = SeriesBreak("p0", frozenset({"91"}), "2024", "pemekaran", "split", "test")


def test_same_month_a_year_before_is_preferred():
    assert comparison_period(["2023-02", "2023-08", "2024-02", "2024-08"], "2024-08") == "2023-08"


def test_previous_period_when_no_same_month_exists():
    # P0 2023-09 is missing from the BPS capture: September 2024 is compared with March 2024
    assert comparison_period(["2023-03", "2024-03", "2024-09"], "2024-09") == "2024-03"
    assert comparison_period(["2022", "2023", "2024"], "2024") == "2023"


def test_never_across_a_break():
    periods = ["2023-03", "2024-03", "2024-09"]
    assert comparison_period(periods, "2024-03", [SPLIT]) is None
    assert comparison_period(["2023-08", "2024-02", "2024-08"], "2024-08", [SPLIT]) == "2024-02"


def test_no_comparison_for_a_single_value():
    assert comparison_period(["2024"], "2024") is None


@pytest.mark.parametrize(("delta", "higher", "tone"), [
    (0.69, True, "good"), (-0.38, False, "good"), (0.007, False, "bad"), (-0.05, True, "bad"),
    (1.0, None, "neutral"), (0.0, True, "neutral"), (0.004, True, "neutral"), (None, True, "neutral"),
])
def test_tone_follows_polarity(delta, higher, tone):
    assert change_tone(delta, higher, decimals=2) == tone


def test_rank_is_best_first_by_polarity_and_counts_peers_with_a_value():
    values = {"31": 84.0, "32": 74.43, "33": 73.9, "34": 81.0, "91": None}
    assert rank_among(values, "32", True) == Rank(3, 4)
    assert rank_among(values, "32", False) == Rank(2, 4)
    assert rank_among({"a": 1.0, "b": 1.0, "c": 2.0}, "b", True) == Rank(2, 3)  # ties share the better rank
    assert rank_among(values, "91", True) is None
    assert rank_among(values, "32", None) is None
    assert rank_among({"32": 1.0}, "32", True) is None


def test_latest_row_orders_by_date_not_text():
    frame = pd.DataFrame({"period": ["2020-09", "2021-03", "2020"], "value": [10.19, 10.14, 9.9]})
    assert latest_row(frame)["period"] == "2021-03"
    assert latest_row(frame.iloc[0:0]) is None


def test_nearest_target_year_prefers_later_on_a_tie_and_keeps_every_plan():
    targets = pd.DataFrame({"year": [2024, 2025, 2025, 2029], "low": [1, 2, 3, 4], "high": [1, 2, 3, 4],
                            "plan": ["A", "B", "C", "D"]})
    assert list(nearest_targets(targets, 2025)["plan"]) == ["B", "C"]
    assert list(nearest_targets(targets, 2024)["plan"]) == ["A"]
    assert list(nearest_targets(targets, 2027)["plan"]) == ["D"]  # 2025 and 2029 tie: the later one
    assert list(nearest_targets(targets, 2020)["plan"]) == ["A"]
