"""The one map builder (layouts.choropleth): classes and their colours, the grey layers, the legend, categories;
and that no other module turns values into map colours."""
import math
import re
from pathlib import Path

import pytest
from dash import Patch

from layouts import choropleth
from layouts.choropleth import KIOSK, PRINT, Categories, Classes, MapSpec, legend_items, palette
from models.classify import assign_classes, class_breaks

ROOT = Path(__file__).resolve().parents[2]
CODES = ("11", "12", "13", "14", "15", "16", "17")
VALUES = [1.0, 2.0, 2.0, 3.0, 4.0, 5.0, float("nan")]


def spec(values=VALUES, hib=True, earlier=None, **kw) -> MapSpec:
    breaks = class_breaks(values, "quantile")
    return MapSpec("/geo/province.geojson?v=1", "province", CODES, [f"R{c}" for c in CODES],
                   Classes(values, breaks.edges, hib, "%", 1), earlier or {}, **kw)


def colour_at(scale: list[list], low: float, high: float, value: float) -> str:
    """The colour plotly paints `value` with on a stepped scale (the last stop at or below its position)."""
    position = (value - low) / (high - low)
    return [colour for stop, colour in scale if stop <= position][-1]


@pytest.mark.parametrize("values", [VALUES, [3.0, 3.0, 3.0, 7.5, 7.5, 9.0, 1.0], [5.0] * 6 + [float("nan")]])
def test_every_value_gets_its_class_colour_even_on_a_break(values):
    s = spec(values, hib=False)
    _no_data, shown, _earlier, _other = choropleth.layers(s)
    breaks = class_breaks(values, "quantile")
    colours = palette(False, breaks.k)
    for value, klass in zip(values, assign_classes(values, breaks), strict=True):
        if not math.isnan(value):
            assert colour_at(shown["colorscale"], shown["zmin"], shown["zmax"], value) == colours[klass], value


def test_palette_darker_is_worse_and_neutral_is_blue():
    assert palette(True, 5)[0] == palette(False, 5)[-1] == "#bd0026"  # the lowest class is the worst when higher is better
    assert palette(None, 5)[-1] == "#08519c" and len(palette(True, 3)) == 3 and len(palette(None, 1)) == 1


def test_missing_and_not_comparable_layers_are_apart():
    s = spec(earlier={"17": "4.482,7 ribu jiwa<br>sebelum pemekaran"})
    no_data, shown, earlier, _other = choropleth.layers(s)
    assert no_data["locations"] == [] and earlier["locations"] == ["17"] and earlier["showlegend"]
    assert math.isnan(shown["z"][-1]) and "sebelum" in earlier["customdata"][0]
    no_data, _shown, earlier, _other = choropleth.layers(spec())
    assert no_data["locations"] == ["17"] and earlier["locations"] == [] and not earlier["showlegend"]


def test_hover_ranks_best_first_or_as_given():
    _no_data, shown, _earlier, _other = choropleth.layers(spec())
    assert shown["customdata"].tolist() == [6, 4, 4, 3, 2, 1, 0]  # higher is better; no value: never shown
    given = spec()
    given = MapSpec(given.geojson, given.revision, given.codes, given.names,
                    Classes(VALUES, given.colouring.edges, True, "%", 1, ranks=[1, 2, 3, 4, 5, 6, float("nan")]))
    assert choropleth.layers(given)[1]["customdata"].tolist() == [1, 2, 3, 4, 5, 6, 0]


def test_figure_patch_and_legend():
    figure = choropleth.figure(spec(lang="en"))
    assert [len(t.locations) for t in figure.data] == [1, 7, 0, 0] and figure.data[1].geojson.startswith("/geo/")
    assert figure.layout.uirevision == "province" and figure.layout.separators == ".,"
    ops = {tuple(op["location"]) for op in choropleth.patch(spec()).to_plotly_json()["operations"]}
    assert ("data", 1, "z") in ops and not any(loc[-1] in ("geojson", "marker") for loc in ops)
    assert isinstance(choropleth.patch(spec()), Patch)
    items = legend_items(spec())
    assert [c for c, _ in items] == palette(True, len(items))[::-1]  # best class first
    assert items[0][1].startswith("> 4") and legend_items(spec(hib=False))[0][1].startswith("1")


def test_styles_for_wall_screen_and_print():
    kiosk = choropleth.figure(spec(style=KIOSK))
    assert not kiosk.data[1].showscale and kiosk.data[1].hoverinfo == "skip" and kiosk.layout.dragmode is False
    assert kiosk.data[0].colorscale[0][1] == KIOSK.no_data
    printed = choropleth.figure(spec(style=PRINT, highlight="13"))
    assert printed.data[1].colorbar.tickfont.size == 20 and printed.layout.showlegend is False
    assert len(printed.data) == 5 and list(printed.data[4].locations) == ["13"]


def test_categories_fit_the_same_builder():
    """A categorical map (say, villages by development status) is a spec, not a new copy of the builder."""
    colours = {"a": "#111111", "b": "#222222", "c": "#333333"}
    s = MapSpec("/geo/x", "x", ("1", "2", "3", "4"), ("A", "B", "C", "D"),
                Categories(["c", "a", None, "b"], colours, {"a": "Alpha", "b": "Beta", "c": "Gamma"}))
    no_data, shown, _earlier, _other = choropleth.layers(s)
    assert no_data["locations"] == ["3"]
    painted = [colour_at(shown["colorscale"], shown["zmin"], shown["zmax"], z) for z in shown["z"] if z is not None]
    assert painted == ["#333333", "#111111", "#222222"]
    assert legend_items(s) == [("#111111", "Alpha"), ("#222222", "Beta"), ("#333333", "Gamma")]
    assert shown["colorbar"]["ticktext"] == ["Gamma", "Beta", "Alpha"]  # bottom up: the first category on top
    stored = MapSpec("/geo/x", "x", ("1", "2", "3"), ("A", "B", "C"),  # categories stored as numbers, NaN = none
                     Categories([2.0, float("nan"), 1.0], {1: "#111111", 2: "#222222"}, {1: "One", 2: "Two"}))
    no_data, shown, _earlier, _other = choropleth.layers(stored)
    assert no_data["locations"] == ["2"] and shown["customdata"] == ["Two", "", "One"]


#: What building map colours looks like: a choropleth trace, a colour scale stepped at class stops, the palette.
MAP_COLOURING = re.compile(r"Choropleth\(|[\"']choropleth[\"']|colour_stops|stepped_colorscale|\bpalette\(|"
                           r"BAD_SCALE|NEUTRAL_SCALE")
BUILDER = ROOT / "layouts" / "choropleth.py"


def map_colouring_outside_the_builder(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if MAP_COLOURING.search(line) and not line.strip().startswith("#")]


def test_no_other_module_turns_values_into_map_colours():
    found = {}
    for folder in ("app.py", "dashboard", "services", "callbacks", "layouts", "models", "data", "i18n"):
        paths = [ROOT / folder] if folder.endswith(".py") else sorted((ROOT / folder).rglob("*.py"))
        for path in paths:
            if path == BUILDER or path == ROOT / "models" / "classify.py":  # colour_stops' own definition
                continue
            lines = map_colouring_outside_the_builder(path.read_text(encoding="utf-8"))
            if lines:
                found[str(path.relative_to(ROOT))] = lines
    assert not found, f"map colours built outside layouts/choropleth.py: {found}"


def test_the_guard_sees_a_copy():
    copy = 'trace = {"type": "choropleth", "colorscale": stepped_colorscale(lo, hi, edges[1:-1], palette(hib, 5))}'
    assert map_colouring_outside_the_builder(copy)
