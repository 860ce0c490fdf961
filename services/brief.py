"""What an executive brief holds for one region, read from the store with the caller's Access: key cards,
the map's values, the three top priorities with their numbers and sources, and the date of the data.
Language-free (the PDF and XLSX writers translate). No Dash, no layout code.
"""
from __future__ import annotations

import gzip
import json

import numpy as np
import pandas as pd

from data.errors import NoDataError
from i18n import local_today
from models import brief as brief_model
from models.brief import Brief, KeyCard, MapData, PriorityLine, Selection
from models.periods import period_date
from models.summary import clean_series, data_year
from services import comparability, geometry, maps, overview, priorities, queries, villages
from services.access import PUBLIC, Access
from services.context import AppContext
from services.targets import pick_target

TOP = 3


def _meta(row: dict) -> dict:
    keys = ("code", "name_id", "name_en", "short_id", "short_en", "unit", "unit_en", "decimals",
            "higher_is_better", "producer")
    out = {k: row.get(k) for k in keys}
    out["decimals"] = int(out["decimals"] if out["decimals"] is not None and out["decimals"] == out["decimals"]
                          else 2)
    hib = out["higher_is_better"]
    out["higher_is_better"] = None if hib is None or (isinstance(hib, float) and np.isnan(hib)) else bool(hib)
    return out


TARGET_KEYS = ("year", "low", "high", "plan", "source")


def _target(targets: pd.DataFrame, period: str | None, track: dict | None = None) -> dict | None:
    """The target the verdict judges (services.targets.on_track's, so the brief states the same target as the web);
    without a verdict, the one services.targets.pick_target would choose for the data year."""
    if track:
        return {k: track.get(k) for k in TARGET_KEYS}
    if targets.empty or period is None:
        return None
    row = pick_target(targets.to_dict("records"), data_year(period))
    source = row.get("source")
    return {"year": int(row["year"]), "low": float(row["low"]), "high": float(row["high"]),
            "plan": str(row["plan"]), "source": None if source is None or pd.isna(source) else str(source)}


def key_card(card: dict, targets: pd.DataFrame) -> KeyCard:
    """The overview's card (services.overview.card_values: the same value, comparison, rank, parent figure and
    verdict as the web page) as the brief prints it."""
    meta, track = _meta(card["indicator"]), card.get("on_track")
    parent = {"code": card["parent"]["code"], "name": card["parent"]["name"]} if card.get("parent") else None
    if card["period"] is None:
        return KeyCard(meta, None, None, None, None, None, "neutral", None, None, parent=parent)
    return KeyCard(meta, card["period"], card["value"], card["status"], card["previous_period"], card["change"],
                   card["tone"], _target(targets, card["period"], track), track, card["rank"], parent,
                   card["parent_value"] if parent else None,
                   bool(card["previous_period"]) and bool(card.get("other_release")))


def key_cards(ctx: AppContext, region: dict, access: Access) -> list[KeyCard]:
    """One card per headline indicator visible to `access`, in display order: the overview's cards."""
    targets = queries.targets(ctx.engine, region_code=region["code"], access=access)
    return [key_card(card, targets[targets["indicator_code"] == card["indicator"]["code"]])
            for card in overview.overview_cards(ctx, region["code"], access)]


def priority_parent(region: dict) -> str:
    """Whose children are ranked: Indonesia's provinces, a province's kab/kota, a kab/kota's own province."""
    return region["code"] if region["level"] in ("country", "province") else str(region["parent_code"])


def top_priorities(ctx: AppContext, region: dict, access: Access, draws: int = 200,
                   selection: Selection | None = None) -> list[PriorityLine]:
    selection = selection or Selection()
    parent = priority_parent(region)
    metas = queries.indicators(ctx.engine, access).set_index("code")
    chosen = [c for c in selection.indicators if c in metas.index]
    if not chosen:
        return []
    inputs, result = priorities.priorities(ctx.engine, parent, chosen, dict(selection.weights), access,
                                           draws=draws)
    picked = (brief_model.top_children(result.ranking, result.heatmap, inputs.long, TOP)
              if parent == region["code"] else
              brief_model.top_indicators(result.heatmap, inputs.long, region["code"], TOP))
    lines = []
    for item in picked:
        meta = _meta({"code": item.indicator, **metas.loc[item.indicator].to_dict()})
        period = inputs.latest.get(item.indicator)
        history = clean_series(queries.series(ctx.engine, item.indicator, [item.region], access))
        now = history[history["period"] == period] if period else history.iloc[0:0]
        value = float(now["value"].iloc[0]) if not now.empty else None
        targets = queries.targets(ctx.engine, item.indicator, item.region, access)
        lines.append(PriorityLine(item.rank, {"code": item.region, "name": inputs.names.get(item.region, item.region)},
                                  meta, item.need, period, value, item.criteria, _target(targets, period), parent))
    return lines


