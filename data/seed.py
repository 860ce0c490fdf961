"""Loading the bundled seed (data/seed/) into an empty store, translating BPS codes through the code map.

Idempotent: a store that already holds this seed version is left unchanged.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, insert
from sqlalchemy.engine import Engine

from data import ingest, writer
from data.errors import ValidationError
from data.ingest import ImportOptions
from data.schema import Indicator, Region, RegionCodeMap, Target, utcnow
from data.store import get_info, set_info, store_lock, upgrade

SEED = Path(__file__).resolve().parent / "seed"
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


def load_indicators(conn: Connection) -> int:
    base = read_csv("indicators/indicators.csv")
    meta = read_csv("indicator_meta.csv").set_index("code")
    rows = []
    for r in base.itertuples(index=False):
        m = meta.loc[r.code]
        rows.append({
            "code": r.code, "name_id": r.name_id, "name_en": r.name_en,
            "short_id": m.short_id, "short_en": m.short_en, "unit": r.unit, "unit_en": m.unit_en, "decimals": int(m.decimals),
            "higher_is_better": _flag(r.higher_is_better), "definition_id": r.definition_id,
            "definition_en": m.definition_en, "producer": r.source_agency, "custodian": m.custodian,
            "frequency": m.frequency, "frequency_label": r.frequency, "sdg_target": r.sdg_target or None,
            "theme": m.theme, "smartcity_codes": m.smartcity_codes or None, "confidence": m.confidence or None,
            "tier": m.tier, "min_value": _number(m.min_value),
            "max_value": _number(m.max_value), "headline": m.headline == "true", "sort_order": int(m.sort_order),
            "source": f"{r.source_agency}; lihat/see data/seed/indicators/SOURCE.md",
            "licence": "Data resmi pemerintah (BPS/Kementerian); lisensi kompilasi menurut SOURCE.md",
            "updated_at": utcnow(),
        })
    conn.execute(insert(Indicator), rows)
    return len(rows)


def load_observations(conn: Connection, report: SeedReport) -> int:
    """The bundled observations through the same import path as an upload (BPS codes, whole-file validation,
    diff, apply); only regions the code map cannot translate are left out, and reported."""
    content = (SEED / "indicators/observations.csv").read_bytes()
    options = ImportOptions(code_system="bps", skip_unresolved=True, max_bytes=len(content))
    prepared = ingest.prepare(conn, content, "indicators/observations.csv", options)
    if prepared.problems:
        raise ValidationError(prepared.problems)
    if prepared.unresolved:
        rows = read_csv("indicators/observations.csv")  # row n of the file is frame row n - 2 (header is row 1)
        for problem in prepared.unresolved:
            r = rows.iloc[problem.row - 2]
            report.untranslated.append((r.indicator_code, r.region_code, r.period))
            log.warning("seed: row %s left out: %s", problem.row, problem.reason_en)
    status = read_csv("status.csv").set_index(["indicator_code", "period"])["status"].to_dict()
    frame = prepared.frame
    keyed = zip(frame["indicator_code"], frame["period"], strict=True)
    frame["status"] = [status.get(key, "final") for key in keyed]
    prepared.diff = writer.diff(conn, frame)
    ingest.core.write_batch(conn, prepared, user="seed", kind="seed",
                            note="Seed data bundled with the application (BPS codes translated)")
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
    """Migrate, then load the seed into an empty store in one transaction; a no-op when already loaded.

    Holds the store lock throughout, so app servers starting together on an empty store seed it once.
    """
    with store_lock(engine):
        upgrade(engine)
        return _seed_unlocked(engine)


def _seed_unlocked(engine: Engine) -> SeedReport:
    report = SeedReport()
    version = seed_version()
    if get_info(engine, "seed_version") is not None:
        report.skipped = True
        return report
    with engine.begin() as conn:
        report.loaded["region"] = load_regions(conn)
        report.loaded["region_code_map"] = load_code_map(conn)
        report.loaded["indicator"] = load_indicators(conn)
        report.loaded["observation"] = load_observations(conn, report)
        report.loaded["target"] = load_targets(conn)
        set_info(conn, "seed_version", version)
    return report
