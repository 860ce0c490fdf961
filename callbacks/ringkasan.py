"""Overview page (/): builds one card per headline indicator for the region in the URL, and its CSV.

The region picker writes `?wilayah=` into the URL; the page then re-renders from the URL, so every view is a link.
"""
from __future__ import annotations

from functools import partial
from urllib.parse import parse_qs, urlencode

import pandas as pd
from dash import Dash, Input, Output, State
from dash.exceptions import PreventUpdate

from callbacks import chart_export
from callbacks.chart_export import ChartData
from dashboard import queries
from dashboard.access import PUBLIC, Access
from dashboard.auth import current_access
from dashboard.context import AppContext
from dashboard.i18n import normalise_lang
from dashboard.options import region_options, resolve_state, theme_options
from dashboard.series_breaks import SERIES_BREAKS
from dashboard.targets import on_track
from data.errors import StoreError
from layouts import feedback as feedback_view
from layouts import ringkasan
from layouts.common import THEME_PICKER, confidence_badge, error_block, notice, theme_picker, with_theme_picker
from layouts.ringkasan import ids
from layouts.shell import ids as shell_ids
from models.breaks import breaks_between, breaks_for, from_records, with_gaps
from models.summary import (
    change_tone,
    clean_series,
    comparison_period,
    data_year,
    nearest_targets,
    rank_among,
)

BREAKS = from_records(SERIES_BREAKS)
GOVERNANCE = "governance"
SPARK_POINTS = 12


def _meta(ind: dict) -> dict:
    return {key: ind.get(key) for key in ("code", "name_id", "name_en", "short_id", "short_en", "unit", "unit_en", "decimals",
                                          "higher_is_better", "producer", "frequency", "theme", "confidence")}


def card_values(meta: dict, region: dict, series: pd.DataFrame, parent: dict | None,
                parent_series: pd.DataFrame, peers: pd.DataFrame | None, targets: pd.DataFrame,
                loaded=None) -> dict:
    """Everything one card shows, language-free: latest value, comparison, rank, parent, targets, sparkline.

    `series`/`parent_series`: period, value, status of the region and its parent; `peers`: region_code, value
    of every region at the same level (and parent) in the latest period. Missing data give None fields."""
    code, hib, decimals = meta["code"], meta.get("higher_is_better"), int(meta.get("decimals") or 0)
    card = {"indicator": _meta(meta), "region": region, "parent": parent, "loaded": loaded, "period": None,
            "value": None, "status": None, "previous_period": None, "previous_value": None, "change": None,
            "tone": "neutral", "break_note": None, "rank": None, "parent_value": None, "targets": [],
            "spark": [], "badges": [], "on_track": None}
    frame = clean_series(series)
    if frame.empty:
        return card
    last = frame.iloc[-1]
    breaks = breaks_for(BREAKS, code, region["code"])
    card.update(period=last["period"], value=float(last["value"]), status=last.get("status") or "final")
    previous = comparison_period(list(frame["period"]), last["period"], breaks)
    if previous is not None:
        prev_value = float(frame.loc[frame["period"] == previous, "value"].iloc[0])
        delta = float(last["value"]) - prev_value
        card.update(previous_period=previous, previous_value=prev_value, change=delta,
                    tone=change_tone(delta, hib, decimals))
    elif len(frame) > 1:
        crossed = breaks_between(frame["period"].iloc[-2], last["period"], breaks)
        card["break_note"] = {"id": crossed[0].note_id, "en": crossed[0].note_en} if crossed else None
    if peers is not None and not peers.empty:
        rank = rank_among(dict(zip(peers["region_code"], peers["value"], strict=True)), region["code"], hib)
        card["rank"] = None if rank is None else {"position": rank.position, "of": rank.of}
    if parent is not None and not parent_series.empty:
        same = parent_series[parent_series["period"] == last["period"]].dropna(subset=["value"])
        card["parent_value"] = float(same["value"].iloc[0]) if not same.empty else None
    if not targets.empty:
        card["targets"] = nearest_targets(targets, data_year(last["period"]))[
            ["year", "low", "high", "plan", "source"]].to_dict("records")
    spark = with_gaps(frame.tail(SPARK_POINTS), breaks)
    card["spark"] = [{"date": d.date().isoformat(), "value": None if pd.isna(v) else float(v)}
                     for d, v in zip(spark["date"], spark["value"], strict=True)]
    return card


