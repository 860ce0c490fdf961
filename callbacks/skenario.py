"""Target simulator (/skenario): a region's required path to a target next to its history, forecast and the
best quarter of peers. Region and indicator live in the URL (`wilayah`, `indikator`, `lang`); years and the
target are controls. Plain functions below are tested without Dash; callbacks stay thin."""
from __future__ import annotations

import math
from functools import partial

import pandas as pd
from dash import Dash, Input, Output, State, html, no_update
from dash.exceptions import PreventUpdate

from callbacks import chart_export, skenario_saved, skenario_whatif
from callbacks.chart_export import ChartData
from callbacks.skenario_saved import target_of
from callbacks.url_state import register_navigation, url_search
from i18n import chart_unit, fmt_input, fmt_number, fmt_signed, normalise_lang, parse_number, t
from layouts import skenario
from layouts.common import error_block, notice, theme_picker, with_theme_picker
from layouts.skenario import ids
from services import saved_scenarios, scenario
from services.access import PUBLIC, Access
from services.auth import login_url
from services.context import AppContext
from services.errors import NoDataError, StoreError
from services.export import safe_csv
from services.options import indicator_options, region_options, resolve_state, theme_options
from services.targets import request_access

DEFAULT_INDICATOR = "p0"


def refusal(exc: ValueError, meta: dict, lang: str) -> str:
    """A ValueError from models.scenario in the page's language."""
    text = str(exc)
    decimals = int(meta.get("decimals") or 2)
    if "end year" in text:
        reason = t("skenario.reason.order", lang)
    elif "below" in text:
        reason = t("skenario.reason.low", lang, bound=fmt_number(meta.get("min_value"), decimals, lang))
    elif "above" in text:
        reason = t("skenario.reason.high", lang, bound=fmt_number(meta.get("max_value"), decimals, lang))
    else:
        reason = t("skenario.reason.nan", lang)
    return t("skenario.refused", lang, reason=reason)


def number(value) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def sentences(data: dict, lang: str) -> list[str]:
    meta, decimals = data["meta"], int(data["meta"].get("decimals") or 2)
    out = []
    path = data["path"]
    if path is None:
        out.append(t("skenario.enter_target", lang))
    else:
        growth = (t("skenario.s.growth", lang, rate=fmt_number(path.annual_growth * 100, 2, lang))
                  if path.annual_growth is not None else "")
        out.append(t("skenario.s.required", lang, target=fmt_number(path.target, decimals, lang),
                     end=path.end_year, baseline=fmt_number(path.baseline, decimals, lang), base=path.base_year,
                     change=fmt_signed(path.annual_change, decimals, lang), growth=growth))
    own = data["own_change"]
    out.append(t("skenario.s.own", lang, change=fmt_signed(own, decimals, lang),
                                              since=data["own_since"], base=data["base_year"]) if own is not None
               else t("skenario.s.own_none", lang))
    pace = data["peer_pace"]
    out.append(t("skenario.s.peer", lang, level=t(f"skenario.level.{data['peer_level']}", lang),
                 change=fmt_signed(pace, decimals, lang), n=data["peer_n"]) if pace is not None
               else t("skenario.s.peer_none", lang))
    del meta
    return out


def unreadable(target, lang: str):
    """A notice when the typed target is not a number in the page's language; None when it is (or is empty)."""
    try:
        parse_number(target, lang)
    except ValueError:
        return notice(t("skenario.unreadable", lang, value=str(target)), "warning")
    return None


def compute(ctx: AppContext, indicator: str, region: str, base_year, end_year, target, lang: str,
            access: Access = PUBLIC) -> tuple[object, list, object]:
    """(figure, sentence children, message): an impossible scenario gives an alert and no required path; an
    unreadable target a warning and no required path."""
    message = unreadable(target, lang)
    try:
        data = scenario.simulate(ctx.engine, indicator, region, number(base_year) and int(number(base_year)),
                                 int(number(end_year) or scenario.END_YEAR), target_of(target, lang), access)
    except ValueError as exc:
        meta = scenario.queries.indicator(ctx.engine, indicator, access)
        message = notice(refusal(exc, meta, lang), "danger")
        data = scenario.simulate(ctx.engine, indicator, region, number(base_year) and int(number(base_year)),
                                 int(number(end_year) or scenario.END_YEAR), None, access)
        data["peer_pace"] = None if data["end_year"] <= data["base_year"] else data["peer_pace"]
    except LookupError:
        return skenario.figure([], [], [], [], [], lang=lang), [], notice(t("skenario.no_data", lang))
    return figure_for(data, lang), [html.P(s) for s in sentences(data, lang)], message


def figure_for(data: dict, lang: str):
    f = data["forecast"]
    points = scenario.one_per_year([p.__dict__ for p in f.points]) if f is not None and f.ok else []
    path = data["path"]
    linear = list(path.linear.items()) if path is not None else []
    growth = list(path.geometric.items()) if path is not None and path.geometric is not None else []
    peer = list(scenario.peer_line(data).items()) if data["end_year"] > data["base_year"] else []
    return skenario.figure(list(data["history"].items()), points, linear, growth, peer, chart_unit(data["meta"], lang),
                           int(data["meta"].get("decimals") or 2), lang)


def plotted_frame(ctx: AppContext, indicator: str, region: str, base_year, end_year, target,
                  access: Access = PUBLIC, lang: str = "id") -> pd.DataFrame:
    data = scenario.simulate(ctx.engine, indicator, region, number(base_year) and int(number(base_year)),
                             int(number(end_year) or scenario.END_YEAR), target_of(target, lang), access)
    frame = scenario.plotted(data)
    frame.insert(0, "region", region)
    frame.insert(0, "indicator", indicator)
    return frame


