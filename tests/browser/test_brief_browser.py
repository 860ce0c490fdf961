"""The brief's download buttons in a real headless Chromium: PDF from the overview, XLSX from /prioritas."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from layouts.brief import chart

pytestmark = pytest.mark.browser


@pytest.fixture
def quick_map(monkeypatch):
    """kaleido itself is tested in tests/dashboard/test_brief.py; here a stand-in keeps the browser test short."""
    from tests.dashboard.test_brief import _png

    monkeypatch.setattr(chart, "render_png", lambda figure, **_: _png())


def test_overview_downloads_the_pdf_brief_of_the_region_shown(live_server, bpage, quick_map):
    page = bpage.page
    page.goto(f"{live_server}/?wilayah=32")
    page.wait_for_selector(".ringkasan-card", timeout=20000)
    button = page.get_by_role("button", name="Unduh ringkasan (PDF)")
    with page.expect_download(timeout=60000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "ringkasan-32.pdf"
    reader = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    text = " ".join(reader.pages[0].extract_text().split())
    assert len(reader.pages) == 1 and "Ringkasan Eksekutif: Jawa Barat" in text and "Tiga prioritas teratas" in text
    bpage.assert_clean()


def test_priorities_page_downloads_the_xlsx_brief_in_english(live_server, bpage, quick_map):
    page = bpage.page
    page.goto(f"{live_server}/prioritas?wilayah=32&lang=en")
    page.wait_for_selector(".ag-row", timeout=30000)
    with page.expect_download(timeout=60000) as info:
        page.get_by_role("button", name="Brief (XLSX)").click()
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert book.sheetnames == ["indicators", "priorities", "map", "about"]
    assert len(list(book["priorities"].values)) == 4
    about = dict(book["about"].values)
    assert about["Priorities basis"].startswith("Indicators: Poverty") and "default weights" in about["Priorities basis"]
    bpage.assert_clean()


def test_priorities_brief_ranks_on_the_indicators_chosen_on_the_page(live_server, bpage, quick_map):
    page = bpage.page
    page.goto(f"{live_server}/prioritas?wilayah=32&indikator=ipm")
    page.wait_for_selector(".ag-row", timeout=30000)
    with page.expect_download(timeout=60000) as info:
        page.get_by_role("button", name="Ringkasan (XLSX)").click()
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    rows = list(book.worksheets[1].values)  # the priorities sheet
    assert len(rows) == 4 and {r[3] for r in rows[1:]} == {"ipm"}
    assert dict(book.worksheets[-1].values)["Dasar prioritas"].startswith("Indikator: IPM")
    bpage.assert_clean()
