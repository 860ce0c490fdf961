"""The overview page's numbers (ringkasan): one language-free card per headline indicator for a region (latest
value, comparison, rank, parent, targets, sparkline, sources), and the cards as a table. The kiosk and the brief
judge the same things with the same services (models.summary, services.standing, services.targets).
No Dash, no text.
"""
from __future__ import annotations

import pandas as pd

from models.breaks import breaks_between, breaks_for, with_gaps
from models.summary import change_tone, clean_series, comparison_period, data_year, nearest_targets
from services import provenance, queries
from services.access import PUBLIC, Access
from services.context import AppContext
from services.series_breaks import BREAKS
from services.standing import peer_rank, peer_values, value_at
from services.targets import on_track

GOVERNANCE = "governance"
SPARK_POINTS = 12


def indicator_fields(ind: dict) -> dict:
    return {key: ind.get(key) for key in ("code", "name_id", "name_en", "short_id", "short_en", "unit", "unit_en", "decimals",
                                          "higher_is_better", "producer", "frequency", "theme", "confidence")}


def card_values(meta: dict, region: dict, series: pd.DataFrame, parent: dict | None,
                parent_series: pd.DataFrame, peers: pd.DataFrame | None, targets: pd.DataFrame,
                loaded=None) -> dict:
    """Everything one card shows, language-free: latest value, comparison, rank, parent, targets, sparkline.

    `series`/`parent_series`: period, value, status of the region and its parent; `peers`: region_code, value
    of every region at the same level (and parent) in the latest period. Missing data give None fields."""
    code, hib, decimals = meta["code"], meta.get("higher_is_better"), int(meta.get("decimals") or 0)
    card = {"indicator": indicator_fields(meta), "region": region, "parent": parent, "loaded": loaded, "period": None,
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
    card["rank"] = peer_rank(peers, region["code"], hib)
    if parent is not None:
        card["parent_value"] = value_at(parent_series, last["period"])
    if not targets.empty:
        card["targets"] = nearest_targets(targets, data_year(last["period"]))[
            ["year", "low", "high", "plan", "source"]].to_dict("records")
    spark = with_gaps(frame.tail(SPARK_POINTS), breaks)
    card["spark"] = [{"date": d.date().isoformat(), "value": None if pd.isna(v) else float(v)}
                     for d, v in zip(spark["date"], spark["value"], strict=True)]
    return card


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
        peers = peer_values(ctx.engine, code, latest["period"].iloc[-1], region, access) if not latest.empty else None
        mine = targets[targets["indicator_code"] == code]
        card = card_values(meta, region, series, parent, parents[parents["indicator_code"] == code], peers, mine,
                           loaded.get(code))
        if not mine.empty and card["value"] is not None:
            card["on_track"] = on_track(ctx.engine, code, region_code, access)
        cards.append(card)
    return with_sources(ctx, cards, access)


def with_sources(ctx: AppContext, cards: list[dict], access: Access) -> list[dict]:
    """Each card's `source` and `previous_source` (services.provenance: producer, title, vintage, quality) and
    `other_release` when the change compares figures of two releases."""
    figures = [(c["indicator"]["code"], c["region"]["code"], p) for c in cards
               for p in (c["period"], c["previous_period"]) if p]
    found = provenance.sources_of(ctx.engine, figures, access) if figures else {}
    for c in cards:
        key = (c["indicator"]["code"], c["region"]["code"])
        c["source"] = found.get((*key, c["period"]))
        c["previous_source"] = found.get((*key, c["previous_period"])) if c["previous_period"] else None
        c["other_release"] = not provenance.same_release(c["source"], c["previous_source"])
    return cards


def provenance_text(source: dict | None, *keys: str) -> str | None:
    return " — ".join(source[k] for k in keys if source and source.get(k)) or None


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
            "source": provenance_text(c.get("source"), "producer", "title"), "vintage": (c.get("source") or {}).get("vintage"),
            "vintage_kind": (c.get("source") or {}).get("vintage_kind"),
            "quality": (c.get("source") or {}).get("quality"), "other_release": c.get("other_release"),
        })
    return pd.DataFrame(rows)


def governance_cards(ctx: AppContext, region_code: str, access: Access = PUBLIC) -> list[dict]:
    """Cards of the governance indicators (Indeks SPBE, IKM, complaints, ...) the region has a value of."""
    return [c for c in overview_cards(ctx, region_code, access, GOVERNANCE) if c["value"] is not None]
