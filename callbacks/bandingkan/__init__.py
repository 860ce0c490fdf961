"""Compare page (/bandingkan): builds the page from URL state and wires its controls to the three views.

The views (ranking, scatter, klassen) are plain functions returning figures, text and exactly the plotted data;
the callbacks here only read inputs, call them and return. The URL follows the controls (history.replaceState).
"""
from __future__ import annotations

from functools import partial

from dash import ClientsideFunction, Dash, Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from callbacks import chart_export
from callbacks.bandingkan import klassen, ranking, scatter
from callbacks.bandingkan.common import View
from callbacks.chart_export import ChartData
from dashboard import queries
from dashboard.access import PUBLIC, Access
from dashboard.auth import current_access
from dashboard.compare import PEERS_PROVINCES, PEERS_REGENCIES, peer_scope
from dashboard.context import AppContext
from dashboard.i18n import normalise_lang, t
from dashboard.options import indicator_options, region_options, resolve_state, theme_options
from data.errors import StoreError
from layouts import bandingkan
from layouts.bandingkan import WINDOW_CHOICES, ids
from layouts.common import error_block, notice, theme_picker, with_theme_picker

DEFAULT_X, DEFAULT_Y = "ipm", "p0"


def checked_state(ctx: AppContext, lang=None, wilayah=None, indikator=None, periode=None, pembanding=None, x=None,
                  y=None, tahun=None, tingkat=None, jendela=None, access: Access = PUBLIC,
                  tema=None) -> tuple[dict, list[str]]:
    """URL parameters checked against the store; unknown values become defaults plus a notice (never an error).
    A theme narrows the ranking's indicator; the scatter may still pair indicators of any theme."""
    base = resolve_state(ctx, lang, wilayah, indikator, periode, access=access, tema=tema)
    lang = base.lang
    notices = list(base.notices)
    visible = set(queries.indicators(ctx.engine, access)["code"])
    state = {"lang": lang, "tema": base.tema, "wilayah": base.wilayah, "indikator": base.indikator, "periode": base.periode,
             "pembanding": pembanding if pembanding in (PEERS_PROVINCES, PEERS_REGENCIES) else PEERS_PROVINCES,
             "x": DEFAULT_X, "y": DEFAULT_Y, "tahun": int(tahun) if str(tahun or "").isdigit() else None,
             "tingkat": tingkat if tingkat in klassen.LEVELS else klassen.DEFAULT_LEVEL,
             "jendela": int(jendela) if str(jendela or "") in {str(w) for w in WINDOW_CHOICES} else 3}
    for key, value in (("x", x), ("y", y)):
        if value and value in visible:
            state[key] = value
        elif value:
            notices.append(t("common.unknown_indicator", lang, code=value))
    state["switchable"] = peer_scope(ctx.engine, state["wilayah"], state["pembanding"]).switchable
    state["period_options"], state["periode"] = ranking.period_choices(
        ctx, state["wilayah"], state["pembanding"], state["indikator"], state["periode"], lang)
    state["year_options"], state["tahun"] = scatter.year_choices(
        ctx, state["wilayah"], state["pembanding"], state["x"], state["y"], state["tahun"])
    return state, notices


def page(ctx: AppContext):
    def layout(lang: str | None = None, wilayah: str | None = None, indikator: str | None = None,
               periode: str | None = None, pembanding: str | None = None, x: str | None = None, y: str | None = None,
               tahun: str | None = None, tingkat: str | None = None, jendela: str | None = None,
               tema: str | None = None, **_query):
        lang = normalise_lang(lang or ctx.config.default_lang)
        try:
            access = current_access()
            state, notices = checked_state(ctx, lang, wilayah, indikator, periode, pembanding, x, y, tahun, tingkat,
                                           jendela, access, tema)
            page_layout = bandingkan.layout(
                lang, region_options(ctx, lang, access), indicator_options(ctx, lang, access, state["tema"]),
                klassen.level_options(ctx, lang, access),
                state, [notice(n) for n in notices], scatter_indicators=indicator_options(ctx, lang, access))
            return with_theme_picker(page_layout, theme_picker(theme_options(ctx, lang, access), state["tema"],
                                                               "bandingkan", lang))
        except StoreError:
            return error_block(lang)

    return layout


def _outputs(view: View) -> tuple:
    return (view.figure if view.figure is not None else no_update, view.summary)


