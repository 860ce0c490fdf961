"""Map page: the checked URL state, one indicator's values for a level and period, and thin callbacks.

A change of indicator, period or classes sends only the values (`Patch`); a change of level or province sends
a new (small) figure whose geometry plotly fetches by URL once. The plain functions are tested without Dash.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
from dash import ALL, Dash, Input, Output, State
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate

from callbacks import chart_export
from callbacks import peta_village as village
from callbacks.chart_export import ChartData
from i18n import chart_unit, fmt_number, fmt_period, normalise_lang, t
from i18n.urls import LEVELS  # the URL's `tingkat` -> the data model's level
from layouts import choropleth, peta
from layouts.choropleth import PAGE, Classes, MapSpec, MapStyle
from layouts.common import error_block, notice, theme_picker, with_theme_picker
from layouts.peta import ids
from layouts.provenance import source_text
from layouts.shell import ids as shell_ids
from models.classify import METHODS
from services import geometry, maps
from services.access import PUBLIC, Access
from services.auth import current_access
from services.context import AppContext
from services.errors import StoreError
from services.maps import (
    DEFAULT_LEVEL,
    MapView,
    effective_level,
    map_frame,
    map_periods,
    map_view,
    preferred_period,
    region_name,
    table_sources,
)
from services.options import indicator_options, resolve_state, theme_options


def spec_for(view: MapView, lang: str, geojson: str | None = None, style: MapStyle = PAGE,
             highlight: str | None = None) -> MapSpec:
    """The map of a view for the builder: classes of today's values, the not-comparable values with their reason;
    `highlight` (a region the URL asked for) outlined when it is on this map."""
    unit = chart_unit({"unit": view.unit, "unit_en": view.unit_en}, lang)
    notes = maps.earlier_notes(view, lang)
    earlier = {view.codes[i]: f"{fmt_number(view.earlier[i], view.decimals, lang)} {unit}<br>{notes[view.codes[i]]}"
               for i in view.not_comparable}
    colouring = village.categories_for(view, lang) if view.categories else Classes(
        view.values, view.breaks.edges if view.breaks else (), view.higher_is_better, unit, view.decimals, view.ranks)
    return MapSpec(geojson or geometry.url(view.geometry_name), view.geometry_name, view.codes, view.names, colouring,
                   earlier, not_scored=village.not_scored_for(view, lang),
                   not_scored_label=t("peta.legend.kelurahan", lang), details=village.details_for(view, lang),
                   lang=lang, style=style, highlight=highlight if highlight in view.codes else None)


def figure_for(view: MapView, lang: str):
    return choropleth.figure(spec_for(view, lang))


def patch_for(view: MapView, lang: str):
    return choropleth.patch(spec_for(view, lang))


def summary_for(view: MapView, lang: str, highlight: str | None = None) -> list:
    selected = village.selected_line(view, highlight, lang)
    notes = ([selected] if selected else []) + list(view.notes)
    if view.not_comparable:
        notes.append(t("breaks.not_comparable_count", lang, n=len(view.not_comparable),
                       names=", ".join(view.names[i] for i in view.not_comparable)))
    notes += village.village_notes(view, lang)
    return peta.summary(view.with_data, len(view.codes) - len(view.not_comparable) - len(view.not_scored),
                        view.higher_is_better, notes, lang, categorical=bool(view.categories))


def table_rows(view: MapView, lang: str, sources: dict[str, dict] | None = None) -> list[dict]:
    labels = choropleth.class_labels(view.breaks.edges, view.decimals, lang) if view.breaks else []
    not_scored = set(view.not_scored)
    rows = []
    for i, code in enumerate(view.codes):
        value = view.values[i]
        ok, earlier = bool(np.isfinite(value)), bool(np.isfinite(view.earlier[i]))
        shown = value if ok else view.earlier[i] if earlier else None
        if ok:
            label = village.category_label(view, int(value), lang) if view.categories else labels[view.classes[i]]
        else:
            label = t("breaks.not_comparable" if earlier else "peta.legend.kelurahan" if i in not_scored
                      else "peta.legend.no_data", lang)
        rows.append({
            "rank": int(view.ranks[i]) if ok and np.isfinite(view.ranks[i]) else None, "code": code,
            "name": view.names[i],
            "value": float(view.exact[i]) if shown is not None else None,  # sorts and copies as stored
            "value_text": fmt_number(shown, view.decimals, lang),
            "class_label": label,
            "status": t(f"peta.status.{view.status[i]}", lang) if view.status[i] else "",
            "comparable": not earlier,
            "source": source_text({**(sources or {}).get(code, {}), "period": None}, lang),
        })
    return sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0, r["code"]))  # best first, no data last


def chart_data(ctx: AppContext, index, periods, method, indicator, parent, level, *,
               access: Access = PUBLIC) -> ChartData:
    """The map's data for the citation and the CSV/XLSX downloads."""
    if not indicator:
        raise ValueError("no indicator chosen")
    parent = parent or None  # the page's store holds "" for Indonesia
    period = period_at(periods, index)
    view = map_view(ctx, indicator, period, effective_level(level, parent), parent, method or "quantile", access)
    return ChartData(map_frame(view), (indicator,), (parent or "ID",), (period,) if period else (),
                     f"{indicator}-{period or 'na'}-{view.geometry_name}", scope=(view.level, len(view.codes), parent),
                     sources=tuple(table_sources(ctx, view, access).values()))


