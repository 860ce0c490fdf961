"""Loading the bundled seed (data/seed/) into an empty store, translating BPS codes through the code map.

Idempotent: a store that already holds this seed version is left unchanged.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, insert, select, update
from sqlalchemy.engine import Engine

from data import ingest, provenance, writer
from data.errors import ValidationError
from data.ingest import ImportOptions
from data.schema import ImportBatch, Indicator, Region, RegionCodeMap, Target, utcnow
from data.store import get_info, set_info, store_lock, upgrade

SEED = Path(__file__).resolve().parent / "seed"
#: The observation bundles (folders of data/seed/ with indicators.csv, observations.csv and SOURCE.md), in load order:
#: the first bundle's provinces and kab/kota, then the kab/kota additions (none of whose keys is in the first).
BUNDLES = ("indicators", "indicators_kabkota")
log = logging.getLogger(__name__)


@dataclass
class SeedReport:
    loaded: dict[str, int] = field(default_factory=dict)
    untranslated: list[tuple[str, str, str]] = field(default_factory=list)  # indicator, code, period
    skipped: bool = False


def seed_version() -> str:
    """A hash of every seed file, so a changed seed can be told from the one loaded."""
    digest = hashlib.sha256()
    for path in sorted(SEED.rglob("*.csv")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def read_csv(relative: str) -> pd.DataFrame:
    return pd.read_csv(SEED / relative, dtype=str, keep_default_na=False, encoding="utf-8")


def load_regions(conn: Connection) -> int:
    frame = read_csv("boundaries/regions.csv")
    order = {"country": 0, "province": 1, "regency": 2}
    frame = frame.assign(_o=frame["level"].map(order)).sort_values(["_o", "code"])
    rows = [{"code": r.code, "name": r.name, "level": r.level, "parent_code": r.parent_code or None}
            for r in frame.itertuples(index=False)]
    conn.execute(insert(Region), rows)
    return len(rows)


def load_code_map(conn: Connection) -> int:
    """BPS codes (2020 kab/kota, current provinces) and the 2020 Kemendagri codes onto current codes."""
    frame = read_csv("regions/crosswalk.csv")
    rows = [{"system": "bps", "code": "ID", "region_code": "ID", "source_name": "INDONESIA", "vintage": "2020"}]
    for r in frame.itertuples(index=False):
        rows.append({"system": "bps", "code": r.bps_code, "region_code": r.kemendagri_code,
                     "source_name": r.bps_name, "vintage": "2020"})
        if r.kemendagri_code_2020:
            rows.append({"system": "kemendagri_2020", "code": r.kemendagri_code_2020,
                         "region_code": r.kemendagri_code, "source_name": r.name, "vintage": "2020"})
    conn.execute(insert(RegionCodeMap), rows)
    return len(rows)


def _flag(text: str) -> bool | None:
    text = text.strip().lower()
    return {"true": True, "false": False}.get(text)


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


def _bundle_indicators() -> pd.DataFrame:
    """Every bundle's indicators.csv (no code is defined twice) with the bundles holding rows of each code."""
    frames = [read_csv(f"{bundle}/indicators.csv") for bundle in BUNDLES]
    base = pd.concat(frames, ignore_index=True)
    if base["code"].duplicated().any():
        raise ValueError(f"seed: indicator defined twice: {sorted(base.loc[base['code'].duplicated(), 'code'])}")
    holders: dict[str, list[str]] = {}
    for bundle in BUNDLES:
        for code in read_csv(f"{bundle}/observations.csv")["indicator_code"].unique():
            holders.setdefault(code, []).append(bundle)
    return base.assign(bundles=[holders.get(code, [BUNDLES[0]]) for code in base["code"]])


def _with_note(text: str, note: str) -> str:
    return f"{text} {note}".strip() if note else text


