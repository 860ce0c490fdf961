"""Map page: the checked URL state, one indicator's values for a level and period, and thin callbacks.

A change of indicator, period or classes sends only the values (`Patch`); a change of level or province sends
a new (small) figure whose geometry plotly fetches by URL once. The plain functions are tested without Dash.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd
from dash import Dash, Input, Output, State
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate

from callbacks import chart_export
from callbacks.chart_export import ChartData
from dashboard import cache, geometry, queries
from dashboard.access import PUBLIC, Access
from dashboard.auth import current_access
from dashboard.context import AppContext
from dashboard.export import safe_csv
from dashboard.i18n import fmt_number, fmt_period, is_missing, normalise_lang, t, unit_label
from dashboard.options import indicator_options, resolve_state, theme_options
from data.errors import NoDataError, StoreError
from layouts import peta
from layouts.common import error_block, notice, theme_picker, with_theme_picker
from layouts.peta import ids
from layouts.shell import ids as shell_ids
from models.classify import METHODS, NO_CLASS, ClassBreaks, assign_classes, class_breaks, colour_stops, rank_values

LEVELS = {"provinsi": "province", "kabkota": "regency"}
DEFAULT_LEVEL = "regency"


@dataclass
class MapView:
    """One indicator in one period for the regions of one map (every region of the level, with or without a value)."""

    indicator: str
    period: str | None
    level: str
    parent: str | None
    method: str
    unit: str
    unit_en: str | None
    decimals: int
    higher_is_better: bool | None
    codes: list[str]
    names: list[str]
    values: np.ndarray  # NaN = no value
    status: list[str | None]
    ranks: np.ndarray  # NaN = no value
    classes: np.ndarray  # NO_CLASS = no value
    breaks: ClassBreaks | None
    notes: list[str] = field(default_factory=list)

    @property
    def geometry_name(self) -> str:
        return geometry_name(self.level, self.parent)

    @property
    def with_data(self) -> int:
        return int(np.isfinite(self.values).sum())


def geometry_name(level: str, parent: str | None) -> str:
    return f"regency-{parent}" if parent else level


def effective_level(level: str | None, parent: str | None) -> str:
    return "regency" if parent else (level if level in ("province", "regency") else DEFAULT_LEVEL)


def map_periods(ctx: AppContext, indicator: str, level: str, access: Access = PUBLIC) -> list[str]:
    return queries.periods(ctx.engine, indicator, level=level, access=access)


def map_view(ctx: AppContext, indicator: str, period: str | None, level: str, parent: str | None = None,
             method: str = "quantile", access: Access = PUBLIC) -> MapView:
    """Every region of the map with its value (NaN when none), rank among the shown regions, and class.

    Cached per store generation (an import makes it stale everywhere), so a period played back twice or a
    second user on the same map costs one cache read.
    """
    build = lambda: build_map_view(ctx, indicator, period, level, parent, method, access)  # noqa: E731
    if ctx.cache is None:
        return build()
    return cache.cached(ctx, cache.call_key("peta.map_view", (indicator, period, level, parent, method, access), {}),
                        build)


def build_map_view(ctx: AppContext, indicator: str, period: str | None, level: str, parent: str | None,
                   method: str, access: Access) -> MapView:
    meta = queries.indicator(ctx.engine, indicator, access)
    regions = queries.regions(ctx.engine, level=level, parent=parent, access=access)
    found = (queries.values_for_period(ctx.engine, indicator, period, level=level, parent=parent, access=access)
             if period else pd.DataFrame(columns=["region_code", "value", "status"]))
    merged = regions.merge(found[["region_code", "value", "status"]], how="left", left_on="code",
                           right_on="region_code")
    decimals = int(meta["decimals"] if meta["decimals"] is not None else 2)
    values = np.round(merged["value"].astype(float).to_numpy(), decimals)  # as published; classes on these
    breaks, notes = None, []
    if np.isfinite(values).any():
        breaks = class_breaks(values, method if method in METHODS else "quantile")
        notes = list(breaks.notes)
    classes = assign_classes(values, breaks) if breaks else np.full(len(values), NO_CLASS)
    return MapView(
        indicator=indicator, period=period, level=level, parent=parent, method=method, unit=meta["unit"],
        unit_en=meta.get("unit_en"),
        decimals=decimals,
        higher_is_better=meta["higher_is_better"], codes=merged["code"].tolist(), names=merged["name"].tolist(),
        values=values, status=[None if is_missing(s) else s for s in merged["status"]],
        ranks=rank_values(values, meta["higher_is_better"]), classes=classes, breaks=breaks, notes=notes)


def value_updates(view: MapView, lang: str) -> tuple[dict, dict]:
    """The per-change trace properties: values, ranks, colours at the class stops, labels, hover."""
    present = np.isfinite(view.values)
    ranks = np.where(present, np.nan_to_num(view.ranks), 0).astype(np.int32)
    colours = peta.palette(view.higher_is_better, view.breaks.k) if view.breaks else []
    edges = view.breaks.edges if view.breaks else ()
    stops = colour_stops(view.values, view.breaks) if view.breaks else ()
    missing = np.flatnonzero(~present)
    return peta.value_updates([view.codes[i] for i in missing], [view.names[i] for i in missing], view.values,
                              ranks, edges, stops, colours,
                              unit_label({"unit": view.unit, "unit_en": view.unit_en}, lang), view.decimals, lang)


def figure_for(view: MapView, lang: str):
    return peta.full_figure(geometry.url(view.geometry_name), view.codes, view.names, view.geometry_name,
                            value_updates(view, lang), lang)


def patch_for(view: MapView, lang: str):
    return peta.value_patch(value_updates(view, lang))


def summary_for(view: MapView, lang: str) -> list:
    return peta.summary(view.with_data, len(view.codes), view.higher_is_better, view.notes, lang)


def table_rows(view: MapView, lang: str) -> list[dict]:
    labels = peta.class_labels(view.breaks.edges, view.decimals, lang) if view.breaks else []
    rows = []
    for i, code in enumerate(view.codes):
        value = view.values[i]
        ok = bool(np.isfinite(value))
        rows.append({
            "rank": int(view.ranks[i]) if ok else None, "code": code, "name": view.names[i],
            "value": round(float(value), view.decimals) if ok else None,
            "value_text": fmt_number(value if ok else None, view.decimals, lang),
            "class_label": labels[view.classes[i]] if ok else t("peta.legend.no_data", lang),
            "status": t(f"peta.status.{view.status[i]}", lang) if view.status[i] else "",
        })
    return sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0, r["code"]))  # best first, no data last


def map_frame(view: MapView) -> pd.DataFrame:
    """The values the map colours (and its table lists), one row per region shown."""
    return pd.DataFrame({
        "region": view.codes, "region_name": view.names, "indicator": view.indicator, "period": view.period,
        "value": [None if not np.isfinite(v) else v for v in view.values],
        "rank": [None if not np.isfinite(r) else int(r) for r in view.ranks],
        "class": [None if c == NO_CLASS else int(c) + 1 for c in view.classes],
        "status": view.status,
    })


def csv_for(view: MapView) -> str:
    return safe_csv(map_frame(view))


def chart_data(ctx: AppContext, index, periods, method, indicator, parent, level, *,
               access: Access = PUBLIC) -> ChartData:
    """The map's data for the citation and the CSV/XLSX downloads."""
    if not indicator:
        raise ValueError("no indicator chosen")
    period = period_at(periods, index)
    view = map_view(ctx, indicator, period, effective_level(level, parent), parent, method or "quantile", access)
    return ChartData(map_frame(view), (indicator,), (parent or "ID",), (period,) if period else (),
                     f"{indicator}-{period or 'na'}-{view.geometry_name}")


