"""services.villages: the bupati's view of a kab/kota's desa, checked against the bundled files themselves."""
from __future__ import annotations

import pandas as pd
import pytest

from data.seed import SEED
from services.config import Config
from services.context import AppContext
from services.villages import LOWEST, village_overview
from tests.conftest import idm_bundle

BOGOR = "3201"
FOLDER = SEED / "villages"


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(FOLDER / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def bundle() -> pd.DataFrame:
    """idm_2024.csv under its 2025 codes (idm_code_map.csv, row for row), the rows of Kab. Bogor."""
    return idm_bundle(BOGOR)


def context(engine, **config) -> AppContext:
    return AppContext(engine=engine, config=Config(**({"database_url": "sqlite://", "auto_seed": False} | config)),
                      cache=None)


def test_status_counts_equal_the_bundle(village_engine, bundle):
    view = village_overview(context(village_engine), BOGOR)
    expected = bundle[bundle["status"] != ""]["status"].value_counts().to_dict()
    assert {s["label_id"]: s["count"] for s in view.statuses if s["count"]} == expected
    assert [s["label_id"] for s in view.statuses] == ["Mandiri", "Maju", "Berkembang", "Tertinggal",
                                                      "Sangat Tertinggal"]
    assert view.period == "2024"
    assert view.previous_period is None and all(s["change"] is None for s in view.statuses)  # one year: no change


def test_kelurahan_are_counted_apart_never_as_missing(village_engine, bundle):
    view = village_overview(context(village_engine), BOGOR)
    regions = read("regions.csv")
    mine = regions[(regions["level"] == "village") & regions["code"].str.startswith(BOGOR)]
    assert view.kelurahan == int((mine["kind"] == "kelurahan").sum()) > 0
    assert view.desa == int((mine["kind"] == "desa").sum())
    scored = set(bundle.loc[bundle["idm"] != "", "code"])
    assert view.unscored == len(set(mine.loc[mine["kind"] == "desa", "code"]) - scored)
    assert view.scored + view.unscored == view.desa


def test_the_ten_lowest_desa_and_their_weakest_dimension(village_engine, bundle):
    view = village_overview(context(village_engine), BOGOR)
    scored = bundle[bundle["idm"] != ""].assign(idm=lambda f: f["idm"].astype(float)).sort_values(["idm", "code"])
    assert [d["code"] for d in view.lowest] == list(scored["code"].head(LOWEST))
    first = scored.iloc[0]
    dims = {d: float(first[d]) for d in ("iks", "ike", "ikl")}
    assert view.lowest[0]["weakest"] == [d for d, v in dims.items() if v == min(dims.values())]
    assert view.lowest[0]["weakest_value"] == min(dims.values())
    assert view.lowest[0]["name"] and view.lowest[0]["district"]


def test_kecamatan_ranked_by_mean_idm(village_engine, bundle):
    view = village_overview(context(village_engine), BOGOR)
    scored = bundle[bundle["idm"] != ""].assign(idm=lambda f: f["idm"].astype(float))
    means = scored.groupby(scored["code"].str[:6])["idm"].mean().sort_values(ascending=False)
    assert [d["code"] for d in view.districts] == list(means.index)
    assert view.districts[0]["idm"] == pytest.approx(means.iloc[0])
    assert [d["rank"] for d in view.districts] == list(range(1, len(means) + 1))


def test_not_a_kabkota_or_still_loading(engine, village_engine):
    assert village_overview(context(village_engine), "32") is None
    loading = village_overview(context(engine, auto_seed=True, villages=True), BOGOR)  # the thread has not finished
    assert loading.state == "loading" and loading.statuses == [] and loading.lowest == []
    assert village_overview(context(engine, villages=False), BOGOR).state == "off"