def _peers(ctx: AppContext, code: str, period: str, region: dict, access: Access) -> pd.DataFrame | None:
    if region["level"] == "country":
        return None
    parent = region["parent_code"] if region["level"] == "regency" else None
    return queries.values_for_period(ctx.engine, code, period, level=region["level"], parent=parent, access=access)


def overview_cards(ctx: AppContext, region_code: str, access: Access = PUBLIC, theme: str | None = None) -> list[dict]:
    """One card dict per headline indicator visible to `access`, for one region, in display order; with a
    `theme`, one per indicator of that theme (headline or not)."""
    region = queries.region(ctx.engine, region_code)
    parent = queries.region(ctx.engine, region["parent_code"]) if region["parent_code"] else None
    metas = queries.indicators(ctx.engine, access)
    metas = metas[metas["theme"] == theme] if theme else metas[metas["headline"].astype(bool)]
    own = queries.region_values(ctx.engine, region_code, access)
    parents = queries.region_values(ctx.engine, parent["code"], access) if parent else own.iloc[0:0]
    targets = queries.targets(ctx.engine, region_code=region_code, access=access)
    loaded = queries.last_loaded(ctx.engine, access)
    cards = []
    for meta in metas.to_dict("records"):
        code = meta["code"]
        series = own[own["indicator_code"] == code]
        latest = clean_series(series)
        peers = _peers(ctx, code, latest["period"].iloc[-1], region, access) if not latest.empty else None
        mine = targets[targets["indicator_code"] == code]
        card = card_values(meta, region, series, parent, parents[parents["indicator_code"] == code], peers, mine,
                           loaded.get(code))
        if not mine.empty and card["value"] is not None:
            card["on_track"] = on_track(ctx.engine, code, region_code, access)
        cards.append(card)
    return cards


def cards_frame(cards: list[dict]) -> pd.DataFrame:
    """The card values as a table (one row per card) for the CSV download."""
    rows = []
    for c in cards:
        target = c.get("on_track") or (c["targets"][0] if c["targets"] else {})
        rows.append({
            "region": c["region"]["code"], "region_name": c["region"]["name"], "indicator": c["indicator"]["code"],
            "indicator_name": c["indicator"]["name_id"], "unit": c["indicator"]["unit"], "period": c["period"],
            "value": c["value"], "status": c["status"], "previous_period": c["previous_period"],
            "previous_value": c["previous_value"], "change": c["change"],
            "rank": c["rank"]["position"] if c["rank"] else None, "peers_with_value": c["rank"]["of"] if c["rank"] else None,
            "parent": c["parent"]["code"] if c["parent"] else None, "parent_value": c["parent_value"],
            "target_year": target.get("year"), "target_low": target.get("low"), "target_high": target.get("high"),
            "target_plan": target.get("plan"), "target_status": target.get("status"),
            "target_probability": target.get("probability"),
        })
    return pd.DataFrame(rows)


def governance_cards(ctx: AppContext, region_code: str, access: Access = PUBLIC) -> list[dict]:
    """Cards of the governance indicators (Indeks SPBE, IKM, complaints, ...) the region has a value of."""
    return [c for c in overview_cards(ctx, region_code, access, GOVERNANCE) if c["value"] is not None]


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
                     f"ringkasan-{code}" + (f"-{theme}" if theme else ""))


def with_region(search: str | None, code: str) -> str:
    params = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}
    params["wilayah"] = code
    return "?" + urlencode(params)


def page(ctx: AppContext):
    def layout(lang: str | None = None, wilayah: str | None = None, tema: str | None = None, **_query):
        try:
            access = current_access()
            state = resolve_state(ctx, lang=lang, wilayah=wilayah, default_indicator=None, access=access, tema=tema)
            cards = overview_cards(ctx, state.wilayah, access, state.tema)
            governance = governance_cards(ctx, state.wilayah, access) if state.tema is None else []
            options = region_options(ctx, state.lang, access)
            themes = theme_options(ctx, state.lang, access)
        except StoreError:
            return error_block(normalise_lang(lang or ctx.config.default_lang))
        region = cards[0]["region"] if cards else queries.region(ctx.engine, state.wilayah)
        for card in cards + governance:
            card["badges"].append(confidence_badge(card["indicator"].get("confidence"), state.lang))
            card["feedback"] = feedback_view.button(card["indicator"]["code"], card["region"]["code"],
                                                    card["period"], state.lang)
        page_layout = ringkasan.layout(cards, region, options, state.lang, [notice(n) for n in state.notices],
                                       governance=governance)
        return with_theme_picker(page_layout, theme_picker(themes, state.tema, "ringkasan", state.lang))

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
