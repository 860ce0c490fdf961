"""layouts.ringkasan_desa: the villages section from a VillageOverview dict, in both languages."""
from __future__ import annotations

import json

import plotly

from layouts.ringkasan_desa import section

STATUSES = [{"value": v, "label_id": a, "label_en": b, "count": n, "change": None} for v, a, b, n in (
    (1, "Mandiri", "Mandiri (independent)", 1234), (2, "Maju", "Maju (advanced)", 5),
    (3, "Berkembang", "Berkembang (developing)", 0), (4, "Tertinggal", "Tertinggal (left behind)", 0),
    (5, "Sangat Tertinggal", "Sangat Tertinggal (very left behind)", 0))]
VIEW = {"region": {"code": "3201", "name": "Kabupaten Bogor", "level": "regency"}, "state": "ready",
        "period": "2024", "previous_period": None, "statuses": STATUSES, "desa": 1239, "kelurahan": 19,
        "unscored": 0, "districts": [{"rank": 1, "code": "320101", "name": "Cibinong", "idm": 0.9, "desa": 3}],
        "kelurahan_only": 1, "lowest": [{"code": "3201012001", "name": "Banyuresmi", "district": "Cigudeg",
                                          "idm": 0.6613, "status": 3, "weakest": ["ikl"], "weakest_value": 0.4}]}


def text(component) -> str:
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


def test_counts_in_indonesian_numbers_and_kelurahan_apart():
    out = text(section(VIEW, "id"))
    assert '"1.234"' in out and "19 kelurahan: tidak dinilai IDM" in out
    assert "belum ada perubahan" in out and "IKL (lingkungan) 0,4000" in out
    assert "/peta?wilayah=3201&tingkat=desa" in out


def test_english_and_a_change_only_when_there_is_an_earlier_year():
    view = {**VIEW, "previous_period": "2023",
            "statuses": [{**s, "change": 3 if s["value"] == 1 else 0} for s in STATUSES]}
    out = text(section(view, "en"))
    assert '"1,234"' in out and "Mandiri (independent)" in out and "+3" in out
    assert "no change to compare" not in out
    assert "no change to compare" in text(section(VIEW, "en"))


def test_loading_is_said_plainly_and_other_regions_get_nothing():
    out = text(section({**VIEW, "state": "loading", "statuses": [], "lowest": [], "districts": []}, "id"))
    assert "sedang dimuat" in out and "Mandiri" not in out
    assert section(None, "id") is None