def short_period(period: str, lang: str) -> str:
    """Slider mark: 2024 -> 2024, 2024-03 -> Mar 2024."""
    text = fmt_period(period, lang)
    return text if text == period else text.split()[0][:3] + " " + period[:4]


def slider_marks(periods: list[str], lang: str, most: int = 12) -> dict:
    step = max(1, int(np.ceil(len(periods) / most)))
    shown = [i for i in range(len(periods)) if i % step == 0 and len(periods) - 1 - i >= step / 2]
    shown += [len(periods) - 1] if periods else []
    return {i: {"label": short_period(periods[i], lang)} for i in shown}  # unlabelled periods are still steps


def pick_period(periods: list[str], wanted: str | None, preferred: str | None = None) -> int:
    """Index of `wanted` in `periods`, else of `preferred` (the latest comparable period), else of the latest."""
    for period in (wanted, preferred):
        if period in periods:
            return periods.index(period)
    return max(len(periods) - 1, 0)


@dataclass
class PageSetup:
    """Everything the first render needs, from the URL."""

    lang: str
    indicator: str | None
    level: str  # the level drawn (province/regency at Indonesia; below a parent, one of services.maps.levels_under)
    parent: str | None
    method: str
    periods: list[str]
    period_index: int
    highlight: str | None
    notices: list[str]
    theme: str | None = None


def setup_from_url(ctx: AppContext, lang: str | None = None, region: str | None = None,
                   indicator: str | None = None, period: str | None = None, level: str | None = None,
                   method: str | None = None, access: Access = PUBLIC, theme: str | None = None) -> PageSetup:
    """Check what the URL asked for (already in the data model's names, see `page`); unknown values become
    notices and defaults, never errors. A kecamatan or desa is checked here (pages pick regions from the upper
    levels, services.options), its kab/kota by resolve_state."""
    code = (region or "").replace(".", "").strip()
    below = len(code) in (6, 10) and region_name(ctx, code) != code  # a known kecamatan or desa
    deep = level in village.VILLAGE_LEVELS or below
    state = resolve_state(ctx, lang, code[:4] if below else region, indicator, period, access=access, theme=theme,
                          default_indicator=village.VILLAGE_INDICATOR if deep else "ipm")
    lang = state.lang
    if below and len(code) == 10 and not level:
        level = "village"  # a desa opens among its kab/kota's desa
    parent, highlight = village.url_parent(code if below else state.region, level)
    level = village.level_after(level or DEFAULT_LEVEL, parent)
    notices = list(state.notices)
    periods = map_periods(ctx, state.indicator, effective_level(level, parent), access) if state.indicator else []
    if not periods and not parent and level == "regency" and state.indicator:
        level = "province"  # an indicator published only for provinces opens at province level
        periods = map_periods(ctx, state.indicator, level, access)
    if state.period and state.period not in periods:
        notices.append(t("common.unknown_period", lang, period=state.period))
    if not periods:
        notices.append(t("peta.no_periods", lang))
    preferred = preferred_period(ctx, state.indicator, periods, effective_level(level, parent), parent, access)
    return PageSetup(lang=lang, indicator=state.indicator, level=level, parent=parent,
                     method=method if method in METHODS else "quantile", periods=periods,
                     period_index=pick_period(periods, state.period or (period if period in periods else None),
                                              preferred),
                     highlight=highlight, notices=notices, theme=state.theme)