def short_period(period: str, lang: str) -> str:
    """Slider mark: 2024 -> 2024, 2024-03 -> Mar 2024."""
    text = fmt_period(period, lang)
    return text if text == period else text.split()[0][:3] + " " + period[:4]


def slider_marks(periods: list[str], lang: str, most: int = 12) -> dict:
    step = max(1, int(np.ceil(len(periods) / most)))
    shown = [i for i in range(len(periods)) if i % step == 0 and len(periods) - 1 - i >= step / 2]
    shown += [len(periods) - 1] if periods else []
    return {i: {"label": short_period(periods[i], lang)} for i in shown}  # unlabelled periods are still steps


def pick_period(periods: list[str], wanted: str | None) -> int:
    """Index of `wanted` in `periods`, else of the latest period."""
    return periods.index(wanted) if wanted in periods else max(len(periods) - 1, 0)


def parent_of(code: str | None) -> str | None:
    """The province a URL region opens: a province opens itself, a kab/kota its province, Indonesia none."""
    if not code or code == "ID":
        return None
    return code[:2]


@dataclass
class PageSetup:
    """Everything the first render needs, from the URL."""

    lang: str
    indicator: str | None
    level: str  # the national level chosen (province/regency); a parent means that province's kab/kota
    parent: str | None
    method: str
    periods: list[str]
    period_index: int
    highlight: str | None
    notices: list[str]
    tema: str | None = None