def indicator_rows() -> list[dict]:
    """The Indicator rows of every bundled code: the bundles' indicators.csv with indicator_meta.csv."""
    base = _bundle_indicators()
    meta = read_csv("indicator_meta.csv").set_index("code")
    rows = []
    for r in base.itertuples(index=False):
        m = meta.loc[r.code]
        sources = ", ".join(f"data/seed/{bundle}/SOURCE.md" for bundle in r.bundles)
        rows.append({
            "code": r.code, "name_id": r.name_id, "name_en": r.name_en,
            "short_id": m.short_id, "short_en": m.short_en, "unit": r.unit, "unit_en": m.unit_en, "decimals": int(m.decimals),
            "higher_is_better": _flag(r.higher_is_better), "definition_id": _with_note(r.definition_id, m.kabkota_id),
            "definition_en": _with_note(m.definition_en, m.kabkota_en), "producer": r.source_agency,
            "custodian": m.custodian,
            "frequency": m.frequency, "frequency_label": r.frequency, "sdg_target": r.sdg_target or None,
            "theme": m.theme, "smartcity_codes": m.smartcity_codes or None,
            "tier": m.tier, "min_value": _number(m.min_value),
            "max_value": _number(m.max_value), "headline": m.headline == "true", "sort_order": int(m.sort_order),
            "source": f"{r.source_agency}; lihat/see {sources}",
            "licence": "Data resmi pemerintah (BPS/Kementerian); lisensi kompilasi menurut SOURCE.md",
            "updated_at": utcnow(),
        })
    return rows


def load_indicators(conn: Connection) -> int:
    rows = indicator_rows()
    conn.execute(insert(Indicator), rows)
    return len(rows)


def _rows(frame: pd.DataFrame, levels: dict[str, str]):
    return zip(frame["indicator_code"], frame["period"], frame["region_code"].map(levels), strict=True)


def _statuses(frame: pd.DataFrame, levels: dict[str, str]) -> list[str]:
    """Each row's status from status.csv: (indicator, period) for every level, or for one level only."""
    rules = read_csv("status.csv")
    by_key = {(r.indicator_code, r.period, r.level or None): r.status for r in rules.itertuples(index=False)}
    return [by_key.get((ind, per, level), by_key.get((ind, per, None), "final"))
            for ind, per, level in _rows(frame, levels)]


def _qualities(frame: pd.DataFrame, levels: dict[str, str], bundle: str) -> list[str | None]:
    """Each row's quality flag from provenance.csv (None: an official release)."""
    out = []
    for ind, per, level in _rows(frame, levels):
        rule = provenance.rule_for(bundle, ind, level, per)
        out.append(rule.quality if rule else None)
    return out


def load_observations(conn: Connection, report: SeedReport, bundle: str = BUNDLES[0]) -> int:
    """One bundle's observations through the same import path as an upload (BPS codes, whole-file validation,
    diff, apply); only regions the code map cannot translate are left out, and reported."""
    relative = f"{bundle}/observations.csv"
    content = (SEED / relative).read_bytes()
    options = ImportOptions(code_system="bps", skip_unresolved=True, max_bytes=len(content))
    prepared = ingest.prepare(conn, content, relative, options)
    if prepared.problems:
        raise ValidationError(prepared.problems)
    if prepared.unresolved:
        rows = read_csv(relative)  # row n of the file is frame row n - 2 (header is row 1)
        for problem in prepared.unresolved:
            r = rows.iloc[problem.row - 2]
            report.untranslated.append((r.indicator_code, r.region_code, r.period))
            log.warning("seed: row %s left out: %s", problem.row, problem.reason_en)
    frame = prepared.frame
    levels = dict(conn.execute(select(Region.code, Region.level)).all())
    frame["status"] = _statuses(frame, levels)
    frame["quality"] = _qualities(frame, levels, bundle)
    prepared.diff = writer.diff(conn, frame)
    ingest.core.write_batch(conn, prepared, user="seed", kind="seed",
                            note=f"Seed data bundled with the application ({bundle}; BPS codes translated)")
    return len(frame)


