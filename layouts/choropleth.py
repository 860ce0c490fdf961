"""The one map builder: the regions of one geometry coloured by class (or by category), with the no-data and
not-comparable layers and the legend. The map page, the embed, the kiosk and the brief's picture all draw from a
`MapSpec`; nothing else turns values into map colours. Pure: no store access.

A figure has four traces, always in this order, so that a change of values can be a `Patch` of them:
0 the regions without a value (grey), 1 the values (classes or categories), 2 the values that do not stand for
today's region (a darker grey, never classed), 3 the regions the indicator does not score (kelurahan have no IDM:
their own neutral colour and legend entry, never "no data"). A static figure may add 4, the outline of one region.

A new map level (kecamatan, desa) is a new geometry name (services.geometry.name_for) and its regions in the spec;
a categorical indicator (the IDM status of a desa) is a `Categories` colouring with its own colours and legend.
"""
from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go
from dash import Patch

from i18n import fmt_number, t
from layouts.common import separators
from models.classify import ClassBreaks, colour_stops, rank_values

#: ColorBrewer sequential schemes (colour-blind safe), light to dark, 5 classes.
BAD_SCALE = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")  # YlOrRd: darker = worse
NEUTRAL_SCALE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")  # Blues: darker = higher
#: ordered categories, best first (the IDM status: Mandiri ... Sangat Tertinggal): ColorBrewer RdYlGn, green = best.
#: The stored IDM sources give no colours of Kemendes' own, so the map uses this colour-blind-checked scale.
ORDERED_CATEGORIES = ("#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027")
PAGE_COLOURBAR = {"thickness": 14, "len": 0.82, "y": 0.0, "yanchor": "bottom", "x": 0.995, "xanchor": "right",
                  "outlinewidth": 0, "title": {"side": "top", "font": {"size": 12}}, "tickfont": {"size": 11}}


@dataclass(frozen=True)
class MapStyle:
    """How a map looks where it is shown: the greys, the borders, and whether it has a scale, hover and legend."""

    no_data: str = "#cfcfcf"
    earlier: str = "#8a8a8a"  # a darker grey: a value exists, but of the region before the split
    not_scored: str = "#b8c7dc"  # a pale blue-grey: a region the indicator does not score (a kelurahan)
    border: str = "#ffffff"
    border_width: float = 0.4
    colourbar: Mapping | None = field(default_factory=lambda: PAGE_COLOURBAR)  # None: no colour scale
    hover: bool = True
    unit_title: bool = True  # the unit above the colour scale
    legend: bool = True  # the no-data and not-comparable layers named in a legend
    paper: str = "rgba(0,0,0,0)"
    static: bool = False  # no dragging (a wall screen, a picture)


PAGE = MapStyle()
KIOSK = MapStyle(no_data="#4b5563", earlier="#9ca3af", not_scored="#64748b", border="#0b1020", border_width=0.8, colourbar=None,
                 hover=False, legend=False, static=True)
PRINT = MapStyle(colourbar={**PAGE_COLOURBAR, "len": 0.86, "y": 0.06, "thickness": 22, "tickfont": {"size": 20},
                            "title": {"side": "top", "font": {"size": 18}}},
                 hover=False, unit_title=False, legend=False, paper="white", static=True)


@dataclass(frozen=True, eq=False)
class Classes:
    """Numeric values coloured by class: darker is worse, or higher for an indicator without polarity."""

    values: Sequence[float]  # per region, as published (NaN = no value)
    edges: Sequence[float]  # (minimum, upper bound of each class): models.classify.ClassBreaks.edges; () = none
    higher_is_better: bool | None
    unit: str = ""
    decimals: int = 2
    ranks: Sequence[float] | None = None  # 1 = best (models.classify.rank_values); None: ranked here


