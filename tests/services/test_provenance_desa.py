"""Provenance of one province's desa (the map's citation, table and downloads): read from that province's rows,
not from the 75,000 desa of Indonesia, and still one row per desa with a value."""
from __future__ import annotations

import pandas as pd

from services import provenance, queries
from services.access import PUBLIC


def test_a_provinces_desa_are_read_from_that_province_only(village_engine):
    desa = queries.regions(village_engine, level="village", parent="33")["code"]  # 8,563 of Jawa Tengah
    keys = pd.DataFrame({"indicator_code": "idm", "region_code": desa, "period": "2024"})
    stored = provenance._stored(village_engine, keys, PUBLIC)
    assert len(stored) > 7000 and stored["region_code"].str.startswith("33").all()
    valued = queries.values_for_period(village_engine, "idm", "2024", level="village", parent="33")
    frame = provenance.provenance_frame(village_engine, keys)
    assert sorted(frame["region_code"]) == sorted(valued["region_code"])  # every desa with a value, once
    assert set(frame["producer"]) == {"Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi "
                                      "(Kemendes PDTT)"}


def test_shared_prefix():
    assert provenance.shared_prefix(["3301012001", "3329142010"]) == "33"
    assert provenance.shared_prefix(["3201", "3302"]) == "3"
    assert provenance.shared_prefix(["11", "32"]) == ""
    assert provenance.shared_prefix([]) == ""
