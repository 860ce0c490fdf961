"""Provenance of a figure: for an (indicator, region, period), or a frame of them, the source (producer, title),
the period, the vintage (release or capture date the seed notes record, with its kind: data.provenance
VINTAGE_KINDS), the quality flag (None: an official
release) and whether the value stands for today's region (services.comparability.comparable).

Bundled values take their source and vintage from the seed's provenance rules (data/provenance.py); uploaded
values from their import batch (the file loaded, on the date it was loaded) and the indicator's producer. The
quality flag is the one stored on each observation. No Dash here: pages call these and show the result.
"""
from __future__ import annotations

import os
from dataclasses import asdict, dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from data.provenance import bundle_of, rule_for
from data.schema import ImportBatch, Indicator, Observation, Region
from services.access import PUBLIC, Access
from services.comparability import comparable
from services.queries import read_frame, tier_filter, wraps_store_errors

COLUMNS = ["indicator_code", "region_code", "period", "producer", "title", "vintage", "vintage_kind", "quality",
           "status", "comparable"]


@dataclass(frozen=True)
class Provenance:
    indicator_code: str
    region_code: str
    period: str
    producer: str | None
    title: str | None
    vintage: str | None  # ISO date or year
    vintage_kind: str | None  # data.provenance.VINTAGE_KINDS
    quality: str | None
    status: str
    comparable: bool

    def as_dict(self) -> dict:
        return asdict(self)


def _stored(engine: Engine, keys: pd.DataFrame, access: Access) -> pd.DataFrame:
    """The current rows of the keys (indicator visible to the caller), with their batch and the region level."""
    stmt = (select(Observation.indicator_code, Observation.region_code, Observation.period, Observation.status,
                   Observation.quality, Region.level, ImportBatch.kind, ImportBatch.file_name,
                   ImportBatch.created_at, Indicator.producer, Indicator.name_id)
            .join(Region, Region.code == Observation.region_code)
            .join(Indicator, Indicator.code == Observation.indicator_code)
            .outerjoin(ImportBatch, ImportBatch.id == Observation.batch_id)
            .where(Observation.is_current, tier_filter(access),
                   Observation.indicator_code.in_(sorted(set(keys["indicator_code"])))))
    periods = sorted(set(keys["period"]))
    if len(periods) <= 200:
        stmt = stmt.where(Observation.period.in_(periods))
    regions = sorted(set(keys["region_code"]))
    if len(regions) <= 200:
        stmt = stmt.where(Observation.region_code.in_(regions))
    elif prefix := shared_prefix(regions):
        # one map's desa (8,563 of Jawa Tengah): read that province's rows, not the 75,000 of Indonesia (a second
        # of the server's CPU, taken from the browser drawing the map, while the page's citation was made)
        # (a range, not LIKE: an index can serve it)
        stmt = stmt.where(Observation.region_code >= prefix,
                          Observation.region_code < prefix[:-1] + chr(ord(prefix[-1]) + 1))
    return read_frame(engine, stmt)


def shared_prefix(codes: list[str]) -> str:
    """The longest start every code shares ('33' for the desa of Jawa Tengah); '' when none."""
    return os.path.commonprefix(codes) if codes else ""


def _source(row) -> tuple[str | None, str | None, str | None, str | None]:
    """(producer, title, vintage, vintage kind) of one stored row."""
    if row.kind == "seed":
        rule = rule_for(bundle_of(row.file_name) or "", row.indicator_code, row.level, row.period)
        if rule is not None:
            return rule.producer, rule.title, rule.vintage, rule.vintage_kind
        return row.producer, f"{row.name_id} (lihat/see data/seed/{bundle_of(row.file_name)}/SOURCE.md)", None, None
    if not hasattr(row.created_at, "date"):
        return row.producer, row.file_name, None, None
    return row.producer, row.file_name, row.created_at.date().isoformat(), "loaded"


@wraps_store_errors
def provenance_frame(engine: Engine, keys: pd.DataFrame, access: Access = PUBLIC) -> pd.DataFrame:
    """One row per key of `keys` (columns indicator_code, region_code, period) that has a current value the
    caller may see, with COLUMNS; keys without a value are left out (missing stays missing)."""
    if keys.empty:
        return pd.DataFrame(columns=COLUMNS)
    wanted = keys[["indicator_code", "region_code", "period"]].drop_duplicates()
    stored = _stored(engine, wanted, access).merge(wanted, on=["indicator_code", "region_code", "period"])
    if stored.empty:
        return pd.DataFrame(columns=COLUMNS)
    sources = [_source(r) for r in stored.itertuples(index=False)]
    out = stored.assign(producer=[s[0] for s in sources], title=[s[1] for s in sources],
                        vintage=[s[2] for s in sources], vintage_kind=[s[3] for s in sources],
                        quality=stored["quality"].astype(object).where(stored["quality"].notna(), None),
                        comparable=[comparable(i, r, p) for i, r, p in
                                    zip(stored["indicator_code"], stored["region_code"], stored["period"], strict=True)])
    return out[COLUMNS].reset_index(drop=True)


def provenance(engine: Engine, indicator: str, region: str, period: str, access: Access = PUBLIC) -> Provenance | None:
    """The provenance of one figure; None when the store has no current value for it (or the caller may not see
    it)."""
    frame = provenance_frame(engine, pd.DataFrame([{"indicator_code": indicator, "region_code": region,
                                                   "period": period}]), access)
    if frame.empty:
        return None
    row = frame.iloc[0].to_dict()
    return Provenance(**{**row, "comparable": bool(row["comparable"])})


def same_release(first: dict | None, second: dict | None) -> bool:
    """Whether two figures (provenance rows) come from one release: the same source table and vintage. A
    comparison of figures from two releases says so (a later release may have revised the earlier year)."""
    if not first or not second:
        return True
    keys = ("title", "vintage", "vintage_kind")
    return tuple(first.get(k) for k in keys) == tuple(second.get(k) for k in keys)


def sources_of(engine: Engine, figures: list[tuple[str, str, str]], access: Access = PUBLIC) -> dict[tuple, dict]:
    """{(indicator, region, period): provenance row as a dict} for several figures in one read."""
    keys = pd.DataFrame(figures, columns=["indicator_code", "region_code", "period"])
    frame = provenance_frame(engine, keys, access)
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")  # no NaN: a missing vintage is None
    return {(r["indicator_code"], r["region_code"], r["period"]): r for r in rows}