@dataclass(frozen=True, eq=False)
class Categories:
    """One category per region (say, a village's development status), each with its own colour."""

    categories: Sequence[str | int | float | None]  # per region: the stored category value (None or NaN = none)
    colours: Mapping[str | int, str]  # category -> colour, in legend order (IDM status 1 Mandiri ... 5)
    labels: Mapping[str | int, str]  # category -> its name in the page language
    counts: Mapping[str | int, int] = field(default_factory=dict)  # category -> regions in it (shown in the legend)


@dataclass(frozen=True, eq=False)
class MapSpec:
    """One map: which shapes, which regions, how they are coloured, and where it is shown."""

    geojson: str | Mapping  # the address the browser fetches once, or the shapes themselves (a static picture)
    revision: str  # the geometry's name: the view keeps its zoom while only the values change
    codes: Sequence[str]
    names: Sequence[str]
    colouring: Classes | Categories
    earlier: Mapping[str, str] = field(default_factory=dict)  # region -> hover text of a value from before a split
    not_scored: Mapping[str, str] = field(default_factory=dict)  # region -> why it has no value (a kelurahan)
    not_scored_label: str = ""  # the legend entry of those regions
    details: Mapping[str, str] = field(default_factory=dict)  # region -> one more hover line (a kecamatan's desa)
    highlight: str | None = None  # a region outlined (static figures)
    lang: str = "id"
    style: MapStyle = PAGE


def category_colours(k: int) -> list[str]:
    """k colours of ordered categories, best first (up to five; more reuse the scale's ends)."""
    scale = ORDERED_CATEGORIES
    return [scale[round(i * (len(scale) - 1) / (k - 1))] for i in range(k)] if k > 1 else [scale[0]]


def category_legend(c: Categories, key, lang: str) -> str:
    label = str(c.labels.get(key, key))
    return f"{label} ({fmt_number(c.counts[key], 0, lang)})" if key in c.counts else label


def palette(higher_is_better: bool | None, k: int) -> list[str]:
    """One colour per class, lowest class first; darker = worse (or higher, for an indicator without polarity)."""
    base = list(NEUTRAL_SCALE if higher_is_better is None else BAD_SCALE)
    colours = [base[round(i * (len(base) - 1) / (k - 1))] for i in range(k)] if k > 1 else [base[2]]
    return colours[::-1] if higher_is_better else colours


def stepped_colorscale(low: float, high: float, stops: Sequence[float], colours: Sequence[str],
                       empty: str = PAGE.no_data) -> list[list]:
    """A plotly colorscale over [low, high] that changes colour exactly at `stops` (one fewer than colours)."""
    if not colours:
        return [[0, empty], [1, empty]]
    span = high - low
    positions = [min(max((s - low) / span, 0.0), 1.0) if span > 0 else 0.0 for s in stops]
    scale, start = [], 0.0
    for colour, end in zip(colours, [*positions, 1.0], strict=True):
        scale += [[start, colour], [end, colour]]
        start = end
    return scale


def class_labels(edges: Sequence[float], decimals: int, lang: str) -> list[str]:
    """Labels per class: '59,58 – 68,81', '> 68,81 – 71,01', ... from (low, bin_1, ..., bin_k)."""
    def f(v: float) -> str:
        return fmt_number(v, decimals, lang)

    labels = [f"{f(edges[0])} – {f(edges[1])}" if edges[0] != edges[1] else f(edges[1])]
    labels += [f"> {f(edges[i])} – {f(edges[i + 1])}" for i in range(1, len(edges) - 1)]
    return labels


def legend_items(spec: MapSpec) -> list[tuple[str, str]]:
    """(colour, label) per class or category, in reading order: the best class first for an indicator where
    higher is better, else the lowest first; categories in their declared order."""
    c = spec.colouring
    if isinstance(c, Categories):
        return [(colour, category_legend(c, key, spec.lang)) for key, colour in c.colours.items()]
    if len(c.edges) < 2:
        return []
    items = list(zip(palette(c.higher_is_better, len(c.edges) - 1), class_labels(c.edges, c.decimals, spec.lang),
                     strict=True))
    return items[::-1] if c.higher_is_better else items


