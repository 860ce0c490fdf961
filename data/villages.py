"""Loading the kecamatan, desa/kelurahan and IDM 2024 (data/seed/villages/) into a seeded store.

A seed step of its own, after `data.seed.load_seed`: 91,047 regions and about 300,000 values take seconds, so the
app loads them in the background (and says so in /healthz) and tests that do not need them leave them out.
IDM rows reach 2025 Kemendagri codes ONLY through idm_code_map.csv (SOURCE.md, Warning 1: in Papua Barat Daya a
join by the IDM code puts values on the wrong village); rows the map leaves empty are counted, never guessed.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection, insert, select
from sqlalchemy.engine import Engine

from data import writer
from data.errors import StoreError
from data.schema import Indicator, IndicatorCategory, Region, utcnow
from data.seed import SEED
from data.store import get_info, set_info, store_lock, upgrade

FOLDER = "villages"
#: The batch (import_batch.file_name) that holds the IDM values; its folder names the bundle (data.provenance).
BATCH_FILE = f"{FOLDER}/idm_2024.csv"
#: store_info key set when the villages are loaded: the hash of the folder's CSV files.
INFO_KEY = "villages_version"
PERIOD = "2024"
#: idm_2024.csv column -> indicator code.
SCORES = {"idm": "idm", "iks": "iks", "ike": "ike", "ikl": "ikl"}
STATUS_INDICATOR = "status_idm"


@dataclass
class VillageReport:
    regions: dict[str, int] = field(default_factory=dict)  # level -> rows inserted
    observations: dict[str, int] = field(default_factory=dict)  # indicator -> values loaded
    idm_rows: int = 0  # rows of idm_2024.csv
    unmatched: list[str] = field(default_factory=list)  # IDM codes idm_code_map.csv leaves without a 2025 code
    unscored: list[str] = field(default_factory=list)  # mapped 2025 codes whose IDM row has no score
    skipped: bool = False
    seconds: float = 0.0


def folder():
    return SEED / FOLDER


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(folder() / name, dtype=str, keep_default_na=False, encoding="utf-8")


def version() -> str:
    digest = hashlib.sha256()
    for path in sorted(folder().glob("*.csv")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def loaded(engine: Engine) -> bool:
    return get_info(engine, INFO_KEY) is not None


def region_rows() -> list[dict]:
    """Kecamatan first (their parents, the kab/kota, are in the base seed), then desa/kelurahan."""
    frame = read("regions.csv")
    frame = frame.assign(_o=frame["level"].map({"district": 0, "village": 1})).sort_values(["_o", "code"])
    return [{"code": c, "name": n, "level": lv, "parent_code": p, "kind": k or None} for c, n, lv, p, k in zip(
        frame["code"].tolist(), frame["name"].tolist(), frame["level"].tolist(), frame["parent_code"].tolist(),
        frame["kind"].tolist(), strict=True)]


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


def indicator_rows() -> list[dict]:
    now = utcnow()
    rows = []
    for r in read("indicators.csv").to_dict("records"):
        rows.append({**r, "decimals": int(r["decimals"]), "higher_is_better": r["higher_is_better"] == "true",
                     "min_value": _number(r["min_value"]), "max_value": _number(r["max_value"]),
                     "sort_order": int(r["sort_order"]), "headline": False, "updated_at": now})
    return rows


def category_rows() -> list[dict]:
    return [{**r, "value": int(r["value"]), "above": _number(r["above"]), "up_to": _number(r["up_to"])}
            for r in read("categories.csv").to_dict("records")]


def idm_frame(report: VillageReport) -> pd.DataFrame:
    """The IDM values under 2025 codes (indicator_code, region_code, period, value, status), through the code map."""
    idm = read("idm_2024.csv")
    code_map = read("idm_code_map.csv")
    if list(code_map["idm_code"]) != list(idm["village_code"]):
        raise StoreError("villages: idm_code_map.csv does not list idm_2024.csv's codes in order (SOURCE.md)")
    report.idm_rows = len(idm)
    mapped = idm.assign(region_code=code_map["kemendagri_code"])
    report.unmatched = sorted(mapped.loc[mapped["region_code"] == "", "village_code"])
    mapped = mapped[mapped["region_code"] != ""]
    report.unscored = sorted(mapped.loc[mapped["idm"] == "", "region_code"])
    labels = {c["label_id"]: c["value"] for c in category_rows() if c["indicator_code"] == STATUS_INDICATOR}
    parts = [pd.DataFrame({"indicator_code": code, "region_code": mapped["region_code"], "raw": mapped[column]})
             for column, code in SCORES.items()]
    status = mapped["status"].map(lambda s: str(labels[s]) if s else "")
    parts.append(pd.DataFrame({"indicator_code": STATUS_INDICATOR, "region_code": mapped["region_code"], "raw": status}))
    frame = pd.concat(parts, ignore_index=True)
    frame = frame[frame["raw"] != ""]
    return pd.DataFrame({"indicator_code": frame["indicator_code"], "region_code": frame["region_code"],
                         "period": PERIOD, "value": frame["raw"].astype(float), "status": "final"})


def load_villages(engine: Engine) -> VillageReport:
    """Load the villages into a store that holds the base seed (a no-op once loaded); one transaction, under the
    store lock (servers starting together load them once) and the write lock (no upload diffs against half of it)."""
    started = time.perf_counter()
    with store_lock(engine):
        upgrade(engine)
        if loaded(engine):
            return VillageReport(skipped=True)
        if get_info(engine, "seed_version") is None:
            raise StoreError("villages: the store has no seed yet (its kab/kota are the villages' parents)")
        report = VillageReport()
        with writer.writing(engine, "seed villages", "seed", wait=600) as conn:
            _load(conn, report)
            set_info(conn, INFO_KEY, version())
    report.seconds = time.perf_counter() - started
    return report


def _load(conn: Connection, report: VillageReport) -> None:
    rows = region_rows()
    writer.insert_many(conn, Region, rows)
    for row in rows:
        report.regions[row["level"]] = report.regions.get(row["level"], 0) + 1
    existing = set(conn.execute(select(Indicator.code)).scalars())
    conn.execute(insert(Indicator), [r for r in indicator_rows() if r["code"] not in existing])
    conn.execute(insert(IndicatorCategory), category_rows())
    frame = idm_frame(report)
    result = writer.diff(conn, frame)
    batch = writer.new_batch(
        conn, kind="seed", created_by="seed", file_name=BATCH_FILE,
        file_hash=hashlib.sha256((folder() / "idm_2024.csv").read_bytes()).hexdigest(), indicator_code=None,
        rows_total=report.idm_rows, rows_new=result.new, rows_changed=result.changed,
        rows_unchanged=result.unchanged, rows_skipped=len(report.unmatched), status="committed",
        note=(f"Seed: IDM 2024 (Kemendes PDTT) through idm_code_map.csv; {len(report.unmatched)} IDM codes without a "
              f"2025 code left out, {len(report.unscored)} villages without a score"))
    writer.apply(conn, result, batch)
    report.observations = frame.groupby("indicator_code").size().to_dict()
