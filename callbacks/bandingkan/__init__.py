"""Compare page (/bandingkan): builds the page from URL state and wires its controls to the three views.

The views (ranking, scatter, klassen) are plain functions returning figures, text and exactly the plotted data;
the callbacks here only read inputs, call them and return. The URL follows the controls (history.replaceState).
"""
from __future__ import annotations

from functools import partial

from dash import ClientsideFunction, Dash, Input, Output, State, callback_context, no_update
from dash.exceptions import PreventUpdate

from callbacks import chart_export
from callbacks.bandingkan import klassen, ranking, scatter
from callbacks.bandingkan.common import View
from callbacks.chart_export import ChartData
from i18n import normalise_lang, t
from layouts import bandingkan
from layouts.bandingkan import WINDOW_CHOICES, ids
from layouts.common import error_block, notice, theme_picker, with_theme_picker
from services import provenance, queries
from services.access import PUBLIC, Access
from services.auth import current_access
from services.compare import PEERS_PROVINCES, PEERS_REGENCIES, peer_names, peer_scope
from services.context import AppContext
from services.errors import StoreError
from services.options import indicator_options, region_options, resolve_state, theme_options

DEFAULT_X, DEFAULT_Y = "ipm", "p0"


def checked_state(ctx: AppContext, lang=None, region=None, indicator=None, period=None, peers=None, x=None,
                  y=None, year=None, level=None, window=None, access: Access = PUBLIC,
                  theme=None) -> tuple[dict, list[str]]:
    """What the URL asked for (in the data model's names, see `page`) checked against the store; unknown values
    become defaults plus a notice (never an error). A theme narrows the ranking's indicator; the scatter may still
    pair indicators of any theme. `level` is the Klassen typology's income indicator, `window` its years."""
    base = resolve_state(ctx, lang, region, indicator, period, access=access, theme=theme)
    lang = base.lang
    notices = list(base.notices)
    visible = set(queries.indicators(ctx.engine, access)["code"])
    state = {"lang": lang, "theme": base.theme, "region": base.region, "indicator": base.indicator, "period": base.period,
             "peers": peers if peers in (PEERS_PROVINCES, PEERS_REGENCIES) else PEERS_PROVINCES,
             "x": DEFAULT_X, "y": DEFAULT_Y, "year": int(year) if str(year or "").isdigit() else None,
             "level": level if level in klassen.LEVELS else klassen.DEFAULT_LEVEL,
             "window": int(window) if str(window or "") in {str(w) for w in WINDOW_CHOICES} else 3}
    for key, value in (("x", x), ("y", y)):
        if value and value in visible:
            state[key] = value
        elif value:
            notices.append(t("common.unknown_indicator", lang, code=value))
    state["switchable"] = peer_scope(ctx.engine, state["region"], state["peers"]).switchable
    # the caller's periods and years, as the callbacks would answer (they do not run at page load)
    state["period_options"], state["period"] = ranking.period_choices(
        ctx, state["region"], state["peers"], state["indicator"], state["period"], lang, access)
    state["year_options"], state["year"] = scatter.year_choices(
        ctx, state["region"], state["peers"], state["x"], state["y"], state["year"], access)
    return state, notices


def page(ctx: AppContext):
    def layout(lang: str | None = None, wilayah: str | None = None, indikator: str | None = None,
               periode: str | None = None, pembanding: str | None = None, x: str | None = None, y: str | None = None,
               tahun: str | None = None, tingkat: str | None = None, jendela: str | None = None,
               tema: str | None = None, **_query):
        lang = normalise_lang(lang or ctx.config.default_lang)
        try:
            access = current_access()
            # the URL parser: public Indonesian keys (i18n.urls.keys) in, the data model's names from here on
            state, notices = checked_state(ctx, lang, region=wilayah, indicator=indikator, period=periode,
                                           peers=pembanding, x=x, y=y, year=tahun, level=tingkat, window=jendela,
                                           access=access, theme=tema)
            # the ranking drawn in the page itself: its callback runs when a control changes, not at page load
            rank = (ranking.ranking_view(ctx, state["region"], state["peers"], state["indicator"], state["period"],
                                         lang, access) if state["region"] and state["indicator"] else None)
            page_layout = bandingkan.layout(
                lang, region_options(ctx, lang, access), indicator_options(ctx, lang, access, state["theme"]),
                klassen.level_options(ctx, lang, access),
                state, [notice(n) for n in notices], scatter_indicators=indicator_options(ctx, lang, access),
                rank=rank.figure if rank else None, rank_summary=rank.summary if rank else None)
            return with_theme_picker(page_layout, theme_picker(theme_options(ctx, lang, access), state["theme"],
                                                               "bandingkan", lang))
        except StoreError:
            return error_block(lang)

    return layout


