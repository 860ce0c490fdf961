"""Series breaks: segments, comparisons across a break, and gaps inserted for plotting."""
import math

import pandas as pd

from models.breaks import SeriesBreak, breaks_for, crosses_break, from_records, segments, with_gaps

SPLIT = SeriesBreak("p0", frozenset({"91", "92"}), "2024", "pemekaran", "split", "test")
GRDP = SeriesBreak("pdrb_growth", frozenset({"91"}), "2023", "pemekaran", "split", "test")


def test_break_applies_only_to_its_indicator_and_regions():
    assert breaks_for([SPLIT, GRDP], "p0", "91") == [SPLIT]
    assert breaks_for([SPLIT, GRDP], "p0", "32") == []
    assert breaks_for([SPLIT, GRDP], "pdrb_growth", "92") == []
    every = SeriesBreak("penduduk", None, "2023", "a", "b", "test")
    assert breaks_for([every], "penduduk", "3273") == [every]


def test_segments_split_at_the_first_day_of_the_new_basis():
    assert segments(["2022-09", "2023-03", "2024-03", "2024-09"], [SPLIT]) == [0, 0, 1, 1]
    # a plain year sits at mid-year, so "2024" is on the new basis and "2023" on the old one
    assert segments(["2023", "2024"], [SPLIT]) == [0, 1]


def test_comparison_across_a_break_is_detected():
    assert crosses_break("2023-03", "2024-03", [SPLIT])
    assert not crosses_break("2024-03", "2024-09", [SPLIT])
    assert not crosses_break("2023-03", "2024-03", [])


def test_with_gaps_inserts_one_empty_point_between_segments():
    frame = pd.DataFrame({"period": ["2022-09", "2023-03", "2024-03", "2024-09"], "value": [26.8, 26.03, 17.26, 18.09]})
    frame["date"] = pd.to_datetime(["2022-09-01", "2023-03-01", "2024-03-01", "2024-09-01"])
    out = with_gaps(frame, [SPLIT])
    assert len(out) == 5
    assert math.isnan(out["value"].iloc[2]) and out["period"].iloc[2] is None
    assert list(out["value"].dropna()) == [26.8, 26.03, 17.26, 18.09]
    assert out["date"].is_monotonic_increasing
    assert len(with_gaps(frame, [])) == 4


def test_from_records_builds_breaks_from_plain_metadata():
    (one,) = from_records([{"indicator": "ipm", "regions": ["91"], "starts": 2022, "note_id": "a", "note_en": "b"}])
    assert one.regions == frozenset({"91"}) and one.starts == "2022" and one.note("en") == "b"
