"""Kecamatan, desa/kelurahan and IDM 2024 in the store (data.villages): counts against the bundle's SOURCE.md, IDM
reaching 2025 codes only through the code map (Papua Barat Daya), spot values, the published status and its bands,
on SQLite and on the real PostgreSQL."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from sqlalchemy import func, select

from data import ingest
from data.ingest import ImportOptions
from data.schema import ImportBatch, IndicatorCategory, Observation, Region
from data.seed import load_seed
from data.villages import BATCH_FILE, folder, load_villages

SOURCE = (folder() / "SOURCE.md").read_text(encoding="utf-8")
IDM = pd.read_csv(folder() / "idm_2024.csv", dtype=str, keep_default_na=False)
CODE_MAP = pd.read_csv(folder() / "idm_code_map.csv", dtype=str, keep_default_na=False)


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def source_counts() -> dict[str, tuple[int, int, int]]:
    """Per province (kecamatan, kelurahan codes, desa codes) from SOURCE.md's 'Counts per province' table."""
    table = SOURCE[SOURCE.index("## Counts per province"):]
    rows = re.findall(r"^\| (\d\d) \| [^|]+ \| ([\d,]+) \| [\d,]+ / ([\d,]+) \| [\d,]+ / ([\d,]+) \|", table, re.M)
    return {prov: (_number(kec), _number(kel), _number(desa)) for prov, kec, kel, desa in rows}


def store_counts(engine) -> dict[str, tuple[int, int, int]]:
    with engine.connect() as conn:
        rows = conn.execute(select(Region.code, Region.level, Region.kind)
                            .where(Region.level.in_(["district", "village"]))).all()
    out: dict[str, list[int]] = {}
    for code, level, kind in rows:
        prov, n = code[:2], 1
        slot = 0 if level == "district" else (1 if kind == "kelurahan" else 2)
        out.setdefault(prov, [0, 0, 0])[slot] += n
    return {prov: tuple(v) for prov, v in out.items()}


def value(engine, indicator: str, region: str) -> float | None:
    with engine.connect() as conn:
        return conn.scalar(select(Observation.value).where(
            Observation.indicator_code == indicator, Observation.region_code == region, Observation.period == "2024",
            Observation.is_current))


def test_the_source_table_is_read_whole():
    counts = source_counts()
    assert len(counts) == 38
    assert tuple(map(sum, zip(*counts.values(), strict=True))) == (7285, 8496, 75266)


def test_levels_and_kinds_equal_the_bundle(village_engine):
    with village_engine.connect() as conn:
        levels = dict(conn.execute(select(Region.level, func.count()).group_by(Region.level)).all())
        kinds = dict(conn.execute(select(Region.kind, func.count()).where(Region.level == "village")
                                  .group_by(Region.kind)).all())
        orphans = conn.scalar(select(func.count()).select_from(Region).where(
            Region.level.in_(["district", "village"]),
            ~Region.parent_code.in_(select(Region.code))))
    assert levels == {"country": 1, "province": 38, "regency": 514, "district": 7285, "village": 83762}
    assert kinds == {"desa": 75266, "kelurahan": 8496}
    assert orphans == 0


def test_counts_per_province_equal_source_md(village_engine):
    assert store_counts(village_engine) == {p: c for p, c in source_counts().items() if c != (0, 0, 0)}


def test_idm_rows_loaded_are_the_code_map_rows_with_a_2025_code_and_a_score(village_engine):
    mapped = CODE_MAP["kemendagri_code"] != ""
    scored = IDM["idm"] != ""
    expected = int((mapped & scored).sum())
    assert (int((~mapped).sum()), expected) == (13, 75248)  # SOURCE.md: 13 unmatched; 4 rows without a score
    with village_engine.connect() as conn:
        per_indicator = dict(conn.execute(select(Observation.indicator_code, func.count()).where(
            Observation.is_current, Observation.period == "2024",
            Observation.indicator_code.in_(["idm", "iks", "ike", "ikl", "status_idm"]))
            .group_by(Observation.indicator_code)).all())
        on_kelurahan = conn.scalar(select(func.count()).select_from(Observation).join(
            Region, Region.code == Observation.region_code).where(Observation.indicator_code == "idm",
                                                                   Region.kind != "desa"))
        batch = conn.execute(select(ImportBatch.kind, ImportBatch.rows_total, ImportBatch.rows_skipped)
                             .where(ImportBatch.file_name == BATCH_FILE)).one()
        codes = set(conn.scalars(select(Observation.region_code).where(Observation.indicator_code == "idm")))
    assert per_indicator == dict.fromkeys(["idm", "iks", "ike", "ikl", "status_idm"], expected)
    assert on_kelurahan == 0
    assert tuple(batch) == ("seed", 75265, 13)
    assert codes == set(CODE_MAP.loc[mapped & scored, "kemendagri_code"])