def after_ranking(drawn) -> bool:
    """The scatter and Klassen charts (below the fold) follow the ranking; the ranking of the page's URL is in its
    layout, so at page load they are drawn straight away, and a later redrawing of the ranking (another indicator
    or period) leaves a chart already drawn alone."""
    return callback_context.triggered_id == ids.RANK_GRAPH and bool(drawn)


def _outputs(view: View) -> tuple:
    return (view.figure if view.figure is not None else no_update, view.summary)


def register(app: Dash, ctx: AppContext) -> None:
    # The page's layout holds the periods, years and ranking of its URL (page above): the ranking and the years
    # answer changes of the controls, not the page load, so the ranking is drawn without a round trip.
    @app.callback(Output(ids.PERIOD, "options"), Output(ids.PERIOD, "value"), Output(ids.PEERS_ROW, "style"),
                  Input(ids.REGION, "value"), Input(ids.PEERS, "value"), Input(ids.INDICATOR, "value"),
                  State(ids.PERIOD, "value"), State(ids.LANG, "data"))
    def update_periods(wilayah, peers, indikator, current, lang):
        if not wilayah or not indikator:
            raise PreventUpdate
        options, value = ranking.period_choices(ctx, wilayah, peers, indikator, current, lang, current_access())
        switchable = peer_scope(ctx.engine, wilayah, peers).switchable
        # an unchanged period does not redraw the ranking (at page load: the layout's own); the new options still
        # bring the address bar up to date (syncUrl)
        return options, value if value != current else no_update, {} if switchable else {"display": "none"}

    @app.callback(Output(ids.RANK_GRAPH, "figure"), Output(ids.RANK_SUMMARY, "children"),
                  Input(ids.REGION, "value"), Input(ids.PEERS, "value"), Input(ids.INDICATOR, "value"),
                  Input(ids.PERIOD, "value"), State(ids.LANG, "data"), prevent_initial_call=True)
    def update_ranking(wilayah, peers, indikator, periode, lang):
        if not wilayah or not indikator:
            raise PreventUpdate
        return _outputs(ranking.ranking_view(ctx, wilayah, peers, indikator, periode, lang, current_access()))

    @app.callback(Output(ids.YEAR, "options"), Output(ids.YEAR, "value"),
                  Input(ids.REGION, "value"), Input(ids.PEERS, "value"), Input(ids.X, "value"), Input(ids.Y, "value"),
                  State(ids.YEAR, "value"), prevent_initial_call=True)
    def update_years(wilayah, peers, x, y, current):
        if not wilayah or not x or not y:
            raise PreventUpdate
        return scatter.year_choices(ctx, wilayah, peers, x, y, current, current_access())

    @app.callback(Output(ids.SCATTER_GRAPH, "figure"), Output(ids.SCATTER_NOTE, "children"),
                  Input(ids.REGION, "value"), Input(ids.PEERS, "value"), Input(ids.X, "value"), Input(ids.Y, "value"),
                  Input(ids.YEAR, "value"), Input(ids.RANK_GRAPH, "figure"), State(ids.LANG, "data"),
                  State(ids.SCATTER_GRAPH, "figure"))
    def update_scatter(wilayah, peers, x, y, tahun, _rank, lang, drawn):
        if not wilayah or not x or not y or after_ranking(drawn):
            raise PreventUpdate
        return _outputs(scatter.scatter_view(ctx, wilayah, peers, x, y, tahun, lang, current_access()))

    @app.callback(Output(ids.KLASSEN_GRAPH, "figure"), Output(ids.KLASSEN_NOTE, "children"),
                  Output(ids.KLASSEN_LISTS, "children"), Output(ids.KLASSEN_BODY, "style"),
                  Input(ids.REGION, "value"), Input(ids.PEERS, "value"), Input(ids.KLASSEN_LEVEL, "value"),
                  Input(ids.KLASSEN_WINDOW, "value"), Input(ids.RANK_GRAPH, "figure"), State(ids.LANG, "data"),
                  State(ids.KLASSEN_GRAPH, "figure"))
    def update_klassen(wilayah, peers, level, window, _rank, lang, drawn):
        if not wilayah or not level or not window or after_ranking(drawn):
            raise PreventUpdate
        view = klassen.klassen_view(ctx, wilayah, peers, level, window, lang, current_access())
        return (*_outputs(view), view.extra, {} if view.figure is not None else {"display": "none"})

    _register_downloads(app, ctx)
    app.clientside_callback(
        ClientsideFunction(namespace="bandingkan", function_name="syncUrl"), Output(ids.URL_SYNC, "data"),
        Input(ids.REGION, "value"), Input(ids.PEERS, "value"), Input(ids.INDICATOR, "value"),
        Input(ids.PERIOD, "value"), Input(ids.X, "value"), Input(ids.Y, "value"), Input(ids.YEAR, "value"),
        Input(ids.KLASSEN_LEVEL, "value"), Input(ids.KLASSEN_WINDOW, "value"), Input(ids.PERIOD, "options"),
        State(ids.LANG, "data"))


