"""models.brief: which three priorities the executive brief lists, on a small matrix worked by hand."""
from __future__ import annotations

import numpy as np
import pandas as pd

from models.brief import top_children, top_indicators

RANKING = pd.DataFrame({"region": ["b", "a", "c"], "score": [0.7, 0.5, 0.1], "rank": [1, 2, 3],
                        "stability": [1.0, 1.0, 1.0], "missing_share": [0.0, 0.0, 0.0]})
HEAT = pd.DataFrame({"p0": [0.2, 0.9, 0.0], "ipm": [0.8, 0.6, np.nan], "penduduk": [1.0, 1.0, 1.0]},
                    index=["a", "b", "c"])
LONG = pd.DataFrame([("b", "p0", "gap_to_target", 12.5), ("b", "p0", "trend", 0.3), ("b", "p0", "below_median", np.nan),
                     ("a", "ipm", "below_median", 4.0)], columns=["region", "indicator", "criterion", "value"])


def test_top_children_take_the_ranking_order_and_each_regions_worst_indicator():
    items = top_children(RANKING, HEAT, LONG, n=2)
    assert [(i.rank, i.region, i.indicator) for i in items] == [(1, "b", "p0"), (2, "a", "ipm")]
    assert [i.need for i in items] == [0.7, 0.5]  # the ranking's score (as /prioritas shows), not b's p0 cell 0.9
    assert items[0].criteria == {"gap_to_target": 12.5, "trend": 0.3}  # missing criteria left out
    assert items[1].criteria == {"below_median": 4.0}


def test_population_is_never_the_priority_indicator():
    items = top_children(RANKING, HEAT, LONG, n=3)
    assert "penduduk" not in {i.indicator for i in items}
    assert [i.region for i in items] == ["b", "a", "c"]  # c's only finite cell is p0 (0.0)


def test_top_indicators_of_one_region_largest_need_first():
    items = top_indicators(HEAT, LONG, "a", n=3)
    assert [(i.rank, i.indicator, i.need) for i in items] == [(1, "ipm", 0.8), (2, "p0", 0.2)]
    assert top_indicators(HEAT, LONG, "zz") == []
    assert top_indicators(pd.DataFrame(), LONG, "a") == []
