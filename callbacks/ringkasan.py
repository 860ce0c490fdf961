"""Overview page (/): builds one card per headline indicator for the region in the URL, and its CSV.

The region picker writes `?wilayah=` into the URL; the page then re-renders from the URL, so every view is a link.
"""
from __future__ import annotations

from dataclasses import asdict
from functools import partial
from urllib.parse import parse_qs, urlencode

import pandas as pd
from dash import Dash, Input, Output, State
from dash.exceptions import PreventUpdate

from callbacks import chart_export
from callbacks.chart_export import ChartData
from callbacks.ringkasan_isu import strategic_issues, top_three
from i18n import normalise_lang, urls
from layouts import feedback as feedback_view
from layouts import ringkasan
from layouts.common import THEME_PICKER, confidence_badge, error_block, notice, theme_picker, with_theme_picker
from layouts.provenance import quality_badge
from layouts.ringkasan import ids
from layouts.shell import ids as shell_ids
from services import queries, village_place
from services.access import PUBLIC, Access
from services.auth import current_access
from services.context import AppContext
from services.errors import StoreError
from services.options import region_options, resolve_state, theme_options
from services.overview import cards_frame, governance_cards, overview_cards
from services.villages import village_overview


def chart_data(ctx: AppContext, code: str | None, theme: str | None, *, access: Access = PUBLIC) -> ChartData:
    """Every card on screen (the theme's, or the headline ones plus governance) with its sparkline points."""
    if not code:
        raise ValueError("no region chosen")
    cards = overview_cards(ctx, code, access, theme or None)
    cards += governance_cards(ctx, code, access) if not theme else []
    spark = pd.DataFrame([{"row": "sparkline", "region": c["region"]["code"], "indicator": c["indicator"]["code"],
                           "date": p["date"], "value": p["value"]} for c in cards for p in c["spark"]
                          if p["value"] is not None])
    frame = pd.concat([cards_frame(cards).assign(row="card"), spark], ignore_index=True) if not spark.empty \
        else cards_frame(cards).assign(row="card")
    frame = frame[["row", *[c for c in frame.columns if c != "row"]]]
    periods = tuple(c["period"] for c in cards if c["period"])
    return ChartData(frame, tuple(c["indicator"]["code"] for c in cards), (code,), periods,
                     f"ringkasan-{code}" + (f"-{theme}" if theme else ""),
                     figures=tuple((c["indicator"]["code"], c["period"]) for c in cards if c["period"]))


def with_region(search: str | None, code: str) -> str:
    params = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}
    params[urls.keys.REGION] = code
    return "?" + urlencode(params)


def page(ctx: AppContext):
    def layout(lang: str | None = None, wilayah: str | None = None, tema: str | None = None, **_query):
        try:
            access = current_access()
            state = resolve_state(ctx, lang=lang, region=wilayah, default_indicator=None, access=access, theme=tema,
                                  villages=True)
            cards = overview_cards(ctx, state.region, access, state.theme)
            governance = governance_cards(ctx, state.region, access) if state.theme is None else []
            options = region_options(ctx, state.lang, access)
            themes = theme_options(ctx, state.lang, access)
            villages = village_overview(ctx, state.region, access) if state.theme is None or state.place else None
            place = village_place.profile(ctx, state.place, access) if state.place and villages else None
        except StoreError:
            return error_block(normalise_lang(lang or ctx.config.default_lang))
        region = cards[0]["region"] if cards else queries.region(ctx.engine, state.region)
        for card in cards + governance:
            series_flag = card["indicator"].get("confidence")
            series_flag = series_flag if isinstance(series_flag, str) else None  # NaN from the frame: no flag
            card["badges"].append(confidence_badge(series_flag, state.lang))
            if not series_flag:  # a flag of this value only (stunting 2024 quoted in the news)
                card["badges"].append(quality_badge((card.get("source") or {}).get("quality"), state.lang))
            card["feedback"] = feedback_view.button(card["indicator"]["code"], card["region"]["code"],
                                                    card["period"], state.lang)
        page_layout = ringkasan.layout(cards, region, options, state.lang, [notice(n) for n in state.notices],
                                       governance=governance, issues=strategic_issues(cards),
                                       top=top_three(ctx, region, access),
                                       villages={**asdict(villages), "place": asdict(place) if place else None}
                                       if villages else None)
        return with_theme_picker(page_layout, theme_picker(themes, state.theme, "ringkasan", state.lang))

    return layout


def register(app: Dash, ctx: AppContext) -> None:
    @app.callback(Output(shell_ids.URL, "search", allow_duplicate=True), Input(ids.REGION, "value"),
                  State(shell_ids.URL, "search"), State(ids.CURRENT, "data"), prevent_initial_call=True)
    def pick_region(code, search, current):
        if not code or code == current:
            raise PreventUpdate
        return with_region(search, code)

    chart_export.register(app, ctx, "ringkasan", [State(ids.CURRENT, "data"),
                                                  State({"type": THEME_PICKER, "index": "ringkasan"}, "value")],
                          partial(chart_data, ctx))