@pytest.mark.parametrize(("region", "idm", "iks", "ike", "ikl", "status"), [
    ("3201022001", 0.9183, 0.9714, 0.9167, 0.8667, 1),  # Kab. Bogor, kecamatan 320102: Mandiri
    ("1101012001", 0.7444, 0.8, 0.9, 0.5333, 2),  # Keude Bakongan, Aceh Selatan: Maju
    # Papua Barat Daya: IDM code 9604012004 WERSAR (Teminabuan, Sorong Selatan) is 2025 code 9602012001 Wersar
    ("9602012001", 0.5378, 0.68, 0.2667, 0.6667, 4),  # Tertinggal
])
def test_idm_spot_values_under_2025_codes(village_engine, region, idm, iks, ike, ikl, status):
    got = tuple(value(village_engine, code, region) for code in ("idm", "iks", "ike", "ikl", "status_idm"))
    assert got == (idm, iks, ike, ikl, status)


def test_papua_barat_daya_is_never_joined_by_the_idm_code(village_engine):
    # 2025 code 9604012004 is Sikor in Tambrauw; the IDM row under that code is Wersar (Sorong Selatan).
    assert value(village_engine, "idm", "9604012004") != 0.5378
    wrong = IDM[IDM["village_code"].str.startswith("96") & (CODE_MAP["kemendagri_code"] != IDM["village_code"])]
    with village_engine.connect() as conn:
        stored = dict(conn.execute(select(Observation.region_code, Observation.value).where(
            Observation.indicator_code == "idm", Observation.region_code.like("96%"))).all())
    mapped = dict(zip(CODE_MAP["kemendagri_code"], IDM["idm"], strict=True))
    assert len(wrong) > 900
    assert all(stored[code] == float(v) for code, v in mapped.items() if code.startswith("96") and v)


def test_published_status_is_kept_and_agrees_with_its_band_but_once(village_engine):
    with village_engine.connect() as conn:
        bands = conn.execute(select(IndicatorCategory.value, IndicatorCategory.label_id, IndicatorCategory.above,
                                    IndicatorCategory.up_to).where(IndicatorCategory.indicator_code == "status_idm")
                             .order_by(IndicatorCategory.value)).all()
        rows = conn.execute(select(Observation.region_code, Observation.indicator_code, Observation.value).where(
            Observation.indicator_code.in_(["idm", "status_idm"]), Observation.is_current)).all()
    assert [b.label_id for b in bands] == ["Mandiri", "Maju", "Berkembang", "Tertinggal", "Sangat Tertinggal"]
    frame = pd.DataFrame(rows, columns=["code", "indicator", "value"]).pivot(index="code", columns="indicator",
                                                                             values="value")

    def band(x: float) -> int:
        return next(b.value for b in bands if (b.above is None or x > b.above) and (b.up_to is None or x <= b.up_to))

    outside = sorted(frame.index[frame["idm"].map(band) != frame["status_idm"]])
    assert outside == ["6213062003"]  # Kupang Bersih: IDM 0.741, published Berkembang (SOURCE.md), kept as published
    counts = frame["status_idm"].value_counts().to_dict()
    assert sum(counts.values()) == 75248 and counts[1.0] > 17000


def test_loading_twice_changes_nothing(village_engine):
    assert load_villages(village_engine).skipped


@pytest.mark.postgres
def test_villages_on_postgresql(pg_engine):
    report = load_villages(pg_engine)
    assert report.regions == {"district": 7285, "village": 83762}
    assert report.observations == dict.fromkeys(["idm", "iks", "ike", "ikl", "status_idm"], 75248)
    assert store_counts(pg_engine) == {p: c for p, c in source_counts().items() if c != (0, 0, 0)}
    assert value(pg_engine, "idm", "9602012001") == 0.5378
    assert value(pg_engine, "status_idm", "3201022001") == 1
    assert load_seed(pg_engine).skipped and load_villages(pg_engine).skipped
    out = ingest.commit(pg_engine, b"kabupaten_kota,kecamatan,desa,tahun,nilai\n"
                        b"3201,Tenjo,Babakan,2024,0.8146\n3201,Dramaga,Babakan,2024,0.91\n",
                        "idm_bogor.csv", ImportOptions(indicator="idm"), user="produsen-bogor")
    assert (out.counts()["unchanged"], out.counts()["changed"]) == (1, 1)
    assert value(pg_engine, "idm", "3201302008") == 0.91


def test_a_village_value_carries_its_source_and_vintage(village_engine):
    from services.provenance import provenance

    found = provenance(village_engine, "idm", "3201022001", "2024").as_dict()
    assert found["producer"].endswith("(Kemendes PDTT)")
    assert "data-indeks-desa-membangun-tahun-2024" in found["title"]
    assert (found["vintage"], found["vintage_kind"]) == ("2026-08-21", "snapshot")
