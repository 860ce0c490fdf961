"""Downloads: CSV and XLSX cells that would run as formulas are escaped; numbers stay numbers; citations."""
from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from services.export import citation, safe_csv, safe_xlsx

FRAME = pd.DataFrame({"region_name": ["=HYPERLINK(\"http://x\")", "+cmd", "@SUM(A1)", "Kota Bandung"],
                      "value": [-0.73, 1.5, 2.0, 75.37]})


def test_csv_escapes_formula_text_but_not_negative_numbers():
    text = safe_csv(FRAME)
    assert "'=HYPERLINK" in text and "'+cmd" in text and "'@SUM" in text
    assert "\n'+cmd" in text and ",-0.73" in text


def test_xlsx_escapes_and_keeps_numbers():
    book = load_workbook(io.BytesIO(safe_xlsx(FRAME, about=[("Sumber", "BPS")])))
    rows = list(book["data"].values)
    assert rows[0] == ("region_name", "value")
    assert rows[1] == ("'=HYPERLINK(\"http://x\")", -0.73) and rows[4] == ("Kota Bandung", 75.37)
    assert list(book["about"].values) == [("Sumber", "BPS")]


def test_citation_in_both_languages():
    line = citation("IPM", "Jawa Barat", "2024", "BPS", "28 November 2026", "http://h/peta?wilayah=32", "id")
    assert line == ("IPM, Jawa Barat, 2024. Sumber: BPS. Dasbor Satu Data, diakses 28 November 2026. "
                    "http://h/peta?wilayah=32")
    assert "Source: BPS" in citation("HDI", "West Java", None, "BPS", "28 November 2026", lang="en")