def page(ctx: AppContext):
    def layout(lang: str | None = None, wilayah: str | None = None, indikator: str | None = None,
               periode: str | None = None, tingkat: str | None = None, kelas: str | None = None,
               tema: str | None = None, **_query):
        """The URL parser: Dash hands the query (public, Indonesian keys: i18n.urls.keys) in as keyword arguments;
        from here on the data model's names."""
        lang = normalise_lang(lang or ctx.config.default_lang)
        access = current_access()
        try:
            setup = setup_from_url(ctx, lang, region=wilayah, indicator=indikator, period=periode,
                                   level=LEVELS.get(tingkat or ""), method=kelas, access=access, theme=tema)
            level = effective_level(setup.level, setup.parent)
            period = setup.periods[setup.period_index] if setup.periods else None
            view = map_view(ctx, setup.indicator, period, level, setup.parent, setup.method, access)
            spec = spec_for(view, lang, highlight=setup.highlight)
            options = indicator_options(ctx, lang, access, setup.theme)
            themes = theme_options(ctx, lang, access)
        except StoreError:
            return error_block(lang)
        page_layout = peta.layout(
            indicators=options, indicator=setup.indicator, level=level, levels=maps.levels_under(setup.parent),
            method=setup.method,
            periods=setup.periods, period_marks=slider_marks(setup.periods, lang), period_index=setup.period_index,
            parent=setup.parent, crumbs=crumbs(ctx, setup.parent),
            figure=choropleth.figure(spec), drawn=drawn_key(spec), summary_children=summary_for(view, lang, setup.highlight),
            notices=[notice(n) for n in setup.notices], highlight=setup.highlight,
            period_label=fmt_period(period, lang) if period else "", lang=lang)
        return with_theme_picker(page_layout, theme_picker(themes, setup.theme, "peta", lang))

    return layout


def crumbs(ctx: AppContext, parent: str | None) -> list[tuple[str, str]]:
    """(code, name) of each region on the way down to the open one."""
    return [(code, region_name(ctx, code) or code) for code in village.ancestors(parent)]


def navigation(ctx: AppContext, trigger, clicked: str | None, parent: str | None, level: str | None,
               indicator: str | None, access: Access = PUBLIC) -> tuple[str | None, str, str | None]:
    """(parent, level, indicator) after a click on the map, a crumb or the level switch; PreventUpdate when the
    click opens nothing. Below a kab/kota an indicator without values there gives way to the village status."""
    if trigger == ids.GRAPH:
        opened = village.drill(clicked, parent, effective_level(level, parent) if parent else level or DEFAULT_LEVEL)
        if opened is None:
            raise PreventUpdate
        parent, level = opened
    elif isinstance(trigger, dict):  # a crumb on the way down
        parent = trigger.get("code")
        level = maps.levels_under(parent)[0]
    elif trigger == ids.CRUMB_HOME:
        parent, level = None, level if level in maps.levels_under(None) else DEFAULT_LEVEL
    level = village.level_after(level, parent)

    def has_periods(code: str, at: str) -> bool:
        try:
            return bool(map_periods(ctx, code, at, access))
        except StoreError:
            return False

    return parent, level, village.indicator_for(level, indicator, has_periods)


def clicked_code(click_data: dict | None) -> str | None:
    points = (click_data or {}).get("points") or []
    return points[0].get("location") if points else None


def period_at(periods: list[str] | None, index: int | None) -> str | None:
    if not periods:
        return None
    index = index if isinstance(index, int) and 0 <= index < len(periods) else len(periods) - 1
    return periods[index]


def map_update(ctx: AppContext, indicator: str, periods: list[str] | None, index: int | None, method: str,
               level: str | None, parent: str | None, drawn: str | None, lang: str, access: Access = PUBLIC,
               highlight: str | None = None):
    """The plain function behind the map callback: a Patch when the same geometry is on screen, else a figure
    (with the region the URL asked for outlined when it is on it)."""
    period = period_at(periods, index)
    view = map_view(ctx, indicator, period, effective_level(level, parent), parent, method, access)
    spec = spec_for(view, lang, highlight=highlight)
    key = drawn_key(spec)
    if drawn == key:  # same shapes, same grey and kelurahan layers on screen: only the values
        figure = choropleth.patch(spec, values_only=True)
    elif (drawn or "").split(":")[0] == view.geometry_name:
        figure = choropleth.patch(spec)
    else:
        figure = choropleth.figure(spec)
    return figure, key, summary_for(view, lang, highlight), fmt_period(period, lang) if period else ""


def drawn_key(spec: MapSpec) -> str:
    """What the map on screen holds: its geometry and the fingerprint of its no-data and not-scored layers."""
    return f"{spec.revision}:{choropleth.layers_key(spec)}"


