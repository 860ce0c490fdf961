"""Trend data from the seeded store: reference lines, breaks as gaps, real dates, targets, CSV = plotted data."""
import pandas as pd
import pytest

from callbacks.tren import chart, checked_regions, parse_codes, plotted_frame, reference_codes, trend_data
from layouts.tren import trend_figure
from services.config import Config
from services.context import AppContext


@pytest.fixture
def ctx(engine):
    return AppContext(engine=engine, config=Config(database_url=str(engine.url), auto_seed=False), cache=None)


def test_url_codes_are_split_checked_and_capped_at_eight():
    assert parse_codes("32,32.73, ID") == ["32", "3273", "ID"]
    assert parse_codes(["32", "3273,11"]) == ["32", "3273", "11"]
    assert parse_codes(None) == []
    known = {str(c) for c in range(11, 21)} | {"ID"}
    codes, notices = checked_regions(known, ["11", "99", *[str(c) for c in range(12, 21)]], "en")
    assert codes == [str(c) for c in range(11, 19)]
    assert any("99" in n for n in notices) and any("At most 8" in n for n in notices)


def test_references_are_parents_and_indonesia_unless_chosen():
    bandung = {"code": "3273", "parent_code": "32"}
    jabar = {"code": "32", "parent_code": "ID"}
    assert reference_codes([bandung]) == ["32", "ID"]
    assert reference_codes([bandung, jabar]) == ["ID"]
    assert reference_codes([{"code": "ID", "parent_code": None}]) == []


def test_kota_bandung_with_jawa_barat_and_national_references(ctx):
    data = trend_data(ctx, "p0", ["3273"])
    roles = data.lines.drop_duplicates("region_code").set_index("region_code")["role"].to_dict()
    assert roles == {"3273": "selected", "32": "reference", "ID": "reference"}
    jabar = data.lines[(data.lines["region_code"] == "32") & (data.lines["period"] == "2021-03")].iloc[0]
    assert jabar["date"] == pd.Timestamp("2021-03-01") and jabar["value"] == 8.40
    plain = data.lines[(data.lines["region_code"] == "3273") & (data.lines["period"] == "2020")].iloc[0]
    assert plain["date"] == pd.Timestamp("2020-07-01")  # a plain year sits at mid-year
    figure = chart(data, "id")[0]
    dashed = [tr for tr in figure.data if tr.mode == "lines+markers" and tr.line.dash == "dash"]
    assert len(dashed) == 2


def test_papua_line_breaks_at_the_split_and_the_break_is_noted(ctx):
    data = trend_data(ctx, "p0", ["91"], reference=False)
    papua = data.lines[data.lines["region_code"] == "91"]
    gap = papua[papua["gap"]]
    assert len(gap) == 1 and gap["value"].isna().all()
    before, after = papua.index[papua["period"] == "2023-03"][0], papua.index[papua["period"] == "2024-03"][0]
    assert gap.index[0] == before + 1 == after - 1
    assert data.breaks[0]["starts"] == "2024" and data.breaks[0]["regions"] == ["Papua"]
    figure, notes, _, _ = chart(data, "en")
    assert len(figure.layout.shapes) == 1
    assert "Papua split" in str(notes)


def test_no_break_drawn_for_regions_without_one(ctx):
    assert trend_data(ctx, "p0", ["32"]).breaks == []


def test_targets_are_drawn_for_plotted_regions(ctx):
    data = trend_data(ctx, "ipm", ["ID"])
    assert not data.targets.empty and set(data.targets["region_code"]) == {"ID"}
    figure = chart(data, "id")[0]
    assert any(tr.name.startswith("Target") for tr in figure.data)


def test_csv_is_exactly_the_plotted_points_and_targets(ctx):
    data = trend_data(ctx, "p0", ["91", "3273"])
    frame = plotted_frame(data)
    obs = frame[frame["kind"] == "observation"]
    figure = chart(data, "id")[0]
    plotted = sum(sum(v is not None for v in tr.y) for tr in figure.data if tr.mode == "lines+markers")
    assert len(obs) == plotted and obs["value"].notna().all()
    assert len(frame[frame["kind"] == "target"]) == len(data.targets)


def test_region_without_data_is_named_not_drawn(ctx):
    data = trend_data(ctx, "gini", ["3273"])
    assert data.missing == ["Kota Bandung"]
    assert "3273" not in set(data.lines["region_code"])
    assert "Kota Bandung" in str(chart(data, "id")[2])


def test_figure_uses_indonesian_separators():
    lines = pd.DataFrame({"region_code": ["32"], "region_name": ["Jawa Barat"], "level": ["province"],
                          "role": ["selected"], "period": ["2024"], "date": [pd.Timestamp("2024-07-01")],
                          "value": [74.43], "status": ["final"]})
    fig = trend_figure(lines, {"code": "ipm", "decimals": 2, "name_id": "IPM", "unit": "indeks"}, "id")
    assert fig.layout.separators == ",." and "74,43" in fig.data[0].hovertext[0]


def test_on_track_badge_and_path_to_the_target_for_chosen_regions(ctx, engine):
    from services.forecasts import refit_series
    from services.targets import on_track

    refit_series(engine, [("p0", "32")])
    data = trend_data(ctx, "p0", ["32", "3273"])
    assert [f["region"] for f in data.on_track] == ["32"]  # Kota Bandung has no target; references get none
    found = data.on_track[0]
    assert {k: v for k, v in found.items() if k != "region_name"} == on_track(engine, "p0", "32")
    figure, _, _, block = chart(data, "id")
    text = str(block)
    assert "Jawa Barat" in text and f"on-track-{found['status']}" in text
    assert "Target RKPD Jawa Barat 2025 (2025): 5,85–6,46%" in text and "peluang tercapai" in text
    paths = [tr for tr in figure.data if tr.name == "jalur ke target"]
    assert len(paths) == 1 and paths[0].line.dash == "dot"
    assert paths[0].y[0] == 7.08 and paths[0].y[1] == pytest.approx((5.85 + 6.46) / 2)
    assert "on track" in str(chart(data, "en")[3]) or "stagnating" in str(chart(data, "en")[3]) \
        or "worsening" in str(chart(data, "en")[3]) or "moderately improving" in str(chart(data, "en")[3])


def test_no_on_track_block_without_targets(ctx):
    data = trend_data(ctx, "ipm", ["3273"])
    assert data.on_track == [] and chart(data, "id")[3] is None
