"""Data truth that cannot drift: the store holds exactly the bundles' rows after code translation (read from the
bundle files and the crosswalk themselves, not from a copy of the loader's logic), and what pages compute from it
for a sample of regions equals the store, or is marked as not standing for today's region."""
from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select

from callbacks import tren
from callbacks.bandingkan import ranking_data
from data.schema import Observation
from data.seed import BUNDLES, SEED
from data.store import open_engine
from services import maps, overview
from services.comparability import comparable
from services.config import Config
from services.context import AppContext

SAMPLE = ["ID", "11", "32", "3273", "3204", "53", "91", "92", "9301", "9103", "6201", "8202"]


def _stored(engine) -> dict[tuple[str, str, str], float]:
    with engine.connect() as conn:
        rows = conn.execute(select(Observation.indicator_code, Observation.region_code, Observation.period,
                                   Observation.value).where(Observation.is_current)).all()
    return {(i, r, p): v for i, r, p, v in rows}


def _bundles() -> dict[tuple[str, str, str], float]:
    """Every bundled row under its current Kemendagri code (crosswalk bps_code -> kemendagri_code; ID stays)."""
    crosswalk = pd.read_csv(SEED / "regions/crosswalk.csv", dtype=str).set_index("bps_code")["kemendagri_code"]
    out: dict[tuple[str, str, str], float] = {}
    for bundle in BUNDLES:
        raw = pd.read_csv(SEED / f"{bundle}/observations.csv", dtype=str, keep_default_na=False)
        for indicator, region, period, value in raw.itertuples(index=False):
            key = (indicator, "ID" if region == "ID" else crosswalk[region], period)
            assert key not in out, f"{bundle}: {key} twice after translation"
            out[key] = float(value)
    return out


@pytest.mark.parametrize("backend", ["engine", "pg_engine"])
def test_every_stored_value_is_its_bundle_row(request, backend):
    engine = request.getfixturevalue(backend)  # SQLite, and PostgreSQL (skipped when no server answers)
    stored, bundled = _stored(engine), _bundles()
    assert set(stored) == set(bundled)  # nothing left out, nothing added
    differ = [(k, stored[k], bundled[k]) for k in bundled if stored[k] != bundled[k]]
    assert differ == [] and len(stored) == 22574 + 24109


@pytest.fixture(scope="module")
def truth(tmp_path_factory, seeded_template):
    """One read-only copy of the seeded store for the page checks below (module-wide, to keep them quick)."""
    path = tmp_path_factory.mktemp("truth") / "store.db"
    shutil.copy(seeded_template, path)
    engine = open_engine(f"sqlite:///{path}")
    ctx = AppContext(engine=engine, config=Config(database_url=f"sqlite:///{path}", auto_seed=False), cache=None)
    yield ctx, _stored(engine)
    engine.dispose()


def _equal_or_flagged(stored, indicator: str, region: str, period: str, value, flagged: bool | None = None) -> None:
    assert value is not None
    assert stored[(indicator, region, str(period))] == float(value), (indicator, region, period, value)
    if flagged is not None:
        assert flagged == (not comparable(indicator, region, str(period))), (indicator, region, period)


@pytest.mark.parametrize("region", SAMPLE)
def test_overview_cards_show_stored_values(truth, region):
    ctx, stored = truth
    checked = 0
    for card in overview.overview_cards(ctx, region):
        code = card["indicator"]["code"]
        if card["value"] is not None:
            _equal_or_flagged(stored, code, region, card["period"], card["value"])
            checked += 1
        if card.get("parent_value") is not None:
            _equal_or_flagged(stored, code, card["parent"]["code"], card["period"], card["parent_value"])
    assert checked


@pytest.mark.parametrize(("indicator", "period", "level", "parent"), [
    ("penduduk", "2023", "province", None), ("p0", "2023-03", "province", None), ("pdrb_per_capita", "2023", "province", None),
    ("tpt", "2024-08", "regency", None), ("pdrb_growth", "2021", "regency", "82"), ("air_minum_layak", "2022", "province", None)])
def test_map_values_are_stored_values_or_marked_not_comparable(truth, indicator, period, level, parent):
    ctx, stored = truth
    view = maps.map_view(ctx, indicator, period, level, parent)
    for i, code in enumerate(view.codes):
        if not np.isfinite(view.exact[i]):
            assert (indicator, code, period) not in stored  # missing stays missing
            continue
        _equal_or_flagged(stored, indicator, code, period, view.exact[i], flagged=bool(np.isfinite(view.earlier[i])))
        assert np.isfinite(view.values[i]) != np.isfinite(view.earlier[i])  # coloured as today's, or set apart


@pytest.mark.parametrize("indicator", ["ipm", "p0", "tpt", "pdrb_per_capita", "penduduk"])
def test_trend_points_and_ranking_rows_are_stored_values(truth, indicator):
    ctx, stored = truth
    lines = tren.trend_data(ctx, indicator, ["91", "32", "3273"]).lines
    points = lines[~lines["gap"].astype(bool)]
    assert not points.empty
    for row in points.itertuples(index=False):
        _equal_or_flagged(stored, indicator, row.region_code, row.period, row.value)
    latest = max(p for (i, _r, p) in stored if i == indicator)
    ranking = ranking_data(ctx, "32", None, indicator, latest, "id").frame
    for row in ranking.dropna(subset=["value"]).itertuples(index=False):
        if not row.region_code:  # the reference line when no official parent figure exists: labelled as such
            assert "bukan angka resmi" in row.role
            continue
        _equal_or_flagged(stored, indicator, row.region_code, row.period, row.value, flagged=not row.comparable)
