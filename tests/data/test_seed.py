"""The bundled seed in the store: counts per indicator after BPS->Kemendagri translation, spot values, integrity."""
from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import func, select, update

from data.schema import Indicator, Observation, Region, RegionCodeMap, Target
from data.seed import BUNDLES, SEED, load_seed
from data.store import get_info, set_info

RAW = pd.read_csv(SEED / "indicators/observations.csv", dtype=str)
ALL = pd.concat([pd.read_csv(SEED / f"{bundle}/observations.csv", dtype=str) for bundle in BUNDLES])


def current(engine, indicator, region, period):
    with engine.connect() as conn:
        return conn.execute(select(Observation.value, Observation.status).where(
            Observation.indicator_code == indicator, Observation.region_code == region,
            Observation.period == period, Observation.is_current.is_(True))).one_or_none()


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(select(Observation.indicator_code, func.count())
                            .where(Observation.is_current.is_(True)).group_by(Observation.indicator_code)).all()
    return dict(rows)


def test_every_indicator_keeps_all_its_rows_after_translation(engine):
    # Every BPS code in observations.csv is in the crosswalk (regions/SOURCE.md), so nothing is left out.
    expected = ALL.groupby("indicator_code").size().to_dict()
    assert counts(engine) == expected
    assert len(RAW) == 22574 and sum(expected.values()) == 22574 + 24109


def test_region_tables_match_the_boundaries(engine):
    with engine.connect() as conn:
        levels = dict(conn.execute(select(Region.level, func.count()).group_by(Region.level)).all())
        bps = conn.scalar(select(func.count()).select_from(RegionCodeMap).where(RegionCodeMap.system == "bps"))
    assert levels == {"country": 1, "province": 38, "regency": 514}
    assert bps == 553  # 552 crosswalk rows + ID


@pytest.mark.parametrize(("indicator", "region", "period", "value"), [
    ("ipm", "32", "2024", 74.43),      # Jawa Barat
    ("uhh", "3273", "2024", 75.37),    # Kota Bandung: BPS 3273 = Kemendagri 3273
    ("ipm", "ID", "2024", 74.20),
])
def test_spot_values_read_back_exactly(engine, indicator, region, period, value):
    row = current(engine, indicator, region, period)
    assert row is not None and row.value == value


def test_bps_codes_are_translated_not_copied(engine):
    # BPS 1101 is Simeulue, whose Kemendagri code is 1109; Kemendagri 1101 is Aceh Selatan (BPS 1103).
    raw = RAW[(RAW.indicator_code == "uhh") & (RAW.period == "2024")].set_index("region_code")["value"].astype(float)
    assert current(engine, "uhh", "1109", "2024").value == raw["1101"]
    assert current(engine, "uhh", "1101", "2024").value == raw["1103"]
    # Papua: BPS 94 (Papua) = Kemendagri 91; BPS 91 (Papua Barat) = Kemendagri 92; BPS 97 Papua Pegunungan = 95.
    ipm = RAW[(RAW.indicator_code == "ipm") & (RAW.period == "2024")].set_index("region_code")["value"].astype(float)
    assert current(engine, "ipm", "91", "2024").value == ipm["94"]
    assert current(engine, "ipm", "92", "2024").value == ipm["91"]
    assert current(engine, "ipm", "95", "2024").value == ipm["97"]


def test_no_observation_points_at_a_missing_region_or_indicator(engine):
    with engine.connect() as conn:
        orphans = conn.scalar(select(func.count()).select_from(Observation).outerjoin(
            Region, Region.code == Observation.region_code).where(Region.code.is_(None)))
        unknown = conn.scalar(select(func.count()).select_from(Observation).outerjoin(
            Indicator, Indicator.code == Observation.indicator_code).where(Indicator.code.is_(None)))
        target_orphans = conn.scalar(select(func.count()).select_from(Target).outerjoin(
            Region, Region.code == Target.region_code).where(Region.code.is_(None)))
    assert (orphans, unknown, target_orphans) == (0, 0, 0)


def test_preliminary_figures_are_marked(engine):
    assert current(engine, "pdrb_growth", "32", "2024").status == "preliminary"
    assert current(engine, "pdrb_growth", "32", "2022").status == "final"


def test_targets_loaded_with_kemendagri_codes(engine):
    with engine.connect() as conn:
        n = conn.scalar(select(func.count()).select_from(Target))
        papua = conn.execute(select(Target.region_code).where(Target.region_code.in_(["91", "92", "93", "94", "95", "96"]))
                             ).scalars().all()
    assert n == 307
    assert papua and set(papua) <= {"91", "92", "94", "95", "96"}  # nothing for Papua Selatan (93), see SOURCE.md


def test_seed_twice_changes_nothing(engine):
    before = counts(engine)
    report = load_seed(engine)
    assert report.skipped and counts(engine) == before


def test_a_store_seeded_from_an_older_seed_takes_the_current_bounds(engine):
    """penduduk got its upper bound (350,000 thousand) after stores were seeded: starting on a store seeded from an
    older seed brings it, so that store's imports are guarded too; nothing else is reloaded."""
    current = get_info(engine, "seed_version")
    with engine.begin() as conn:
        conn.execute(update(Indicator).where(Indicator.code == "penduduk").values(max_value=None))
        set_info(conn, "seed_version", "older")
    before = counts(engine)
    report = load_seed(engine)
    assert report.loaded == {"indicator_bounds": 1} and counts(engine) == before
    with engine.connect() as conn:
        assert conn.scalar(select(Indicator.max_value).where(Indicator.code == "penduduk")) == 350000
    with engine.begin() as conn:
        set_info(conn, "seed_version", current)
    assert load_seed(engine).skipped