def _layer_props(spec: MapSpec, present: np.ndarray) -> tuple[dict, dict, dict]:
    """The no-data, not-comparable and not-scored layers' changing properties."""
    missing = [i for i in np.flatnonzero(~present)
               if spec.codes[i] not in spec.earlier and spec.codes[i] not in spec.not_scored]
    earlier = [i for i, code in enumerate(spec.codes) if code in spec.earlier]
    other = [i for i, code in enumerate(spec.codes) if code in spec.not_scored]
    no_data = {"locations": [spec.codes[i] for i in missing], "z": np.zeros(len(missing), dtype=np.int8),
               "text": [spec.names[i] for i in missing]}
    before = {"locations": [spec.codes[i] for i in earlier], "z": np.zeros(len(earlier), dtype=np.int8),
              "text": [spec.names[i] for i in earlier], "customdata": [spec.earlier[spec.codes[i]] for i in earlier],
              "showlegend": bool(earlier) and spec.style.legend}
    not_scored = {"locations": [spec.codes[i] for i in other], "z": np.zeros(len(other), dtype=np.int8),
                  "text": [spec.names[i] for i in other],
                  "name": spec.not_scored_label, "showlegend": bool(other) and spec.style.legend}
    notes = {spec.not_scored[spec.codes[i]] for i in other}
    if spec.style.hover and len(notes) == 1:  # one reason for all (kelurahan): in the template, not per region
        not_scored |= {"customdata": None, "hovertemplate": f"<b>%{{text}}</b><br>{notes.pop()}<extra></extra>"}
    elif spec.style.hover:
        not_scored |= {"customdata": [spec.not_scored[spec.codes[i]] for i in other],
                       "hovertemplate": "<b>%{text}</b><br>%{customdata}<extra></extra>"}
    return no_data, before, not_scored


def _classes_props(spec: MapSpec, c: Classes) -> tuple[np.ndarray, dict]:
    values = np.asarray(c.values, dtype=float)
    present = np.isfinite(values)
    edges = tuple(float(e) for e in c.edges)
    colours = palette(c.higher_is_better, len(edges) - 1) if len(edges) >= 2 else []
    stops = colour_stops(values, ClassBreaks("", edges[0], edges[1:], ())) if colours else ()
    low, high = (edges[0], edges[-1]) if edges else (0.0, 1.0)
    if high <= low:
        low, high = low - 0.5, high + 0.5
    shown: dict = {"z": values, "zmin": low, "zmax": high,
                   "colorscale": stepped_colorscale(low, high, stops, colours, spec.style.no_data)}
    if spec.style.colourbar is not None:
        shown["colorbar"] = {"tickvals": [round(e, c.decimals + 2) for e in edges],
                             "ticktext": [fmt_number(e, c.decimals, spec.lang) for e in edges],
                             "title": {"text": c.unit if spec.style.unit_title else ""}}
    if spec.style.hover:
        ranks = np.asarray(c.ranks, dtype=float) if c.ranks is not None else rank_values(values, c.higher_is_better)
        ranks = np.where(present, np.nan_to_num(ranks), 0).astype(np.int32)
        value = f"<b>%{{text}}</b><br>%{{z:,.{c.decimals}f}} {c.unit}"
        if spec.details:
            shown["customdata"] = [[int(r), spec.details.get(code, "")] for r, code in zip(ranks, spec.codes,
                                                                                            strict=True)]
            rank = t("peta.hover.rank", spec.lang, rank="%{customdata[0]}", total=int(present.sum()))
            shown["hovertemplate"] = f"{value}<br>{rank}<br>%{{customdata[1]}}<extra></extra>"
        else:
            shown["customdata"] = ranks
            rank = t("peta.hover.rank", spec.lang, rank="%{customdata}", total=int(present.sum()))
            shown["hovertemplate"] = f"{value}<br>{rank}<extra></extra>"
    return present, shown