def setup_from_url(ctx: AppContext, lang: str | None = None, wilayah: str | None = None,
                   indikator: str | None = None, periode: str | None = None, tingkat: str | None = None,
                   kelas: str | None = None, access: Access = PUBLIC, tema: str | None = None) -> PageSetup:
    """Check the URL state; unknown values become notices and defaults, never errors."""
    state = resolve_state(ctx, lang, wilayah, indikator, periode, access=access, tema=tema)
    lang = state.lang
    parent = parent_of(state.wilayah)
    level = LEVELS.get(tingkat or "", DEFAULT_LEVEL)
    notices = list(state.notices)
    periods = map_periods(ctx, state.indikator, effective_level(level, parent), access) if state.indikator else []
    if not periods and not parent and level == "regency" and state.indikator:
        level = "province"  # an indicator published only for provinces opens at province level
        periods = map_periods(ctx, state.indikator, level, access)
    if state.periode and state.periode not in periods:
        notices.append(t("common.unknown_period", lang, period=state.periode))
    if not periods:
        notices.append(t("peta.no_periods", lang))
    return PageSetup(lang=lang, indicator=state.indikator, level=level, parent=parent,
                     method=kelas if kelas in METHODS else "quantile", periods=periods,
                     period_index=pick_period(periods, state.periode or (periode if periode in periods else None)),
                     highlight=state.wilayah if len(state.wilayah) > 2 else None, notices=notices, tema=state.tema)


def region_name(ctx: AppContext, code: str | None) -> str | None:
    if not code:
        return None
    try:
        return queries.region(ctx.engine, code)["name"]
    except NoDataError:
        return code


def page(ctx: AppContext):
    def layout(lang: str | None = None, wilayah: str | None = None, indikator: str | None = None,
               periode: str | None = None, tingkat: str | None = None, kelas: str | None = None,
               tema: str | None = None, **_query):
        lang = normalise_lang(lang or ctx.config.default_lang)
        access = current_access()
        try:
            setup = setup_from_url(ctx, lang, wilayah, indikator, periode, tingkat, kelas, access, tema)
            level = effective_level(setup.level, setup.parent)
            period = setup.periods[setup.period_index] if setup.periods else None
            view = map_view(ctx, setup.indicator, period, level, setup.parent, setup.method, access)
            options = indicator_options(ctx, lang, access, setup.tema)
            themes = theme_options(ctx, lang, access)
        except StoreError:
            return error_block(lang)
        page_layout = peta.layout(
            indicators=options, indicator=setup.indicator, level=setup.level, method=setup.method,
            periods=setup.periods, period_marks=slider_marks(setup.periods, lang), period_index=setup.period_index,
            parent=setup.parent, parent_name=region_name(ctx, setup.parent), figure=figure_for(view, lang),
            drawn=view.geometry_name, summary_children=summary_for(view, lang),
            notices=[notice(n) for n in setup.notices], highlight=setup.highlight,
            period_label=fmt_period(period, lang) if period else "", lang=lang)
        return with_theme_picker(page_layout, theme_picker(themes, setup.tema, "peta", lang))

    return layout


