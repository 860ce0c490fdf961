"""Class breaks and ranks for the map: quantile, equal interval, Fisher-Jenks; missing values stay missing."""
import math

import numpy as np
import pytest

from models.classify import (
    NO_CLASS,
    assign_classes,
    class_breaks,
    colour_stops,
    jenks_bins,
    published_classes,
    rank_values,
)


def test_quantile_puts_a_fifth_in_each_class():
    values = np.arange(1, 101, dtype=float)
    breaks = class_breaks(values, "quantile")
    assert breaks.k == 5
    assert breaks.counts == (20, 20, 20, 20, 20)
    assert breaks.low == 1 and breaks.bins[-1] == 100


def test_equal_interval_has_equal_widths():
    breaks = class_breaks([0, 0.5, 1, 1.5, 2, 10], "equal")
    assert breaks.edges == pytest.approx((0, 2, 4, 6, 8, 10))
    assert breaks.counts == (5, 0, 0, 0, 1)


def test_jenks_finds_obvious_groups():
    values = [1, 1.1, 1.2, 5, 5.1, 9, 9.2, 20, 20.5, 40]
    assert jenks_bins(np.array(values), 5).tolist() == [1.2, 5.1, 9.2, 20.5, 40]


def test_jenks_is_optimal_against_brute_force():
    rng = np.random.default_rng(3)
    x = np.sort(rng.lognormal(2, 0.6, 14))

    def ssd(groups):
        return sum(((g - g.mean()) ** 2).sum() for g in groups)

    from itertools import combinations

    best = min(ssd(np.split(x, list(cut))) for cut in combinations(range(1, 14), 3))
    bins = jenks_bins(x, 4)
    groups = np.split(x, [int(np.searchsorted(x, b, side="right")) for b in bins[:-1]])
    assert ssd(groups) == pytest.approx(best)


def test_missing_values_never_get_a_class_or_rank():
    values = [3.0, float("nan"), 1.0, None, 2.0]
    breaks = class_breaks(values, "quantile")
    classes = assign_classes(np.array(values, dtype=float), breaks)
    assert classes[1] == NO_CLASS and classes[3] == NO_CLASS
    assert sum(breaks.counts) == 3
    ranks = rank_values(values, higher_is_better=True)
    assert ranks[0] == 1 and ranks[4] == 2 and ranks[2] == 3
    assert math.isnan(ranks[1]) and math.isnan(ranks[3])


def test_value_on_a_break_goes_to_the_lower_class():
    breaks = class_breaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "jenks")
    classes = assign_classes(np.array(breaks.bins), breaks)
    assert classes.tolist() == list(range(breaks.k))


def test_few_distinct_values_give_fewer_classes_with_a_note():
    breaks = class_breaks([2, 2, 2, 7], "quantile")
    assert breaks.k == 2 and breaks.notes
    assert assign_classes(np.array([2.0, 7.0]), breaks).tolist() == [0, 1]


def test_lower_is_better_ranks_the_smallest_first_and_ties_share():
    assert rank_values([10.0, 5.0, 5.0, 20.0], higher_is_better=False).tolist() == [3, 1, 1, 4]
    assert rank_values([10.0, 5.0, 20.0], higher_is_better=None).tolist() == [2, 3, 1]


@pytest.mark.parametrize("bad", [dict(values=[], method="quantile"), dict(values=[1.0], method="kmeans"),
                                 dict(values=[float("nan")], method="equal")])
def test_impossible_input_raises_value_error(bad):
    with pytest.raises(ValueError):
        class_breaks(bad["values"], bad["method"])


def test_deterministic():
    x = np.random.default_rng(0).normal(70, 5, 514)
    assert class_breaks(x, "jenks") == class_breaks(x.copy(), "jenks")


@pytest.mark.parametrize("method", ["quantile", "equal", "jenks"])
def test_colour_stops_separate_every_value_by_its_class(method):
    rng = np.random.default_rng(7)
    values = np.round(rng.normal(70, 4, 300), 2)
    values[:40] = values[40]  # ties, some sitting on a break
    breaks = class_breaks(values, method)
    stops = colour_stops(values, breaks)
    assert len(stops) == breaks.k - 1 and list(stops) == sorted(stops)
    by_stops = np.searchsorted(np.asarray(stops), values, side="right")  # a value equal to a stop would go up
    assert (by_stops == assign_classes(values, breaks)).all()
    assert not set(stops) & set(values.tolist())


def test_published_classes_class_what_the_reader_sees():
    """Two values printed alike (71.004 and 70.996 both read 71.00) share a class on every map."""
    shown, breaks = published_classes([70.996, 71.004, 60.0, 80.0, 75.0, np.nan], 2, "quantile", 3)
    assert shown[0] == shown[1] == 71.0 and np.isnan(shown[-1])
    classes = assign_classes(shown, breaks)
    assert classes[0] == classes[1] and classes[-1] == NO_CLASS
    assert published_classes([np.nan, np.nan], 1)[1] is None