def load_targets(conn: Connection) -> int:
    frame = read_csv("targets/targets.csv")
    batch = writer.new_batch(conn, kind="seed", created_by="seed", file_name="targets/targets.csv",
                             file_hash=hashlib.sha256((SEED / "targets/targets.csv").read_bytes()).hexdigest(),
                             rows_total=len(frame), rows_new=len(frame), status="committed",
                             note="Plan targets bundled with the application (Kemendagri codes)")
    rows = [{"indicator_code": r.indicator_code, "region_code": r.region_code, "year": int(r.year),
             "low": float(r.target_low), "high": float(r.target_high), "plan": r.plan, "source": r.source,
             "batch_id": batch, "created_by": "seed", "created_at": utcnow()}
            for r in frame.itertuples(index=False)]
    conn.execute(insert(Target), rows)
    return len(rows)


def load_seed(engine: Engine) -> SeedReport:
    """Migrate, then load the seed into an empty store in one transaction; a no-op when already loaded, except
    that a bundle added to the seed since (e.g. indicators_kabkota) is loaded into a store seeded before it.

    Holds the store lock throughout, so app servers starting together on an empty store seed it once.
    """
    with store_lock(engine):
        upgrade(engine)
        return _seed_unlocked(engine)


#: Metadata a later bundle brings to codes already in a store (its kab/kota sentence, its SOURCE.md, bounds).
REFRESHED = ("definition_id", "definition_en", "source", "min_value", "max_value")


def bundles_loaded(conn: Connection) -> set[str]:
    """The bundles whose observations a seed batch loaded into this store."""
    names = conn.execute(select(ImportBatch.file_name).where(ImportBatch.kind == "seed")).scalars()
    return {name.split("/", 1)[0] for name in names if name and name.endswith("/observations.csv")}


def add_bundle(conn: Connection, report: SeedReport, bundle: str) -> None:
    """A bundle added to the seed after this store was seeded: its new codes, the refreshed metadata of the codes
    it adds rows to, and its observations (through the import path, as one seed batch)."""
    existing = set(conn.execute(select(Indicator.code)).scalars())
    touched = set(read_csv(f"{bundle}/observations.csv")["indicator_code"])
    rows = indicator_rows()
    fresh = [r for r in rows if r["code"] not in existing]
    if fresh:
        conn.execute(insert(Indicator), fresh)
    for r in rows:
        if r["code"] in existing and r["code"] in touched:
            conn.execute(update(Indicator).where(Indicator.code == r["code"])
                         .values(**{k: r[k] for k in REFRESHED}, updated_at=utcnow()))
    report.loaded[f"indicator:{bundle}"] = len(fresh)
    report.loaded[f"observation:{bundle}"] = load_observations(conn, report, bundle)


def refresh_bounds(conn: Connection) -> int:
    """A store seeded from an older seed takes the seed's current plausibility bounds for its seeded indicators
    (a bound added later, e.g. penduduk's 350,000 thousand, guards its imports too); returns how many changed."""
    changed = 0
    stored = {r.code: (r.min_value, r.max_value) for r in conn.execute(
        select(Indicator.code, Indicator.min_value, Indicator.max_value))}
    for r in indicator_rows():
        if r["code"] in stored and stored[r["code"]] != (r["min_value"], r["max_value"]):
            conn.execute(update(Indicator).where(Indicator.code == r["code"])
                         .values(min_value=r["min_value"], max_value=r["max_value"], updated_at=utcnow()))
            changed += 1
    return changed


def _seed_unlocked(engine: Engine) -> SeedReport:
    report = SeedReport()
    version = seed_version()
    loaded_version = get_info(engine, "seed_version")
    if loaded_version is not None:
        with engine.begin() as conn:
            missing = [b for b in BUNDLES if b not in bundles_loaded(conn)]
            for bundle in missing:
                add_bundle(conn, report, bundle)
            bounds = refresh_bounds(conn) if loaded_version != version else 0
        if bounds:
            report.loaded["indicator_bounds"] = bounds
        report.skipped = not missing and not bounds
        return report
    with engine.begin() as conn:
        report.loaded["region"] = load_regions(conn)
        report.loaded["region_code_map"] = load_code_map(conn)
        report.loaded["indicator"] = load_indicators(conn)
        report.loaded["observation"] = sum(load_observations(conn, report, bundle) for bundle in BUNDLES)
        report.loaded["target"] = load_targets(conn)
        set_info(conn, "seed_version", version)
    return report