def periods_update(ctx: AppContext, indicator: str, level: str | None, parent: str | None,
                   old_periods: list[str] | None, old_index: int | None, lang: str, access: Access = PUBLIC):
    """Periods of the indicator at the shown level; the slider stays on the same period when it exists."""
    shown = effective_level(level, parent)
    periods = map_periods(ctx, indicator, shown, access)
    index = pick_period(periods, period_at(old_periods, old_index),
                        preferred_period(ctx, indicator, periods, shown, parent, access))
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
    const key = window.satudataUrls.keys, words = window.satudataUrls.levels;
    const params = new URLSearchParams(window.location.search);
    const set = (k, v) => { if (v === null || v === undefined || v === "") { params.delete(k); } else { params.set(k, v); } };
    set(key.indicator, indicator);
    set(key.period, periods && periods.length ? periods[Math.min(index, periods.length - 1)] : null);
    // the region outlined stays in the URL while its map is open (services: callbacks.peta_village.url_parent)
    const up = highlight ? (highlight.length === 4 ? 2 : 4) : 0;
    const kept = highlight && parent && parent === highlight.slice(0, up) && (highlight.length !== 6 || level === "district");
    const region = kept ? highlight : parent;
    set(key.region, region);
    set(key.level, words[level] || null);
    set(key.method, method === "quantile" ? null : method);
    set(key.lang, lang);
    const search = "?" + params.toString();
    if (search !== window.location.search) {
        window.history.replaceState(window.history.state, "", window.location.pathname + search);
    }
    const other = new URLSearchParams(params);
    other.set(key.lang, lang === "en" ? "id" : "en");
    window.dash_clientside.set_props("__LANG_LINK__", {href: window.location.pathname + "?" + other.toString()});
    return "";
}
""".replace("__LANG_LINK__", shell_ids.LANG_LINK)


def register(app: Dash, ctx: AppContext) -> None:
    geometry.register(app.server)

    @app.callback(Output(ids.PARENT, "data"), Output(ids.CRUMB_TAIL, "children"), Output(ids.CRUMB_HOME, "disabled"),
                  Output(ids.LEVEL, "options"), Output(ids.LEVEL, "value"), Output(ids.INDICATOR, "value"),
                  Input(ids.GRAPH, "clickData"), Input(ids.CRUMB_HOME, "n_clicks"), Input(ids.LEVEL, "value"),
                  Input(peta.crumb_id(ALL), "n_clicks"),
                  State(ids.PARENT, "data"), State(ids.INDICATOR, "value"), State(ids.LANG, "data"),
                  prevent_initial_call=True)
    def navigate(click_data, _home, level, crumb_clicks, parent, indicator, lang):
        trigger = dash_ctx.triggered_id
        if isinstance(trigger, dict) and not any(crumb_clicks or []):
            raise PreventUpdate  # crumbs drawn anew, not clicked
        lang = normalise_lang(lang)
        new, level, indicator = navigation(ctx, trigger, clicked_code(click_data), parent or None, level, indicator,
                                           current_access())
        return (new, peta.crumb_tail(crumbs(ctx, new)), new is None, peta.level_options(maps.levels_under(new), lang),
                level, indicator)

    @app.callback(Output(ids.PERIODS, "data"), Output(ids.PERIOD, "max"), Output(ids.PERIOD, "marks"),
                  Output(ids.PERIOD, "value"),
                  Input(ids.INDICATOR, "value"), Input(ids.LEVEL, "value"), Input(ids.PARENT, "data"),
                  State(ids.PERIODS, "data"), State(ids.PERIOD, "value"), State(ids.LANG, "data"),
                  prevent_initial_call=True)
    def update_periods(indicator, level, parent, periods, index, lang):
        if not indicator:
            raise PreventUpdate
        return periods_update(ctx, indicator, level, parent or None, periods, index, normalise_lang(lang), current_access())

    @app.callback(Output(ids.GRAPH, "figure"), Output(ids.DRAWN, "data"), Output(ids.SUMMARY, "children"),
                  Output(ids.PERIOD_LABEL, "children"),
                  Input(ids.PERIOD, "value"), Input(ids.PERIODS, "data"), Input(ids.METHOD, "value"),
                  Input(ids.INDICATOR, "value"), Input(ids.PARENT, "data"), Input(ids.LEVEL, "value"),
                  State(ids.DRAWN, "data"), State(ids.LANG, "data"), State(ids.HIGHLIGHT, "data"),
                  prevent_initial_call=True)
    def update_map(index, periods, method, indicator, parent, level, drawn, lang, highlight):
        if not indicator:
            raise PreventUpdate
        return map_update(ctx, indicator, periods, index, method, level, parent or None, drawn, normalise_lang(lang),
                          current_access(), highlight)

    @app.callback(Output(ids.GRID, "rowData"),
                  Input(ids.TABS, "active_tab"), Input(ids.PERIOD, "value"), Input(ids.PERIODS, "data"),
                  Input(ids.METHOD, "value"), Input(ids.INDICATOR, "value"), Input(ids.PARENT, "data"),
                  Input(ids.LEVEL, "value"), State(ids.LANG, "data"), prevent_initial_call=True)
    def update_table(tab, index, periods, method, indicator, parent, level, lang):
        if tab != "table" or not indicator:
            raise PreventUpdate  # the table is filled only while it is shown
        parent = parent or None
        view = map_view(ctx, indicator, period_at(periods, index), effective_level(level, parent), parent, method,
                        current_access())
        return table_rows(view, normalise_lang(lang), table_sources(ctx, view, current_access()))

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