def next_parent(trigger: str | None, clicked: str | None, parent: str | None) -> str | None:
    """Drill-down state after a click on the map, the home crumb or the level switch."""
    if trigger == ids.GRAPH:
        if parent or not clicked:
            raise PreventUpdate  # already inside a province: a click does not navigate further
        return parent_of(clicked)
    return None  # home crumb or a new national level


def clicked_code(click_data: dict | None) -> str | None:
    points = (click_data or {}).get("points") or []
    return points[0].get("location") if points else None


def period_at(periods: list[str] | None, index: int | None) -> str | None:
    if not periods:
        return None
    index = index if isinstance(index, int) and 0 <= index < len(periods) else len(periods) - 1
    return periods[index]


def map_update(ctx: AppContext, indicator: str, periods: list[str] | None, index: int | None, method: str,
               level: str | None, parent: str | None, drawn: str | None, lang: str, access: Access = PUBLIC):
    """The plain function behind the map callback: a Patch when the same geometry is on screen, else a figure."""
    period = period_at(periods, index)
    view = map_view(ctx, indicator, period, effective_level(level, parent), parent, method, access)
    figure = patch_for(view, lang) if drawn == view.geometry_name else figure_for(view, lang)
    return figure, view.geometry_name, summary_for(view, lang), fmt_period(period, lang) if period else ""


def periods_update(ctx: AppContext, indicator: str, level: str | None, parent: str | None,
                   old_periods: list[str] | None, old_index: int | None, lang: str, access: Access = PUBLIC):
    """Periods of the indicator at the shown level; the slider stays on the same period when it exists."""
    periods = map_periods(ctx, indicator, effective_level(level, parent), access)
    index = pick_period(periods, period_at(old_periods, old_index))
    return periods, max(len(periods) - 1, 0), slider_marks(periods, lang), index


CLIENT_PLAY = """
function(n, disabled, index, periods) {
    if (!n) { return window.dash_clientside.no_update; }
    if (disabled && periods && index >= periods.length - 1) {
        window.dash_clientside.set_props("__PERIOD__", {value: 0});  // at the end: play again from the start
    }
    return !disabled;
}
""".replace("__PERIOD__", ids.PERIOD)

CLIENT_TICK = """
function(n, index, periods) {
    if (!periods || !periods.length) { return [window.dash_clientside.no_update, true]; }
    const next = (index || 0) + 1;
    if (next >= periods.length) { return [window.dash_clientside.no_update, true]; }
    return [next, next >= periods.length - 1];
}
"""

CLIENT_SYNC = """
function(indicator, index, periods, parent, level, method, lang, highlight) {
    const params = new URLSearchParams(window.location.search);
    const set = (k, v) => { if (v === null || v === undefined || v === "") { params.delete(k); } else { params.set(k, v); } };
    set("indikator", indicator);
    set("periode", periods && periods.length ? periods[Math.min(index, periods.length - 1)] : null);
    const region = highlight && parent && highlight.startsWith(parent) ? highlight : parent;
    set("wilayah", region);
    set("tingkat", level === "province" ? "provinsi" : "kabkota");
    set("kelas", method === "quantile" ? null : method);
    set("lang", lang);
    const search = "?" + params.toString();
    if (search !== window.location.search) {
        window.history.replaceState(window.history.state, "", window.location.pathname + search);
    }
    const other = new URLSearchParams(params);
    other.set("lang", lang === "en" ? "id" : "en");
    window.dash_clientside.set_props("__LANG_LINK__", {href: window.location.pathname + "?" + other.toString()});
    return "";
}
""".replace("__LANG_LINK__", shell_ids.LANG_LINK)


