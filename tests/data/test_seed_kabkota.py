"""The kab/kota bundle (data/seed/indicators_kabkota/) in the store: row counts per indicator as its SOURCE.md gives
them, and values read back through the API under Kemendagri codes, on SQLite and PostgreSQL."""
from __future__ import annotations

import dash
import pytest
from sqlalchemy import delete, func, select, update

from dashboard import create_app
from data.schema import ImportBatch, Indicator, Observation
from data.seed import load_seed
from services.config import Config

#: "Totals by indicator" in data/seed/indicators_kabkota/SOURCE.md (24,109 rows in all).
SOURCE_TOTALS = {"pdrb_adhb": 7172, "pdrb_adhk": 7172, "tpt": 3560, "pdrb_per_capita": 2570, "pdrb_growth": 2570,
                 "air_minum_layak": 512, "sanitasi_layak": 511, "p0": 42}
#: "Rows added": tpt rows per August round.
TPT_PER_PERIOD = {"2018-08": 513, "2019-08": 514, "2020-08": 514, "2021-08": 513, "2022-08": 493, "2023-08": 499,
                  "2024-08": 514}

#: (indicator, Kemendagri code, period, value, status) with the BPS code of the bundle row in the comment.
SPOTS = [
    ("tpt", "3273", "2024-08", 7.4, "final"),                    # BPS 3273 Kota Bandung
    ("tpt", "9301", "2024-08", 5.07, "final"),                   # BPS 9401 Merauke, now Papua Selatan
    ("p0", "9407", "2024-03", 41.42, "final"),                   # BPS 9435 Intan Jaya, now Papua Tengah
    ("pdrb_adhb", "3171", "2023", 860049359.89, "preliminary"),  # BPS 3173 Jakarta Pusat
    ("pdrb_adhb", "6201", "2021", 23709000.0, "final"),          # publication value x 1,000
    ("pdrb_per_capita", "1109", "2023", 30222.0, "preliminary"),  # BPS 1101 Simeulue
    ("pdrb_growth", "8202", "2021", 161.85, "final"),            # Halmahera Tengah (nickel)
    ("pdrb_growth", "3204", "2023", 4.97, "preliminary"),        # kab/kota growth 2023: sangat sementara
    ("sanitasi_layak", "5301", "2024", 73.34, "final"),          # BPS 5303 Kupang
]


def _kabkota_counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return dict(conn.execute(
            select(Observation.indicator_code, func.count()).join(ImportBatch, ImportBatch.id == Observation.batch_id)
            .where(ImportBatch.file_name == "indicators_kabkota/observations.csv", Observation.is_current.is_(True))
            .group_by(Observation.indicator_code)).all())


def test_every_kabkota_row_is_loaded(engine):
    assert _kabkota_counts(engine) == SOURCE_TOTALS
    assert sum(SOURCE_TOTALS.values()) == 24109
    with engine.connect() as conn:
        tpt = dict(conn.execute(select(Observation.period, func.count()).where(
            Observation.indicator_code == "tpt", Observation.is_current.is_(True),
            func.length(Observation.region_code) == 4).group_by(Observation.period)).all())
    assert tpt == TPT_PER_PERIOD


def test_new_codes_carry_full_metadata_and_old_codes_name_their_kabkota_source(engine):
    with engine.connect() as conn:
        rows = {r.code: r for r in conn.execute(select(Indicator.__table__)).all()}
    for code in ("pdrb_adhb", "pdrb_adhk"):
        meta = rows[code]
        assert meta.unit == "juta rupiah" if code == "pdrb_adhb" else meta.unit.startswith("juta rupiah")
        assert meta.producer == "Badan Pusat Statistik (BPS)" and meta.definition_id and meta.definition_en
        assert meta.short_id and meta.unit_en and meta.theme == "economy" and meta.tier == "publik"
        assert "indicators_kabkota/SOURCE.md" in meta.source
    for code in ("tpt", "pdrb_growth", "pdrb_per_capita", "air_minum_layak", "sanitasi_layak", "p0"):
        assert "indicators_kabkota/SOURCE.md" in rows[code].source, code
        assert "kabupaten/kota" in rows[code].definition_id.lower() and "kab/kota" in rows[code].definition_en.lower()
    assert "indicators_kabkota" not in rows["ipm"].source


def _client(engine, url):
    dash.page_registry.clear()
    app = create_app(Config(database_url=url, auto_seed=False), engine=engine)
    return app.server.test_client()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_client(request):
    if request.param == "sqlite":
        yield _client(request.getfixturevalue("engine"), request.getfixturevalue("sqlite_url"))
    else:
        yield _client(request.getfixturevalue("pg_engine"), request.getfixturevalue("pg_url"))
    dash.page_registry.clear()


def test_spot_values_read_back_under_kemendagri_codes(any_client):
    for indicator, region, period, value, status in SPOTS:
        body = any_client.get(f"/api/v1/observations?indicator={indicator}&region={region}&period={period}")
        rows = body.get_json()["data"]
        assert len(rows) == 1, (indicator, region, period)
        assert (rows[0]["value"], rows[0]["status"]) == (value, status), (indicator, region, period)


def test_a_store_seeded_before_the_bundle_gets_it_on_start(engine):
    with engine.begin() as conn:  # as a store seeded with the first bundle only
        batch = conn.scalar(select(ImportBatch.id).where(ImportBatch.file_name == "indicators_kabkota/observations.csv"))
        conn.execute(delete(Observation).where(Observation.batch_id == batch))
        conn.execute(delete(ImportBatch).where(ImportBatch.id == batch))
        conn.execute(delete(Indicator).where(Indicator.code.in_(["pdrb_adhb", "pdrb_adhk"])))
        conn.execute(update(Indicator).where(Indicator.code == "pdrb_growth").values(max_value=100.0))
        conn.execute(update(Indicator).where(Indicator.code == "tpt").values(definition_id="old", source="old"))
        conn.execute(update(Indicator).where(Indicator.code == "ipm").values(sdg_target="4.1.1"))  # a walidata edit
    assert _kabkota_counts(engine) == {}
    report = load_seed(engine)
    assert not report.skipped and report.loaded["observation:indicators_kabkota"] == 24109
    assert _kabkota_counts(engine) == SOURCE_TOTALS
    with engine.connect() as conn:
        rows = {r.code: r for r in conn.execute(select(Indicator.__table__)).all()}
    assert rows["pdrb_growth"].max_value is None and "kabupaten/kota" in rows["tpt"].definition_id.lower()
    assert {"pdrb_adhb", "pdrb_adhk"} <= set(rows) and rows["ipm"].sdg_target == "4.1.1"
    assert load_seed(engine).skipped  # once only
