"""The catalogue's availability matrix with the village levels: kecamatan and desa/kelurahan columns (with the
store's counts) once the villages are in the store, IDM values counted at the desa level, none for a BPS series."""
import pandas as pd

from callbacks.katalog import availability_matrix
from data.seed import SEED
from layouts.katalog import availability_table
from services.config import Config
from services.context import AppContext
from tests.conftest import idm_bundle


def ctx_for(engine):
    return AppContext(engine=engine, config=Config(auto_seed=False), cache=None)


def bundle_levels() -> dict[str, int]:
    return pd.read_csv(SEED / "villages" / "regions.csv", dtype=str)["level"].value_counts().to_dict()


def test_idm_is_counted_at_the_desa_level_against_the_bundles_regions(village_engine):
    matrix, totals = availability_matrix(ctx_for(village_engine), "idm")
    levels = bundle_levels()
    assert totals["district"] == levels["district"] and totals["village"] == levels["village"]
    idm = idm_bundle()
    assert [row["period"] for row in matrix] == ["2024"]
    assert matrix[0]["village"] == int(((idm["code"] != "") & (idm["idm"] != "")).sum())
    assert not matrix[0].get("district") and not matrix[0].get("regency")


def test_the_table_shows_the_village_columns_in_both_languages(village_engine):
    matrix, totals = availability_matrix(ctx_for(village_engine), "idm")
    text = str(availability_table(matrix, totals, "id"))
    assert "Kecamatan (7.285)" in text and "Desa/Kelurahan (83.762)" in text and "75.248" in text
    assert "tidak mencakup kelurahan" in text
    english = str(availability_table(*availability_matrix(ctx_for(village_engine), "ipm"), "en"))
    assert "Kecamatan (district) (7,285)" in english and "Desa/Kelurahan (village) (83,762)" in english
    assert "leaves the kelurahan out" not in english  # no village values for IPM: no note


def test_without_the_villages_no_empty_village_columns(engine):
    text = str(availability_table(*availability_matrix(ctx_for(engine), "ipm"), "id"))
    assert "Kabupaten/Kota (514)" in text and "Kecamatan" not in text and "Desa" not in text