def ranking_data(ctx: AppContext, wilayah, peers, indikator, periode, lang, *, access: Access = PUBLIC) -> ChartData:
    if not wilayah or not indikator or not periode:
        raise ValueError("incomplete ranking state")
    view = ranking.ranking_view(ctx, wilayah, peers, indikator, periode, lang, access)
    scope = peer_scope(ctx.engine, wilayah, peers)
    codes = [c for c in view.data["region_code"] if c] if not view.data.empty else []
    found = provenance.sources_of(ctx.engine, [(indikator, c, periode) for c in codes], access)
    return ChartData(view.data, (indikator,), (wilayah,), (periode,), f"peringkat-{indikator}-{periode}-{wilayah}",
                     scope=(scope.level, len(peer_names(ctx.engine, scope, access)), scope.parent_filter),
                     sources=tuple(found.values()))


def scatter_data(ctx: AppContext, wilayah, peers, x, y, tahun, lang, *, access: Access = PUBLIC) -> ChartData:
    if not wilayah or not x or not y:
        raise ValueError("incomplete scatter state")
    view = scatter.scatter_view(ctx, wilayah, peers, x, y, tahun, lang, access)
    scope = peer_scope(ctx.engine, wilayah, peers)
    return ChartData(view.data, tuple(dict.fromkeys((x, y))), (wilayah,), (str(tahun),) if tahun else (),
                     f"sebaran-{x}-{y}-{tahun}-{wilayah}",
                     scope=(scope.level, len(peer_names(ctx.engine, scope, access)), scope.parent_filter))


def klassen_data(ctx: AppContext, wilayah, peers, level, window, lang, *, access: Access = PUBLIC) -> ChartData:
    if not wilayah or not level:
        raise ValueError("incomplete typology state")
    view = klassen.klassen_view(ctx, wilayah, peers, level, window, lang, access)
    scope = peer_scope(ctx.engine, wilayah, peers)
    years = [str(c) for c in view.data.columns if str(c)[:4].isdigit()] if not view.data.empty else []
    return ChartData(view.data, (level, klassen.GROWTH), (wilayah,), tuple(years), f"klassen-{level}-{wilayah}",
                     scope=(scope.level, len(peer_names(ctx.engine, scope, access)), scope.parent_filter))


def _register_downloads(app: Dash, ctx: AppContext) -> None:
    """Each chart's citation and CSV/XLSX of exactly its plotted rows (plus the reference row)."""
    common = [State(ids.REGION, "value"), State(ids.PEERS, "value")]
    chart_export.register(app, ctx, "bandingkan-peringkat", [
        *common, State(ids.INDICATOR, "value"), State(ids.PERIOD, "value"), State(ids.LANG, "data")],
        partial(ranking_data, ctx))
    chart_export.register(app, ctx, "bandingkan-sebaran", [
        *common, State(ids.X, "value"), State(ids.Y, "value"), State(ids.YEAR, "value"), State(ids.LANG, "data")],
        partial(scatter_data, ctx))
    chart_export.register(app, ctx, "bandingkan-klassen", [
        *common, State(ids.KLASSEN_LEVEL, "value"), State(ids.KLASSEN_WINDOW, "value"), State(ids.LANG, "data")],
        partial(klassen_data, ctx))