def register(app: Dash, ctx: AppContext) -> None:
    @app.callback(Output(ids.PERIOD, "options"), Output(ids.PERIOD, "value"), Output(ids.PEERS_ROW, "style"),
                  Input(ids.REGION, "value"), Input(ids.PEERS, "value"), Input(ids.INDICATOR, "value"),
                  State(ids.PERIOD, "value"), State(ids.LANG, "data"))
    def update_periods(wilayah, peers, indikator, current, lang):
        if not wilayah or not indikator:
            raise PreventUpdate
        options, value = ranking.period_choices(ctx, wilayah, peers, indikator, current, lang, current_access())
        switchable = peer_scope(ctx.engine, wilayah, peers).switchable
        return options, value, {} if switchable else {"display": "none"}

    @app.callback(Output(ids.RANK_GRAPH, "figure"), Output(ids.RANK_SUMMARY, "children"),
                  Input(ids.REGION, "value"), Input(ids.PEERS, "value"), Input(ids.INDICATOR, "value"),
                  Input(ids.PERIOD, "value"), State(ids.LANG, "data"))
    def update_ranking(wilayah, peers, indikator, periode, lang):
        if not wilayah or not indikator:
            raise PreventUpdate
        return _outputs(ranking.ranking_view(ctx, wilayah, peers, indikator, periode, lang, current_access()))

    @app.callback(Output(ids.YEAR, "options"), Output(ids.YEAR, "value"),
                  Input(ids.REGION, "value"), Input(ids.PEERS, "value"), Input(ids.X, "value"), Input(ids.Y, "value"),
                  State(ids.YEAR, "value"))
    def update_years(wilayah, peers, x, y, current):
        if not wilayah or not x or not y:
            raise PreventUpdate
        return scatter.year_choices(ctx, wilayah, peers, x, y, current, current_access())

    @app.callback(Output(ids.SCATTER_GRAPH, "figure"), Output(ids.SCATTER_NOTE, "children"),
                  Input(ids.REGION, "value"), Input(ids.PEERS, "value"), Input(ids.X, "value"), Input(ids.Y, "value"),
                  Input(ids.YEAR, "value"), State(ids.LANG, "data"))
    def update_scatter(wilayah, peers, x, y, tahun, lang):
        if not wilayah or not x or not y:
            raise PreventUpdate
        return _outputs(scatter.scatter_view(ctx, wilayah, peers, x, y, tahun, lang, current_access()))

    @app.callback(Output(ids.KLASSEN_GRAPH, "figure"), Output(ids.KLASSEN_NOTE, "children"),
                  Output(ids.KLASSEN_LISTS, "children"), Output(ids.KLASSEN_BODY, "style"),
                  Input(ids.REGION, "value"), Input(ids.PEERS, "value"), Input(ids.KLASSEN_LEVEL, "value"),
                  Input(ids.KLASSEN_WINDOW, "value"), State(ids.LANG, "data"))
    def update_klassen(wilayah, peers, level, window, lang):
        if not wilayah or not level or not window:
            raise PreventUpdate
        view = klassen.klassen_view(ctx, wilayah, peers, level, window, lang, current_access())
        return (*_outputs(view), view.extra, {} if view.figure is not None else {"display": "none"})

    _register_downloads(app, ctx)
    app.clientside_callback(
        ClientsideFunction(namespace="bandingkan", function_name="syncUrl"), Output(ids.URL_SYNC, "data"),
        Input(ids.REGION, "value"), Input(ids.PEERS, "value"), Input(ids.INDICATOR, "value"),
        Input(ids.PERIOD, "value"), Input(ids.X, "value"), Input(ids.Y, "value"), Input(ids.YEAR, "value"),
        Input(ids.KLASSEN_LEVEL, "value"), Input(ids.KLASSEN_WINDOW, "value"), State(ids.LANG, "data"))


def ranking_data(ctx: AppContext, wilayah, peers, indikator, periode, lang, *, access: Access = PUBLIC) -> ChartData:
    if not wilayah or not indikator or not periode:
        raise ValueError("incomplete ranking state")
    view = ranking.ranking_view(ctx, wilayah, peers, indikator, periode, lang, access)
    return ChartData(view.data, (indikator,), (wilayah,), (periode,), f"peringkat-{indikator}-{periode}-{wilayah}")


def scatter_data(ctx: AppContext, wilayah, peers, x, y, tahun, lang, *, access: Access = PUBLIC) -> ChartData:
    if not wilayah or not x or not y:
        raise ValueError("incomplete scatter state")
    view = scatter.scatter_view(ctx, wilayah, peers, x, y, tahun, lang, access)
    return ChartData(view.data, tuple(dict.fromkeys((x, y))), (wilayah,), (str(tahun),) if tahun else (),
                     f"sebaran-{x}-{y}-{tahun}-{wilayah}")


def klassen_data(ctx: AppContext, wilayah, peers, level, window, lang, *, access: Access = PUBLIC) -> ChartData:
    if not wilayah or not level:
        raise ValueError("incomplete typology state")
    view = klassen.klassen_view(ctx, wilayah, peers, level, window, lang, access)
    years = [str(c) for c in view.data.columns if str(c)[:4].isdigit()] if not view.data.empty else []
    return ChartData(view.data, (level, klassen.GROWTH), (wilayah,), tuple(years), f"klassen-{level}-{wilayah}")


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