def _categories_props(spec: MapSpec, c: Categories) -> tuple[np.ndarray, dict]:
    order = list(c.colours)[::-1]  # the first category at the top of the scale (plotly draws low values at the bottom)
    index = {key: i for i, key in enumerate(order)}
    z = np.array([index.get(k, np.nan) if k is not None else np.nan for k in c.categories], dtype=float)
    n = len(order)
    present = np.isfinite(z)
    z = [int(v) if ok else None for v, ok in zip(z, present, strict=True)]  # "3," not "3.0,": 8,000 desa in a patch
    shown: dict = {"z": z, "zmin": -0.5, "zmax": n - 0.5,
                   "colorscale": stepped_colorscale(-0.5, n - 0.5, [i + 0.5 for i in range(n - 1)],
                                                    [c.colours[k] for k in order], spec.style.no_data)}
    if spec.style.colourbar is not None:
        shown["colorbar"] = {"tickvals": list(range(n)), "ticktext": [category_legend(c, k, spec.lang) for k in order],
                             "title": {"text": ""}}
    if spec.style.hover:
        shown["customdata"] = [" ".join(x for x in (str(c.labels.get(k, "")) if k in index else "",
                                                     spec.details.get(code, "")) if x)
                               for k, code in zip(c.categories, spec.codes, strict=True)]
        shown["hovertemplate"] = "<b>%{text}</b><br>%{customdata}<extra></extra>"
    return present, shown


def layers(spec: MapSpec) -> tuple[dict, dict, dict, dict]:
    """What changes with the values: (no-data, value, not-comparable, not-scored layer) trace properties. Arrays go
    out as numpy so Dash serialises them fast; a missing value is NaN (null: not drawn, the grey layer shows)."""
    c = spec.colouring
    present, shown = _classes_props(spec, c) if isinstance(c, Classes) else _categories_props(spec, c)
    no_data, earlier, not_scored = _layer_props(spec, present)
    return no_data, shown, earlier, not_scored


def _trace(spec: MapSpec, **props) -> go.Choropleth:
    props.setdefault("marker", {"line": {"color": spec.style.border, "width": spec.style.border_width}})
    if not spec.style.hover:
        props["hoverinfo"] = "skip"
    return go.Choropleth(geojson=spec.geojson, **props)


def _flat(colour: str) -> list[list]:
    return [[0, colour], [1, colour]]


def base_figure(spec: MapSpec) -> go.Figure:
    """Geometry (by URL or inline), the no-data, value, not-comparable and not-scored layers; no values yet."""
    style, lang = spec.style, spec.lang
    no_data_label, earlier_label = t("peta.legend.no_data", lang), t("breaks.not_comparable", lang)
    hover = style.hover
    no_data = _trace(spec, locations=[], z=[], colorscale=_flat(style.no_data), showscale=False,
                     name=no_data_label, showlegend=style.legend,
                     hovertemplate=f"<b>%{{text}}</b><br>{t('peta.hover.no_data', lang)}<extra></extra>"
                     if hover else None)
    shown = _trace(spec, locations=list(spec.codes), text=list(spec.names), z=[], showlegend=False,
                   showscale=style.colourbar is not None, colorbar=dict(style.colourbar or {}))
    earlier = _trace(spec, locations=[], z=[], colorscale=_flat(style.earlier), showscale=False, showlegend=False,
                     name=earlier_label, hovertemplate=f"<b>%{{text}}</b><br>{earlier_label}<br>%{{customdata}}"
                     "<extra></extra>" if hover else None)
    not_scored = _trace(spec, locations=[], z=[], colorscale=_flat(style.not_scored), showscale=False,
                        showlegend=False, name=spec.not_scored_label,
                        hovertemplate="<b>%{text}</b><br>%{customdata}<extra></extra>" if hover else None)
    figure = go.Figure([no_data, shown, earlier, not_scored])
    # equirectangular (the default): with fitbounds, "mercator" leaves Indonesia small in a world-shaped frame;
    # with a colour bar the right 8% is its: a wide frame (the embed) otherwise draws Papua underneath it
    domain = {"x": [0, 0.92], "y": [0, 1]} if style.colourbar is not None else {"x": [0, 1], "y": [0, 1]}
    figure.update_geos(visible=False, fitbounds="locations", bgcolor="rgba(0,0,0,0)", domain=domain)
    figure.update_layout(
        margin={"l": 0, "r": 0, "t": 0 if style.static else 8, "b": 0}, autosize=True, separators=separators(lang),
        paper_bgcolor=style.paper, plot_bgcolor="rgba(0,0,0,0)", uirevision=spec.revision,
        hoverlabel={"bgcolor": "white"}, **({} if style.legend else {"showlegend": False}),
        legend={"x": 0.01, "y": 0.02, "xanchor": "left", "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.7)"},
    )
    if style.static:
        figure.update_layout(dragmode=False)
    return figure


