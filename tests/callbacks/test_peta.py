"""The map page's plain functions on the seeded store: values, missing regions, patches, URL state, table, CSV."""
import math

import pytest
from dash import Patch
from dash.exceptions import PreventUpdate

from callbacks import peta as cb
from layouts import choropleth
from layouts.peta import ids
from services import maps
from services.context import AppContext


@pytest.fixture
def ctx(engine, config):
    return AppContext(engine=engine, config=config, cache=None)


def test_all_514_kabkota_with_papua_missing_not_zero(ctx):
    view = maps.map_view(ctx, "ipm", "2024", "regency")
    assert len(view.codes) == 514
    assert view.with_data == 472  # BPS-coded Papua kab/kota are not in the 2024 seed
    missing = [c for c, v in zip(view.codes, view.values, strict=True) if math.isnan(v)]
    assert len(missing) == 42 and all(c[:2] in {"91", "92", "93", "94", "95", "96"} for c in missing)
    no_data, shown, _earlier, _other = choropleth.layers(cb.spec_for(view, "id"))
    assert sorted(no_data["locations"]) == sorted(missing)
    by_code = dict(zip(view.codes, shown["z"].tolist(), strict=True))
    assert all(math.isnan(by_code[c]) for c in missing)  # null in JSON: not drawn, the grey layer shows instead
    assert not any(v == 0 for v in shown["z"].tolist())


def test_ranks_follow_polarity(ctx):
    ipm = maps.map_view(ctx, "ipm", "2024", "province")
    best = ipm.codes[int(min(range(len(ipm.codes)), key=lambda i: ipm.ranks[i]))]
    assert best == "31"  # Jakarta has the highest IPM
    poverty = maps.map_view(ctx, "p0", "2024-03", "province")
    first = poverty.values[list(poverty.ranks).index(1)]
    assert first == min(v for v in poverty.values if not math.isnan(v))  # lowest poverty is rank 1


def test_patch_carries_only_values_and_full_figure_the_geometry_url(ctx):
    view = maps.map_view(ctx, "ipm", "2023", "regency")
    patch = cb.patch_for(view, "id")
    assert isinstance(patch, Patch)
    locations = {tuple(op["location"]) for op in patch.to_plotly_json()["operations"]}
    assert ("data", 1, "z") in locations and ("data", 1, "customdata") in locations
    assert not any("geojson" in loc or "locations" == loc[-1] and loc[1] == 1 for loc in locations)
    from dash._utils import to_json

    assert len(to_json(patch)) < 10_000  # values only: a few KB for 514 kab/kota
    figure = cb.figure_for(view, "id")
    assert figure.data[1].geojson.startswith("/geo/regency.geojson?v=")
    assert len(figure.data[1].locations) == 514
    assert figure.layout.separators == ",."
    # the map keeps clear of the colour bar at the right edge (a wide embed drew Papua under it)
    assert figure.layout.geo.domain.x[1] <= 0.92 and figure.data[1].colorbar.x > 0.95


def test_map_update_patches_when_the_same_geometry_is_drawn(ctx):
    periods = maps.map_periods(ctx, "ipm", "regency")
    assert periods == ["2020", "2021", "2022", "2023", "2024"]
    figure, drawn, _summary, label = cb.map_update(ctx, "ipm", periods, 3, "jenks", "regency", None, "regency", "id")
    assert isinstance(figure, Patch) and drawn.startswith("regency:") and label == "2023"
    again, same, *_ = cb.map_update(ctx, "ipm", periods, 3, "quantile", "regency", None, drawn, "id")
    assert same == drawn and ("data", 0, "locations") not in {tuple(o["location"]) for o in again.to_plotly_json()[
        "operations"]}  # the grey layer on screen is already right
    figure, drawn, *_ = cb.map_update(ctx, "ipm", periods, 3, "jenks", "regency", "32", "regency", "id")
    assert not isinstance(figure, Patch) and drawn.startswith("regency-32:")
    assert len(figure.data[1].locations) == 27


def test_hover_and_legend_in_indonesian_format(ctx):
    view = maps.map_view(ctx, "ppk", "2024", "province", method="equal")
    _no_data, shown, _earlier, _other = choropleth.layers(cb.spec_for(view, "id"))
    assert "peringkat %{customdata} dari 38" in shown["hovertemplate"]
    assert all("." in label and "," not in label for label in shown["colorbar"]["ticktext"])  # 12.345 (ribu)
    _no_data, shown_en, _earlier, _other = choropleth.layers(cb.spec_for(view, "en"))
    assert "rank %{customdata} of 38" in shown_en["hovertemplate"]
    assert shown["colorbar"]["title"]["text"] == "ribu rupiah/orang/tahun"
    assert "rupiah" in shown_en["colorbar"]["title"]["text"] and "ribu" not in shown_en["colorbar"]["title"]["text"]
    assert "ribu" not in shown_en["hovertemplate"]
    assert all("," in label for label in shown_en["colorbar"]["ticktext"])


