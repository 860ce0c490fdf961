"""A Kemendes IDM download keyed by IDM's own village codes through the one import path: the `idm` code system
translates them through the bundled idm_code_map.csv (data.ingest.idm_codes), `auto` picks it when the codes fit the
map better than the 2025 Kemendagri list, an untranslated code is refused (row, column, reason), and a code the map
sends to another 2025 village says so in the preview. The files are real IDM 2024 rows (tests/data/real/idm/), so a
row placed on the right desa is `unchanged` against the store seeded through the same map, and a wrong one could
not be. On SQLite and PostgreSQL."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

from data import ingest
from data.errors import ValidationError
from data.ingest import ImportOptions
from data.schema import Observation
from data.villages import load_villages

FILES = Path(__file__).parent / "real" / "idm"
PBD = "idm_2024_papua_barat_daya.csv"
JABAR = "idm_2024_jawa_barat.csv"
CODE_MAP = Path(__file__).resolve().parents[2] / "data" / "seed" / "villages" / "idm_code_map.csv"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request):
    """The store with the villages loaded (the bundle's seed), on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("village_engine")
    engine = request.getfixturevalue("pg_engine")
    load_villages(engine)
    return engine


def preview(engine, name: str, content: bytes | None = None, **options):
    with engine.connect() as conn:
        return ingest.preview(conn, content if content is not None else (FILES / name).read_bytes(), name,
                              ImportOptions(indicator="idm", **options))


def reasons(out) -> list[str]:
    return [f"{p.row} {p.column}: {p.reason_en}" for p in out.problems]


def expected_codes(name: str) -> list[str]:
    """The 2025 codes idm_code_map.csv gives the file's IDM codes (the seed's own join)."""
    codes = pd.read_csv(FILES / name, dtype=str)["village_code"]
    mapped = pd.read_csv(CODE_MAP, dtype=str, keep_default_na=False).set_index("idm_code")["kemendagri_code"]
    return list(mapped[codes])


def test_a_papua_barat_daya_download_is_read_in_idm_codes(store):
    out = preview(store, PBD)
    assert out.ok, reasons(out)
    assert out.code_system == "idm"
    assert list(out.frame["region_code"]) == expected_codes(PBD)
    assert out.frame["region_code"].iloc[1] == "9601012003"  # IDM 9601012004 MALAUMKARTA
    assert out.counts()["unchanged"] == 28  # exactly the seeded IDM of these desa: each on its own village
    notes = " | ".join(n.en for n in out.notes)
    assert "code system: idm (Kemendes PDTT village codes, more codes known to the IDM code map)" in notes
    assert "27 IDM village codes translated to another 2025 Kemendagri code; 14 of them are ANOTHER village under " \
           "the same Kemendagri code" in notes
    assert "row 3: IDM 9601012004 = Malaumkarta (9601012003, Makbon), not Batu Lubang (9601012004, Makbon)" in notes


def test_the_same_file_read_as_kemendagri_codes_is_refused_or_lands_elsewhere(store):
    out = preview(store, PBD, code_system="kemendagri")
    assert not out.ok
    assert "2 A (village_code): unknown Kemendagri code '9601012002'" not in reasons(out)  # Asbaken exists in both
    assert any(r.startswith("14 A (village_code): unknown Kemendagri code '9601012016'") for r in reasons(out))
    assert 16 not in [p.row for p in out.problems]  # IDM 9604012004 Sikor would land on 2025 9604012004 (Tambrauw)


def test_a_jawa_barat_download_reads_alike_in_both_systems(store):
    auto = preview(store, JABAR)
    assert auto.ok, reasons(auto)
    assert auto.code_system == "kemendagri"  # every code means the same desa in both
    idm = preview(store, JABAR, code_system="idm")
    assert idm.ok, reasons(idm)
    assert list(idm.frame["region_code"]) == list(auto.frame["region_code"]) == expected_codes(JABAR)
    assert idm.counts()["unchanged"] == 9
    assert not any("translated to another" in n.en for n in idm.notes)


@pytest.mark.parametrize(("row", "reason"), [
    # the real IDM row of WARIAYAU: no 2025 desa of that name in Kab. Sorong
    ("9601082003,0.6327,0.7314,0.5,0.6667,Berkembang", "IDM village code 9601082003 has no 2025 Kemendagri code in "
                                                        "the IDM 2024 code map (no unique village name matches)"),
    # a kelurahan: IDM covers desa only
    ("3201011001,0.8,0.8,0.8,0.8,Mandiri", "IDM village code '3201011001' is not in the IDM 2024 code map"),
])
def test_a_code_the_map_does_not_translate_is_refused_and_nothing_written(store, row, reason):
    content = (FILES / PBD).read_bytes() + row.encode() + b"\n"
    out = preview(store, PBD, content, code_system="idm")
    assert [p.row for p in out.problems] == [30]
    assert out.problems[0].column == "A (village_code)"
    assert reason in out.problems[0].reason_en
    assert "kode desa IDM" in out.problems[0].reason_id
    with store.connect() as conn:
        before = conn.execute(select(Observation.region_code, Observation.value).order_by(
            Observation.id)).all()
    with pytest.raises(ValidationError):
        ingest.commit(store, content, PBD, ImportOptions(indicator="idm", code_system="idm"))
    with store.connect() as conn:
        assert conn.execute(select(Observation.region_code, Observation.value).order_by(Observation.id)).all() == before


def test_commit_puts_a_changed_value_on_the_translated_desa(store):
    content = (FILES / PBD).read_bytes().replace(b"9601012004,0.6046", b"9601012004,0.6100")
    out = ingest.commit(store, content, PBD, ImportOptions(indicator="idm"), user="walidata")
    assert out.counts()["changed"] == 1
    with store.connect() as conn:
        values = dict(conn.execute(select(Observation.region_code, Observation.value).where(
            Observation.indicator_code == "idm", Observation.region_code.in_(["9601012003", "9601012004"]),
            Observation.period == "2024", Observation.is_current.is_(True))).all())
    assert values == {"9601012003": 0.61, "9601012004": 0.5995}  # Malaumkarta takes it; Batu Lubang keeps its own


def test_codes_valid_in_both_systems_are_decided_by_the_names_beside_them(store):
    """Makbon's IDM codes 9601012004-9601012013 (9 rows) all exist in the 2025 list too (as other villages): without names
    auto cannot tell and refuses each row; with IDM's names (idm_code_map.csv notes) it reads them as IDM codes."""
    lines = (FILES / PBD).read_text(encoding="utf-8").splitlines()[2:11]
    bare = preview(store, PBD, ("village_code,idm,iks,ike,ikl,status\n" + "\n".join(lines) + "\n").encode())
    assert bare.code_system == "ambiguous" and [p.row for p in bare.problems] == list(range(2, 11))
    assert "code 9601012004 means Batu Lubang (9601012004, Makbon) in 2025 Kemendagri codes but Malaumkarta " \
           "(9601012003, Makbon) in IDM (Kemendes) codes; choose the code system (kemendagri or idm)" in \
           bare.problems[0].reason_en
    names = ["MALAUMKARTA", "BATU LUBANG", "BATU LUBANG PANTAI", "KWADAS", "BAINKETE", "TELUK DORE", "SAWATUK",
             "MALAGASIH", "KLASIMIGIK"]
    named = "\n".join(f"{line.split(',', 1)[0]},{name},{line.split(',', 1)[1]}" for line, name in zip(
        lines, names, strict=True))
    out = preview(store, PBD, ("village_code,nama_desa,idm,iks,ike,ikl,status\n" + named + "\n").encode())
    assert out.ok, reasons(out)
    assert out.code_system == "idm"
    assert "agrees with the names" in out.notes[1].en
    assert out.counts()["unchanged"] == 9
