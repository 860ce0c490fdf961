"""Pure pieces of the compare page's layout: log-axis ticks, quadrant lists, the ranking figure."""
import pandas as pd

from layouts.bandingkan import log_ticks, quadrant_lists, ranking_figure


def test_log_ticks_cover_the_range_with_1_2_5_steps():
    assert log_ticks(23000, 310000, 75000) == [20000, 50000, 100000, 200000, 500000]
    assert log_ticks(8000, 9000) == [5000, 10000]


def test_quadrant_lists_follow_the_chart_layout():
    row = quadrant_lists({1: ["A"], 4: ["B", "C"]}, {q: f"Q{q}" for q in (1, 2, 3, 4)}, "en")
    headers = [col.children.children[0].children for col in row.children]
    assert headers == ["Q3 (0)", "Q1 (1)", "Q4 (2)", "Q2 (0)"]


def test_ranking_figure_keeps_the_given_order_and_marks_the_reference():
    rows = pd.DataFrame({"name": ["b", "a"], "value": [2.0, 1.0], "text": ["2", "1"], "hover": ["", ""],
                         "selected": [False, True], "side": ["better", "worse"]})
    fig = ranking_figure(rows, ("ref", 1.5), "x", "id", band=(0.5, 1.5))
    assert list(fig.layout.yaxis.categoryarray) == ["b", "a"] and fig.layout.separators == ",."
    assert {s.type for s in fig.layout.shapes} == {"line", "rect"}
    assert fig.data[0].marker.color[1] == "#d9480f"
