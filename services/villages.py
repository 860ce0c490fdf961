"""The villages of one kab/kota for its overview (the bupati's view): desa by IDM status, kecamatan ranked by mean
IDM, the desa with the lowest IDM and their weakest dimension, kelurahan counted apart (the IDM scores desa only).

Counts are of the published status (indicator status_idm) as stored, never re-derived from the IDM bands; a change
is given only where the store holds an earlier period. No Dash, no text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select

from data.schema import Observation, Region
from services import queries, village_seed
from services.access import PUBLIC, Access
from services.context import AppContext

INDEX = "idm"
STATUS = "status_idm"
#: The IDM's three dimensions, in the order Kemendes lists them; a tie for the weakest names every tied one.
DIMENSIONS = ("iks", "ike", "ikl")
LOWEST = 10
DESA, KELURAHAN = "desa", "kelurahan"


@dataclass(frozen=True)
class VillageOverview:
    region: dict
    #: "ready" (in the store), "loading" / "failed" (the background load), "off" (not loaded here)
    state: str
    period: str | None = None
    previous_period: str | None = None
    #: one per official status, best first: value, label_id, label_en, count, change (None without a previous period)
    statuses: list[dict] = field(default_factory=list)
    desa: int = 0
    kelurahan: int = 0
    unscored: int = 0  # desa in the code list without an IDM value in `period`
    #: kecamatan with at least one scored desa, highest mean IDM first: rank, code, name, idm, desa
    districts: list[dict] = field(default_factory=list)
    kelurahan_only: int = 0  # kecamatan of kelurahan only (no mean IDM: not ranked, not missing)
    #: the LOWEST desa by IDM: code, name, district, idm, status, weakest (dimension codes), weakest_value
    lowest: list[dict] = field(default_factory=list)

    @property
    def scored(self) -> int:
        return sum(s["count"] for s in self.statuses)


def applies(region: dict) -> bool:
    """The villages overview is for a kab/kota (level regency)."""
    return region.get("level") == "regency"


@queries.cached_query
@queries.wraps_store_errors
def village_values(engine, parent: str, access: Access = PUBLIC) -> pd.DataFrame:
    """IDM, its dimensions and status of every desa inside `parent`, all periods (indicator_code, region_code,
    period, value)."""
    stmt = (select(Observation.indicator_code, Observation.region_code, Observation.period, Observation.value)
            .join(Region, Region.code == Observation.region_code)
            .where(Observation.indicator_code.in_((INDEX, STATUS, *DIMENSIONS)), Observation.is_current,
                   Region.level == "village", queries.under(Region.code, Region.parent_code, parent, "village"),
                   queries.visible_indicator(access)))
    scope = queries.scope_filter(access, Observation.region_code, Observation.indicator_code)
    return queries.read_frame(engine, stmt if scope is None else stmt.where(scope))


def village_overview(ctx: AppContext, region_code: str, access: Access = PUBLIC) -> VillageOverview | None:
    """The villages of a kab/kota; None for any other region."""
    region = queries.region(ctx.engine, region_code)
    if not applies(region):
        return None
    state = village_seed.state(ctx.engine, ctx.config.auto_seed and ctx.config.villages)
    if state != "ready":
        return VillageOverview(region, state)
    return assemble(region, queries.regions(ctx.engine, level="village", parent=region_code),
                    queries.regions(ctx.engine, level="district", parent=region_code),
                    village_values(ctx.engine, region_code, access), queries.categories(ctx.engine, STATUS))


def assemble(region: dict, villages: pd.DataFrame, districts: pd.DataFrame, values: pd.DataFrame,
             categories: pd.DataFrame) -> VillageOverview:
    kinds = villages["kind"].fillna("")
    desa = villages[kinds == DESA]
    periods = sorted(values.loc[values["indicator_code"] == STATUS, "period"].unique())
    if not periods:
        return VillageOverview(region, "ready", desa=len(desa), kelurahan=int((kinds == KELURAHAN).sum()),
                               unscored=len(desa), kelurahan_only=kelurahan_only(villages))
    period = periods[-1]
    previous = periods[-2] if len(periods) > 1 else None
    wide = values[values["period"] == period].pivot(index="region_code", columns="indicator_code", values="value")
    names = dict(zip(villages["code"], villages["name"], strict=True))
    district_names = dict(zip(districts["code"], districts["name"], strict=True))
    return VillageOverview(
        region, "ready", period, previous, status_counts(values, categories, period, previous), len(desa),
        int((kinds == KELURAHAN).sum()), int((~desa["code"].isin(wide.index[wide[INDEX].notna()])).sum())
        if INDEX in wide else len(desa), district_ranking(wide, district_names), kelurahan_only(villages),
        lowest_desa(wide, names, district_names))


def status_counts(values: pd.DataFrame, categories: pd.DataFrame, period: str, previous: str | None) -> list[dict]:
    status = values[values["indicator_code"] == STATUS]
    now = status.loc[status["period"] == period, "value"].astype(int).value_counts()
    before = status.loc[status["period"] == previous, "value"].astype(int).value_counts() if previous else None
    rows = []
    for value, label_id, label_en in zip(categories["value"], categories["label_id"], categories["label_en"],
                                         strict=True):
        count = int(now.get(int(value), 0))
        change = None if before is None else count - int(before.get(int(value), 0))
        rows.append({"value": int(value), "label_id": label_id, "label_en": label_en, "count": count,
                     "change": change})
    return rows


def district_ranking(wide: pd.DataFrame, names: dict[str, str]) -> list[dict]:
    if INDEX not in wide:
        return []
    scored = wide[INDEX].dropna()
    groups = scored.groupby(scored.index.str[:6])
    frame = pd.DataFrame({"idm": groups.mean(), "desa": groups.size()}).sort_values(
        ["idm"], ascending=False, kind="stable")
    return [{"rank": i, "code": code, "name": names.get(code, code), "idm": float(row.idm), "desa": int(row.desa)}
            for i, (code, row) in enumerate(frame.iterrows(), start=1)]


def kelurahan_only(villages: pd.DataFrame) -> int:
    if villages.empty:
        return 0
    only = villages.groupby("parent_code")["kind"].agg(lambda k: bool((k == KELURAHAN).all()))
    return int(only.sum())


def lowest_desa(wide: pd.DataFrame, names: dict[str, str], district_names: dict[str, str]) -> list[dict]:
    if INDEX not in wide:
        return []
    scored = wide[wide[INDEX].notna()].sort_values(INDEX, kind="stable").head(LOWEST)
    rows = []
    for code, row in scored.iterrows():
        dims = {d: float(row[d]) for d in DIMENSIONS if d in row and pd.notna(row[d])}
        low = min(dims.values()) if dims else None
        rows.append({"code": code, "name": names.get(code, code), "district": district_names.get(code[:6], code[:6]),
                     "idm": float(row[INDEX]),
                     "status": int(row[STATUS]) if STATUS in row and pd.notna(row[STATUS]) else None,
                     "weakest": [d for d, v in dims.items() if v == low], "weakest_value": low})
    return rows
