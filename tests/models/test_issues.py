"""models.issues: the one rule that orders a region's strategic issues, on inputs worked by hand."""
from __future__ import annotations

from models.issues import IssueInput, flags_of, rank_issues


def item(code, value=1.0, hib=True, status=None, parent=None, rank=None, tone="neutral", change=True):
    position, of = rank or (None, None)
    return IssueInput(code, value, hib, status, parent, position, of, tone, change)


def test_each_way_of_falling_behind_raises_one_flag():
    assert flags_of(item("a", 5.0, True, "stagnating", 6.0, tone="bad")) == {"target": True, "peers": True,
                                                                              "trend": True}
    assert flags_of(item("b", 5.0, False, "on_track", 6.0, tone="good")) == {"target": False, "peers": False,
                                                                              "trend": False}


def test_what_cannot_be_judged_is_neither_raised_nor_counted():
    flags = flags_of(item("a", 5.0, None, None, 6.0, tone="bad", change=False))
    assert flags == {"target": None, "peers": None, "trend": None}
    [issue] = rank_issues([item("a", 5.0, True, None, None, change=False)])
    assert (issue.count, issue.judged) == (0, 0)


def test_ranked_by_flags_then_lower_peer_rank_then_display_order():
    issues = rank_issues([
        item("one_flag", status="worsening", parent=0.5, rank=(2, 10)),                 # target only
        item("two_flags", status="stagnating", parent=2.0, rank=(1, 10)),               # target and peers
        item("one_flag_low_rank", parent=2.0, rank=(9, 10)),                            # peers only, 9th of 10
        item("no_data", value=None),
        item("one_flag_late", tone="bad", parent=0.5, rank=(2, 10)),                    # trend only, later in order
    ])
    assert [i.code for i in issues] == ["two_flags", "one_flag_low_rank", "one_flag", "one_flag_late", "no_data"]
    assert [i.count for i in issues] == [2, 1, 1, 1, 0]
    assert issues[-1].has_data is False
