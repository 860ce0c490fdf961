"""The priority matrix inside a kab/kota (/prioritas?wilayah=3201): kecamatan or desa on the IDM dimensions."""
from __future__ import annotations

import pandas as pd
import pytest

from callbacks.prioritas import view_for
from services.access import PUBLIC
from services.config import Config
from services.context import AppContext
from services.village_priorities import parent_key, priorities, split_parent
from tests.conftest import idm_bundle

BOGOR = "3201"


@pytest.fixture
def ctx(village_engine):
    return AppContext(engine=village_engine, config=Config(database_url="sqlite://", auto_seed=False), cache=None)


def bundle() -> pd.DataFrame:
    mine = idm_bundle(BOGOR)
    mine = mine[mine["idm"] != ""]
    return mine.assign(**{d: mine[d].astype(float) for d in ("iks", "ike", "ikl")})


def test_parent_keys():
    assert split_parent(parent_key(BOGOR)) == (BOGOR, "district")
    assert split_parent(parent_key(BOGOR, "village")) == (BOGOR, "village")
    assert split_parent("32") is None and split_parent("ID") is None


def test_desa_ranked_on_one_dimension_is_the_order_of_that_index(village_engine):
    inputs, result, kelurahan = priorities(village_engine, parent_key(BOGOR, "village"), ["ike"], {"ike": 1.0},
                                           draws=20)
    data = bundle().sort_values(["ike", "code"])
    assert kelurahan == 19  # counted apart, never set apart as missing
    assert result.set_apart.empty and len(result.ranking) == len(data)
    first = result.ranking.sort_values("rank").iloc[0]["region"]
    assert first in set(data.loc[data["ike"] == data["ike"].min(), "code"])


def test_kecamatan_units_are_the_mean_of_their_desa(village_engine):
    inputs, result, only_kelurahan = priorities(village_engine, BOGOR, ["iks", "ike", "ikl"],
                                                {"iks": 1.0, "ike": 1.0, "ikl": 1.0}, draws=50)
    data = bundle()
    means = data.groupby(data["code"].str[:6])[["iks", "ike", "ikl"]].mean()
    assert set(result.ranking["region"]) == set(means.index) and only_kelurahan == 1
    need = (1 - means)
    norm = (need - need.min()) / (need.max() - need.min())
    expected = norm.mean(axis=1).sort_values(ascending=False)
    assert result.ranking.sort_values("rank")["region"].iloc[0] == expected.index[0]
    assert result.ranking["stability"].between(0, 1).all()
    assert set(result.heatmap.columns) == {"iks", "ike", "ikl"}


def test_the_page_view_inside_a_kabkota(ctx):
    view = view_for(ctx, parent_key(BOGOR, "village"), ["iks", "ike", "ikl"], {"iks": 1, "ike": 1, "ikl": 1},
                    "id", PUBLIC)
    assert len(view.rows) == len(bundle()) and "(" in view.rows[0]["region"]  # desa (kecamatan)
    assert any("19 kelurahan tidak dinilai IDM" in n for n in view.notes)
    assert any("Peta panas menampilkan 50 teratas" in n for n in view.notes)
    assert len(view.figure.data[0].y) == 50
    # a province with the kab/kota page's sliders (IDM dimensions) falls back to the plan criteria
    assert view_for(ctx, "32", ["ipm", "p0"], {"iks": 1}, "id", PUBLIC).rows


def test_the_story_names_the_dimension_each_top_unit_needs_most(ctx):
    view = view_for(ctx, BOGOR, ["iks", "ike", "ikl"], {"iks": 1, "ike": 1, "ikl": 1}, "en", PUBLIC)
    assert len(view.narrative) == 3 and view.narrative[0].startswith(f"1. {view.rows[0]['region']}: most in need on")


def test_the_brief_of_a_kabkota_matrix_is_the_kabkota_on_the_default_basis():
    from callbacks.brief import brief_basis

    ids = [{"index": d} for d in ("iks", "ike", "ikl")]
    assert brief_basis(parent_key(BOGOR, "village"), ["iks"], [1, 1, 1], ids) == (BOGOR, None)
    assert brief_basis(BOGOR, ["iks"], [1, 1, 1], ids) == (BOGOR, None)
    code, selection = brief_basis("32", ["ipm"], [3], [{"index": "gap_to_target"}])
    assert code == "32" and selection is not None