def figure(spec: MapSpec) -> go.Figure:
    """The whole map for one spec: geometry, values and layers (a region outlined when the spec says so)."""
    fig = base_figure(spec)
    for index, props in enumerate(layers(spec)):
        fig.update_traces(props, selector=index)
    if spec.highlight:
        fig.add_trace(_trace(spec, locations=[spec.highlight], z=[0], showscale=False, showlegend=False,
                             colorscale=_flat("rgba(0,0,0,0)"),
                             marker={"line": {"color": "#111111", "width": 2.5}}))
    return fig


def typed_array(values: np.ndarray) -> dict | np.ndarray:
    """A numeric array as plotly.js's typed-array spec (base64): 4 bytes per float where float32 keeps every value
    (to 7 digits), 2 per rank under 32,768, instead of 6 to 12 characters of JSON text each. Dash sends a Patch as
    plain JSON, so the province's 8,000 desa would otherwise cost twice as many bytes."""
    array = np.asarray(values)
    if array.dtype.kind == "f":
        small = array.astype(np.float32)
        finite = np.isfinite(array)
        if np.allclose(small[finite], array[finite], rtol=1e-7, atol=0):
            array = small
    elif array.dtype.kind in "iu" and array.size and -32768 <= array.min() and array.max() < 32768:
        array = array.astype(np.int16)
    if array.dtype.kind not in "fiu" or array.size < 64:
        return values
    dtype = {"float32": "f4", "float64": "f8", "int16": "i2", "int32": "i4", "int8": "i1", "int64": None}.get(
        str(array.dtype))
    if dtype is None:
        return values
    return {"dtype": dtype, "bdata": base64.b64encode(array.tobytes()).decode("ascii")}


def layers_key(spec: MapSpec) -> str:
    """A short fingerprint of the no-data and not-scored layers (which regions, in which language): when the one on
    screen has the same, a patch may leave those layers as they are (`patch(..., values_only=True)`)."""
    no_data, _shown, _earlier, not_scored = layers(spec)
    text = "|".join([",".join(no_data["locations"]), ",".join(not_scored["locations"]), spec.lang,
                     str(not_scored.get("hovertemplate"))])
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def patch(spec: MapSpec, values_only: bool = False) -> Patch:
    """Only what changes with the values, for a figure of the same geometry on screen: a few KB, not the figure.
    `values_only`: the no-data and not-scored layers on screen are already right (same `layers_key`), so they are
    not sent again (7,800 desa of a province: their kelurahan alone are 20 KB)."""
    out = Patch()

    def assign(target, props: Mapping) -> None:
        for key, value in props.items():
            if isinstance(value, dict):  # e.g. colorbar: keep its size and fonts, change ticks and title text
                assign(target[key], value)
            else:
                target[key] = typed_array(value) if isinstance(value, np.ndarray) else value

    for index, props in enumerate(layers(spec)):
        if not (values_only and index in (0, 3)):
            assign(out["data"][index], props)
    return out