def map_data(ctx: AppContext, region: dict, indicator: str, access: Access) -> MapData | None:
    """The children of the region (provinces for Indonesia; a kab/kota's province's kab/kota) in the latest
    period with values there."""
    level, parent = maps.peers_of(region)
    highlight = region["code"] if region["level"] == level else None  # a kab/kota among its province's
    try:
        meta = _meta(queries.indicator(ctx.engine, indicator, access))
    except NoDataError:
        return None
    kids = queries.regions(ctx.engine, level=level, parent=parent, access=access)[["code", "name"]]
    candidates = []
    for period in sorted(queries.periods(ctx.engine, indicator, level=level, access=access), reverse=True)[:6]:
        found = queries.values_for_period(ctx.engine, indicator, period, level=level, parent=parent, access=access)
        if len(found) >= max(1, len(kids) // 2):
            frame = kids.merge(found[["region_code", "value"]], how="left", left_on="code", right_on="region_code")
            frame["comparable"] = comparability.comparable_flags(indicator, frame["code"], period)
            candidates.append(MapData(meta, period, level, parent, frame[["code", "name", "value", "comparable"]],
                                      highlight))
    # the latest well-covered period in which every region stands for today's, else the latest well covered
    return next((m for m in candidates if m.frame["comparable"].all()), candidates[0] if candidates else None)


def build_brief(ctx: AppContext, code: str, access: Access = PUBLIC, draws: int = 200,
                selection: Selection | None = None) -> Brief:
    """Everything the brief shows; NoDataError for an unknown region (a region scope narrows only non-public
    values, never the brief).
    `selection`: the priority matrix's indicators and weights (the defaults when None)."""
    selection = selection or Selection()
    region = queries.region(ctx.engine, code)
    cards = key_cards(ctx, region, access)
    lines = top_priorities(ctx, region, access, draws, selection)
    headline = [c.indicator["code"] for c in cards if c.value is not None]
    order = ([lines[0].indicator["code"]] if lines else []) + headline
    shown = next((m for m in (map_data(ctx, region, c, access) for c in dict.fromkeys(order)) if m), None)
    periods = [c.period for c in cards if c.period]
    loaded = queries.last_loaded(ctx.engine, access)
    stamps = [loaded[c.indicator["code"]] for c in cards if c.period and loaded.get(c.indicator["code"])]
    notes = [] if lines else ["brief.no_priorities"]
    desa = village_counts(ctx, code, access)
    if desa is not None and desa.get("state") != "ready":
        notes.append(f"brief.villages.{desa['state']}")
    return Brief(region, cards, lines, shown, max(periods, key=period_date) if periods else None,
                 max(stamps) if stamps else None, local_today(), notes=notes, basis=selection,
                 basis_indicators=basis_metas(ctx, selection, access), villages=desa)


def village_counts(ctx: AppContext, code: str, access: Access) -> dict | None:
    """A kab/kota's desa by IDM status, as the overview counts them (services.villages); None elsewhere."""
    view = villages.village_overview(ctx, code, access)
    if view is None:
        return None
    found = {"state": view.state, "period": view.period, "statuses": view.statuses, "desa": view.desa,
             "kelurahan": view.kelurahan, "unscored": view.unscored, "map": None}
    if view.state == "ready" and view.period:
        found["map"] = village_map(ctx, code, view.period, access)
        found["rows"] = village_rows(ctx, code, view.period, access)
    return found


def village_rows(ctx: AppContext, code: str, period: str, access: Access) -> list[dict]:
    """Every desa/kelurahan of a kab/kota in code order with its kecamatan and its IDM, IKS, IKE, IKL and published
    status (category number) of `period`, as stored; None where the store holds none (a kelurahan, an unscored desa)."""
    regions = queries.regions(ctx.engine, level="village", parent=code)
    districts = queries.regions(ctx.engine, level="district", parent=code)
    district_names = dict(zip(districts["code"], districts["name"], strict=True))
    values = villages.village_values(ctx.engine, code, access)
    values = values[values["period"] == period]
    found = {(c, i): v for c, i, v in zip(values["region_code"], values["indicator_code"], values["value"],
                                          strict=True)}
    keys = (villages.INDEX, *villages.DIMENSIONS, villages.STATUS)
    return [{"code": c, "name": n, "kind": k, "district": district_names.get(p, p),
             **{key: found.get((c, key)) for key in keys}}
            for c, n, k, p in zip(regions["code"], regions["name"], regions["kind"], regions["parent_code"],
                                  strict=True)]


def village_map(ctx: AppContext, code: str, period: str, access: Access) -> dict:
    """The desa/kelurahan with a shape and each one's published IDM status (None: no status; `kelurahan`: the
    codes the IDM does not score), for the brief's village map."""
    drawn = geometry.codes_drawn(geometry.name_for("village", code))
    regions = queries.regions(ctx.engine, level="village", parent=code)
    regions = regions[regions["code"].isin(drawn)]
    values = villages.village_values(ctx.engine, code, access)
    status = values[(values["indicator_code"] == villages.STATUS) & (values["period"] == period)]
    found = dict(zip(status["region_code"], status["value"].astype(int), strict=True))
    return {"codes": regions["code"].tolist(), "names": regions["name"].tolist(),
            "status": [found.get(c) for c in regions["code"]],
            "kelurahan": regions.loc[regions["kind"] == villages.KELURAHAN, "code"].tolist()}


def village_shapes(brief: Brief) -> dict | None:
    """The geometry of the brief's village map; None without one."""
    if not brief.villages or not brief.villages.get("map"):
        return None
    return json.loads(gzip.decompress(geometry.gzipped(geometry.name_for("village", brief.region["code"]))))


def basis_metas(ctx: AppContext, selection: Selection, access: Access) -> list[dict]:
    metas = queries.indicators(ctx.engine, access).set_index("code")
    return [_meta({"code": c, **metas.loc[c].to_dict()}) for c in selection.indicators if c in metas.index]


def parent_name(ctx: AppContext, brief: Brief) -> str | None:
    """The name the brief's map caption gives the region around it (the province itself for a province)."""
    code = brief.map.parent if brief.map else brief.region.get("parent_code")
    if brief.region["level"] == "province":
        return brief.region["name"]
    try:
        return queries.region(ctx.engine, code)["name"] if code and code != "ID" else None
    except NoDataError:
        return None


def map_shapes(data: MapData | None) -> dict | None:
    """The screen geometry (GeoJSON) the brief's map draws its regions on; None without a map."""
    if data is None:
        return None
    name = geometry.name_for(data.level, data.parent)
    return json.loads(gzip.decompress(geometry.gzipped(name)))
