"""Priority scores on small tables worked by hand; sensitivity stability with an obvious winner."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from models.priority import normalise, score


def long(rows):
    return pd.DataFrame(rows, columns=["region", "indicator", "criterion", "value"])


def test_hand_worked_scores():
    # Two criteria, one indicator. gap: A 4, B 2, C 0 -> norm 1, .5, 0; trend: A 0, B 1, C 1 -> 0, 1, 1.
    data = long([("A", "p0", "gap_to_target", 4), ("B", "p0", "gap_to_target", 2), ("C", "p0", "gap_to_target", 0),
                 ("A", "p0", "trend", 0), ("B", "p0", "trend", 1), ("C", "p0", "trend", 1)])
    result = score(data, {"gap_to_target": 3, "trend": 1}, draws=0)
    ranking = result.ranking.set_index("region")
    # A = (3*1 + 1*0)/4 = .75; B = (3*.5 + 1*1)/4 = .625; C = (0 + 1)/4 = .25
    assert ranking["score"].to_dict() == pytest.approx({"A": 0.75, "B": 0.625, "C": 0.25})
    assert ranking["rank"].to_dict() == {"A": 1, "B": 2, "C": 3}


def test_equal_column_carries_no_information():
    data = long([("A", "p0", "trend", 1), ("B", "p0", "trend", 1)])
    assert normalise(data)["norm"].tolist() == [0.0, 0.0]


def test_regions_with_too_much_missing_are_set_apart():
    data = long([("A", "p0", "gap_to_target", 1), ("A", "p0", "trend", 1),
                 ("B", "p0", "gap_to_target", 2), ("B", "p0", "trend", np.nan),
                 ("C", "p0", "gap_to_target", 0), ("C", "p0", "trend", 0)])
    result = score(data, {"gap_to_target": 1, "trend": 1}, draws=0)
    assert result.set_apart["region"].tolist() == ["B"]
    assert result.set_apart["missing_share"].tolist() == [0.5]
    assert set(result.ranking["region"]) == {"A", "C"}


def test_obvious_winner_is_stable_under_weight_jitter():
    rows = []
    for region, (gap, trend, below) in {"A": (10, 10, 10), "B": (5, 1, 4), "C": (4, 2, 4.2), "D": (1, 0, 0)}.items():
        rows += [(region, "p0", "gap_to_target", gap), (region, "p0", "trend", trend),
                 (region, "p0", "below_median", below)]
    result = score(long(rows), {"gap_to_target": 1, "trend": 1, "below_median": 1}, draws=300, seed=3)
    ranking = result.ranking.set_index("region")
    assert ranking.loc["A", "rank"] == 1 and ranking.loc["A", "stability"] == 1.0
    # B and C are close: their order moves with the weights, so they are less stable than A.
    assert ranking.loc["B", "stability"] < 1.0 or ranking.loc["C", "stability"] < 1.0
    again = score(long(rows), {"gap_to_target": 1, "trend": 1, "below_median": 1}, draws=300, seed=3)
    pd.testing.assert_frame_equal(result.ranking, again.ranking)


def test_heatmap_is_region_by_indicator():
    data = long([("A", "p0", "gap_to_target", 2), ("B", "p0", "gap_to_target", 0),
                 ("A", "tpt", "gap_to_target", 0), ("B", "tpt", "gap_to_target", 3)])
    heat = score(data, {"gap_to_target": 1}, draws=0).heatmap
    assert heat.loc["A", "p0"] == 1.0 and heat.loc["B", "tpt"] == 1.0 and heat.loc["A", "tpt"] == 0.0