def test_url_state_unknown_values_give_notices_and_defaults(ctx):
    setup = cb.setup_from_url(ctx, "id", region="99", indicator="nope", period="1999")
    assert setup.indicator == "ipm" and setup.parent is None and setup.level == "regency"
    assert len(setup.notices) == 3
    assert setup.periods[setup.period_index] == "2024"


def test_url_state_province_and_kabkota(ctx):
    setup = cb.setup_from_url(ctx, "en", region="32", indicator="ipm", period="2022")
    assert setup.parent == "32" and setup.periods[setup.period_index] == "2022" and not setup.notices
    setup = cb.setup_from_url(ctx, "id", region="3273", indicator="p0", period="2021-03")
    assert setup.parent == "32" and setup.highlight == "3273" and setup.periods[setup.period_index] == "2021-03"
    setup = cb.setup_from_url(ctx, "id", indicator="gini", level="regency")
    assert setup.level == "province"  # no kab/kota series: opens at province level
    setup = cb.setup_from_url(ctx, "id", indicator="tpt", level="regency")
    assert setup.level == "regency"  # kab/kota TPT (August) from indicators_kabkota


def test_period_at_kabkota_level_that_only_provinces_have(ctx):
    setup = cb.setup_from_url(ctx, "id", indicator="p0", period="2024-09")
    assert setup.notices and setup.periods[setup.period_index] == "2024-03"


def test_drill_down_navigation(ctx):
    assert cb.navigation(ctx, ids.GRAPH, "3273", None, "regency", "ipm") == ("32", "regency", "ipm")
    assert cb.navigation(ctx, ids.GRAPH, "32", None, "province", "ipm") == ("32", "regency", "ipm")
    # inside a province a kab/kota opens its kecamatan (this store has no villages: the indicator stays)
    assert cb.navigation(ctx, ids.GRAPH, "3273", "32", "regency", "ipm")[:2] == ("3273", "district")
    assert cb.navigation(ctx, ids.CRUMB_HOME, None, "32", "regency", "ipm") == (None, "regency", "ipm")
    assert cb.navigation(ctx, {"type": ids.CRUMB, "code": "32"}, None, "3273", "district", "ipm")[:2] == (
        "32", "regency")
    assert cb.navigation(ctx, ids.LEVEL, None, "32", "village", "ipm")[:2] == ("32", "village")
    with pytest.raises(PreventUpdate):
        cb.navigation(ctx, ids.GRAPH, "3201052008", "320105", "village", "idm")  # a kecamatan's desa: the bottom
    with pytest.raises(PreventUpdate):
        cb.navigation(ctx, ids.GRAPH, None, "32", "regency", "ipm")
    assert cb.clicked_code({"points": [{"location": "35"}]}) == "35"
    assert cb.clicked_code(None) is None


def test_periods_update_keeps_the_period_when_it_exists(ctx):
    periods, top, marks, index = cb.periods_update(ctx, "uhh", "regency", None, ["2020", "2021", "2022"], 1, "id")
    assert periods[index] == "2021" and top == len(periods) - 1 and len(marks) == len(periods)
    periods, _top, _marks, index = cb.periods_update(ctx, "p0", "regency", None, ["2019", "2024"], 1, "en")
    assert periods[index] == "2024-03"


def test_table_rows_and_csv(ctx):
    view = maps.map_view(ctx, "ipm", "2024", "regency", parent="91")
    rows = cb.table_rows(view, "id")
    assert rows and all(r["value"] is None and r["value_text"] == "tidak ada data" for r in rows)
    ordered = cb.table_rows(maps.map_view(ctx, "ipm", "2024", "regency"), "id")
    assert ordered[0]["rank"] == 1 and ordered[471]["rank"] is not None and ordered[472]["rank"] is None
    view = maps.map_view(ctx, "ipm", "2024", "province")
    rows = {r["code"]: r for r in cb.table_rows(view, "id")}
    assert rows["31"]["rank"] == 1 and "," in rows["31"]["value_text"]
    csv = maps.csv_for(view)
    assert csv.splitlines()[0] == "region,region_name,indicator,period,value,rank,class,status,comparable"
    assert len(csv.splitlines()) == 39


def test_slider_marks_are_short_and_sparse():
    periods = [f"{y}-{m}" for y in range(2010, 2025) for m in ("03", "09")]
    marks = cb.slider_marks(periods, "id")
    labelled = [m["label"] for m in marks.values()]
    assert all(labelled) and len(labelled) <= 13 and labelled[0] == "Mar 2010" and labelled[-1] == "Sep 2024"
    assert len(cb.slider_marks(["2020", "2021", "2022"], "id")) == 3
