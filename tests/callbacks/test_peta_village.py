"""The map below the kab/kota on the store with the villages: kecamatan and desa of Kab. Bogor, the IDM status
with its counts, kelurahan apart from missing data, the drill-down at each level and the URL state."""
import math

import numpy as np
import pytest
from dash.exceptions import PreventUpdate

from callbacks import peta as cb
from layouts import choropleth
from layouts.peta import ids
from services import maps
from services.config import Config
from services.context import AppContext
from tests.conftest import idm_bundle


@pytest.fixture
def ctx(village_engine):
    return AppContext(engine=village_engine, config=Config(auto_seed=False), cache=None)


@pytest.fixture(scope="module")
def bundle():
    """IDM 2024 under 2025 codes, read from the seed files themselves (through the code map)."""
    idm = idm_bundle()
    return idm[idm["code"] != ""]


def test_desa_of_bogor_by_status_with_kelurahan_apart(ctx, bundle):
    view = maps.map_view(ctx, "status_idm", "2024", "village", "3201")
    assert len(view.codes) == 435 and view.geometry_name == "village-3201" and not view.no_shape
    assert len(view.not_scored) == 19 and all(view.codes[i][6] == "1" for i in view.not_scored)  # the kelurahan
    spec = cb.spec_for(view, "id")
    no_data, shown, _earlier, not_scored = choropleth.layers(spec)
    assert no_data["locations"] == [] and len(not_scored["locations"]) == 19  # never "no data"
    expected = bundle[bundle["code"].str.startswith("3201")]["status"].value_counts().to_dict()
    legend = dict(choropleth.legend_items(spec))
    assert legend[choropleth.ORDERED_CATEGORIES[0]] == f"Mandiri ({expected['Mandiri']})"
    assert legend[choropleth.ORDERED_CATEGORIES[1]] == f"Maju ({expected['Maju']})"
    assert shown["colorbar"]["ticktext"][2] == f"Berkembang ({expected['Berkembang']})"
    rows = {r["code"]: r for r in cb.table_rows(view, "en")}
    assert rows[view.codes[view.not_scored[0]]]["class_label"] == "kelurahan (not scored by the IDM)"


def test_kecamatan_by_mean_idm_of_their_desa(ctx, bundle):
    view = maps.map_view(ctx, "idm", "2024", "district", "3201")
    assert len(view.codes) == 40 and view.geometry_name == "district-3201"
    desa = bundle[bundle["code"].str.startswith("320105")]["idm"].astype(float)
    at = view.codes.index("320105")
    assert math.isclose(view.exact[at], desa.mean()) and view.members["320105"] == {0: len(desa)}
    assert view.breaks is not None and not view.categories
    assert "rata-rata 9 desa" in cb.spec_for(view, "id").details["320105"]
    status = maps.map_view(ctx, "status_idm", "2024", "district", "3201")
    shares = status.members["320105"]
    assert math.isclose(sum(shares.values()), 1.0) and status.values[at] in shares


def test_kecamatan_of_kelurahan_only_are_not_missing_data(ctx):
    view = maps.map_view(ctx, "idm", "2024", "village", "3273")  # Kota Bandung: kelurahan only
    assert view.with_data == 0 and len(view.not_scored) == len(view.codes) == 151
    district = maps.map_view(ctx, "idm", "2024", "district", "3273")
    assert len(district.not_scored) == len(district.codes)
    bps = maps.map_view(ctx, "ipm", "2024", "village", "3273")  # a BPS indicator: no data, not "not scored"
    assert not bps.not_scored


def test_drill_down_at_each_level(ctx):
    assert cb.navigation(ctx, ids.GRAPH, "32", None, "province", "ipm") == ("32", "regency", "ipm")
    assert cb.navigation(ctx, ids.GRAPH, "3201", "32", "regency", "ipm") == ("3201", "district", "status_idm")
    assert cb.navigation(ctx, ids.GRAPH, "320105", "3201", "district", "idm") == ("320105", "village", "idm")
    with pytest.raises(PreventUpdate):
        cb.navigation(ctx, ids.GRAPH, "3201052008", "320105", "village", "idm")
    # a desa of a whole kab/kota or province opens its kecamatan
    assert cb.navigation(ctx, ids.GRAPH, "3201052008", "3201", "village", "idm")[:2] == ("320105", "village")
    assert cb.navigation(ctx, ids.GRAPH, "3201052008", "32", "village", "idm")[:2] == ("320105", "village")
    # back up: a crumb, then home; IPM again above the kab/kota
    assert cb.navigation(ctx, {"type": ids.CRUMB, "code": "32"}, None, "320105", "village", "idm") == (
        "32", "regency", "ipm")
    assert cb.navigation(ctx, ids.CRUMB_HOME, None, "3201", "district", "status_idm") == (None, "regency", "ipm")
    assert [c for c, _name in cb.crumbs(ctx, "320105")] == ["32", "3201", "320105"]


def test_map_update_draws_then_patches_at_the_village_level(ctx):
    figure, drawn, _summary, _label = cb.map_update(ctx, "status_idm", ["2024"], 0, "quantile", "village", "3201",
                                                    None, "id")
    assert drawn.startswith("village-3201:") and figure.data[1].geojson.startswith("/geo/village-3201.geojson")
    patch, again, summary, _label = cb.map_update(ctx, "idm", ["2024"], 0, "quantile", "village", "3201", drawn,
                                                  "id")
    assert again == drawn and "__dash_patch_update" in str(patch.to_plotly_json())
    assert any("kelurahan" in str(part) for part in summary)


def test_url_state_below_the_kabkota(ctx):
    setup = cb.setup_from_url(ctx, "id", region="3201", level="district")
    assert (setup.parent, setup.level, setup.indicator, setup.periods) == ("3201", "district", "status_idm", ["2024"])
    setup = cb.setup_from_url(ctx, "id", region="32.01", level="village", indicator="iks")
    assert (setup.parent, setup.level, setup.indicator) == ("3201", "village", "iks")
    setup = cb.setup_from_url(ctx, "id", region="3201052008")
    assert (setup.parent, setup.level, setup.highlight) == ("3201", "village", "3201052008")
    setup = cb.setup_from_url(ctx, "id", region="33", level="village")
    assert (setup.parent, setup.level) == ("33", "village")
    setup = cb.setup_from_url(ctx, "id", region="3201")  # no level: the province, Bogor outlined, as before
    assert (setup.parent, setup.level, setup.highlight, setup.indicator) == ("32", "regency", "3201", "ipm")


def test_one_province_of_desa(ctx):
    view = maps.map_view(ctx, "status_idm", "2024", "village", "33")
    assert len(view.codes) == 8563 and view.with_data + len(view.not_scored) == len(view.codes)
    assert np.isnan(view.ranks).all()  # a status is not ranked