def register(app: Dash, ctx: AppContext) -> None:
    geometry.register(app.server)

    @app.callback(Output(ids.PARENT, "data"), Output(ids.CRUMB_TAIL, "children"), Output(ids.CRUMB_HOME, "disabled"),
                  Input(ids.GRAPH, "clickData"), Input(ids.CRUMB_HOME, "n_clicks"), Input(ids.LEVEL, "value"),
                  State(ids.PARENT, "data"), prevent_initial_call=True)
    def navigate(click_data, _home, _level, parent):
        new = next_parent(dash_ctx.triggered_id, clicked_code(click_data), parent)
        return new, peta.crumb_tail(new, region_name(ctx, new)), new is None

    @app.callback(Output(ids.PERIODS, "data"), Output(ids.PERIOD, "max"), Output(ids.PERIOD, "marks"),
                  Output(ids.PERIOD, "value"),
                  Input(ids.INDICATOR, "value"), Input(ids.LEVEL, "value"), Input(ids.PARENT, "data"),
                  State(ids.PERIODS, "data"), State(ids.PERIOD, "value"), State(ids.LANG, "data"),
                  prevent_initial_call=True)
    def update_periods(indicator, level, parent, periods, index, lang):
        if not indicator:
            raise PreventUpdate
        return periods_update(ctx, indicator, level, parent, periods, index, normalise_lang(lang), current_access())

    @app.callback(Output(ids.GRAPH, "figure"), Output(ids.DRAWN, "data"), Output(ids.SUMMARY, "children"),
                  Output(ids.PERIOD_LABEL, "children"),
                  Input(ids.PERIOD, "value"), Input(ids.PERIODS, "data"), Input(ids.METHOD, "value"),
                  Input(ids.INDICATOR, "value"), Input(ids.PARENT, "data"), Input(ids.LEVEL, "value"),
                  State(ids.DRAWN, "data"), State(ids.LANG, "data"), prevent_initial_call=True)
    def update_map(index, periods, method, indicator, parent, level, drawn, lang):
        if not indicator:
            raise PreventUpdate
        return map_update(ctx, indicator, periods, index, method, level, parent, drawn, normalise_lang(lang),
                          current_access())

    @app.callback(Output(ids.GRID, "rowData"),
                  Input(ids.TABS, "active_tab"), Input(ids.PERIOD, "value"), Input(ids.PERIODS, "data"),
                  Input(ids.METHOD, "value"), Input(ids.INDICATOR, "value"), Input(ids.PARENT, "data"),
                  Input(ids.LEVEL, "value"), State(ids.LANG, "data"), prevent_initial_call=True)
    def update_table(tab, index, periods, method, indicator, parent, level, lang):
        if tab != "table" or not indicator:
            raise PreventUpdate  # the table is filled only while it is shown
        view = map_view(ctx, indicator, period_at(periods, index), effective_level(level, parent), parent, method,
                        current_access())
        return table_rows(view, normalise_lang(lang))

    chart_export.register(app, ctx, "peta", [
        State(ids.PERIOD, "value"), State(ids.PERIODS, "data"), State(ids.METHOD, "value"),
        State(ids.INDICATOR, "value"), State(ids.PARENT, "data"), State(ids.LEVEL, "value")], partial(chart_data, ctx))

    app.clientside_callback(CLIENT_PLAY, Output(ids.TICK, "disabled"), Input(ids.PLAY, "n_clicks"),
                            State(ids.TICK, "disabled"), State(ids.PERIOD, "value"), State(ids.PERIODS, "data"),
                            prevent_initial_call=True)
    app.clientside_callback(CLIENT_TICK, Output(ids.PERIOD, "value", allow_duplicate=True),
                            Output(ids.TICK, "disabled", allow_duplicate=True), Input(ids.TICK, "n_intervals"),
                            State(ids.PERIOD, "value"), State(ids.PERIODS, "data"), prevent_initial_call=True)
    app.clientside_callback(CLIENT_SYNC, Output(ids.SYNC, "children"),
                            Input(ids.INDICATOR, "value"), Input(ids.PERIOD, "value"), Input(ids.PERIODS, "data"),
                            Input(ids.PARENT, "data"), Input(ids.LEVEL, "value"), Input(ids.METHOD, "value"),
                            Input(ids.LANG, "data"), Input(ids.HIGHLIGHT, "data"))