def csv_text(ctx: AppContext, indicator: str, region: str, base_year, end_year, target,
             access: Access = PUBLIC, lang: str = "id") -> str:
    return safe_csv(plotted_frame(ctx, indicator, region, base_year, end_year, target, access, lang))


def chart_data(ctx: AppContext, base_year, end_year, target, state, *, access: Access = PUBLIC) -> ChartData:
    """The plotted data (history, forecast, required paths, peer pace); without the target when the target is
    refused, as the chart then shows."""
    if not state or not state.get("indicator"):
        raise ValueError("no indicator chosen")
    indicator, region, lang = state["indicator"], state["region"], normalise_lang(state.get("lang"))
    try:
        frame = plotted_frame(ctx, indicator, region, base_year, end_year, target, access, lang)
    except (ValueError, LookupError):
        frame = plotted_frame(ctx, indicator, region, base_year, end_year, None, access, lang)
    periods = tuple(str(y) for y in frame.loc[frame["series"] == "history", "year"]) if not frame.empty else ()
    return ChartData(frame, (indicator,), (region,), periods, f"skenario-{indicator}-{region}")


def drawn(ctx: AppContext, indicator: str, region: str, base_year: int | None, lang: str, access: Access):
    """What the page's callback draws for the layout's own controls (no target yet), in the layout itself."""
    try:
        return compute(ctx, indicator, region, base_year, scenario.END_YEAR, fmt_input(None, lang), lang, access)
    except (StoreError, NoDataError):
        return skenario.figure([], [], [], [], [], lang=lang), [], error_block(lang)


def page(ctx: AppContext):
    def layout(lang: str | None = None, wilayah: str | None = None, indikator: str | None = None,
               tema: str | None = None, **_query):
        access = request_access()
        try:
            state = resolve_state(ctx, lang, wilayah, indikator, None, access=access,
                                  default_indicator=DEFAULT_INDICATOR, theme=tema)
            lang = state.lang
            hist = scenario.history(ctx.engine, state.indicator, state.region, access)
            years = [int(y) for y in hist.index]
            every = indicator_options(ctx, lang, access)  # the what-if pickers are not narrowed by theme
            outcome, driver = skenario_whatif.default_pair(state.indicator, [o["value"] for o in every])
            here = url_search(None, state.region, state.indicator)
            page_layout = skenario.layout(
                regions=region_options(ctx, lang, access), indicators=indicator_options(ctx, lang, access, state.theme),
                region=state.region, indicator=state.indicator, years=years,
                base_year=years[-1] if years else None, end_year=scenario.END_YEAR, target=None, lang=lang,
                notices=[notice(n) for n in state.notices],
                can_save=saved_scenarios.may_save(access, state.region),
                login_href=login_url(f"/skenario{here}", lang if lang != "id" else None),
                outcome=outcome, driver=driver, whatif_indicators=every,
                first=drawn(ctx, state.indicator, state.region, years[-1] if years else None, lang, access))
            return with_theme_picker(page_layout, theme_picker(theme_options(ctx, lang, access), state.theme,
                                                               "skenario", lang))
        except (StoreError, NoDataError):
            return error_block(normalise_lang(lang or ctx.config.default_lang))

    return layout


def register(app: Dash, ctx: AppContext) -> None:
    register_navigation(app, ids.REGION, ids.INDICATOR, ids.STATE)
    skenario_saved.register(app, ctx)
    skenario_whatif.register(app, ctx)

    @app.callback(Output(ids.GRAPH, "figure"), Output(ids.SENTENCES, "children"), Output(ids.MESSAGE, "children"),
                  Input(ids.BASE_YEAR, "value"), Input(ids.END_YEAR, "value"), Input(ids.TARGET, "value"),
                  State(ids.STATE, "data"), prevent_initial_call=True)  # the layout holds the first drawing
    def update(base_year, end_year, target, state):
        if not state or not state.get("indicator"):
            raise PreventUpdate
        lang = normalise_lang(state.get("lang"))
        try:
            return compute(ctx, state["indicator"], state["region"], base_year, end_year, target, lang,
                           request_access())
        except (StoreError, NoDataError):
            return skenario.figure([], [], [], [], [], lang=lang), [], error_block(lang)

    @app.callback(Output(ids.TARGET, "value"), Output(ids.MESSAGE, "children", allow_duplicate=True),
                  Input(ids.PLAN, "n_clicks"), State(ids.END_YEAR, "value"), State(ids.STATE, "data"),
                  prevent_initial_call=True)
    def take_plan(n, end_year, state):
        if not n or not state:
            raise PreventUpdate
        lang, year = normalise_lang(state.get("lang")), int(number(end_year) or scenario.END_YEAR)
        try:
            value = scenario.plan_target(ctx.engine, state["indicator"], state["region"], year, request_access())
        except (StoreError, NoDataError):
            value = None
        if value is None:
            return no_update, notice(t("skenario.no_plan", lang, year=year), "info")
        return fmt_input(value, lang), None

    chart_export.register(app, ctx, "skenario", [State(ids.BASE_YEAR, "value"), State(ids.END_YEAR, "value"),
                                                 State(ids.TARGET, "value"), State(ids.STATE, "data")],
                          partial(chart_data, ctx))
