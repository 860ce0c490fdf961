"""The brief agrees with the page: the overview card's national figure and rank, /prioritas's scores in its order,
nothing cut with an ellipsis, a page filled down to its footer, and XLSX tables a person can read in either
language (translated headers, numbers rounded and formatted, no blank rows)."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from callbacks.brief import pdf_bytes, xlsx_bytes
from callbacks.prioritas import view_for
from i18n import fmt_number
from layouts.brief import chart
from layouts.brief.pdf import FOOTER_TOP
from services import priorities
from services.access import PUBLIC
from services.brief import build_brief
from services.config import Config
from services.context import AppContext
from services.overview import overview_cards
from tests.dashboard.test_brief import _png

MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture
def ctx(engine, sqlite_url):
    return AppContext(engine=engine, config=Config(database_url=sqlite_url, auto_seed=False), cache=None)


@pytest.fixture
def quick_map(monkeypatch):
    monkeypatch.setattr(chart, "render_png", lambda figure, **_: _png())


def lines_with_heights(data: bytes) -> list[tuple[float, str]]:
    """(mm from the top of the page, text) of every text run on the first page."""
    found: list[tuple[float, str]] = []
    page = PdfReader(io.BytesIO(data)).pages[0]
    height = float(page.mediabox.height)

    def visit(text, cm, tm, *_):
        if text.strip():
            found.append(((height - tm[5] * cm[3] - cm[5]) / MM, text))

    page.extract_text(visitor_text=visit)
    return found


def flat(data: bytes) -> str:
    return " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())


def test_priority_scores_are_the_pages_in_its_order(ctx):
    """/prioritas shows each kab/kota's priority score; the brief printed its worst heat-map cell instead
    (0,99 0,86 0,92 against the page's 0,88 0,83 0,83)."""
    page = view_for(ctx, "32", list(priorities.DEFAULT_INDICATORS), priorities.DEFAULT_WEIGHTS, "id", PUBLIC)
    brief = build_brief(ctx, "32", PUBLIC, draws=20)
    assert [(p.region["code"], fmt_number(p.need, 2, "id")) for p in brief.priorities] == \
        [(r["code"], r["score"]) for r in page.rows[:3]]
    assert [p.need for p in brief.priorities] == sorted((p.need for p in brief.priorities), reverse=True)


def test_pdf_states_the_national_figure_and_rank_of_the_overview_card(ctx, quick_map):
    card = next(c for c in overview_cards(ctx, "32") if c["indicator"]["code"] == "ipm")
    text = flat(pdf_bytes(ctx, "32", "id"))
    assert f"Indonesia: {fmt_number(card['parent_value'], 2, 'id')}" in text
    assert f"ke-{card['rank']['position']} dari {card['rank']['of']} provinsi" in text
    english = flat(pdf_bytes(ctx, "3273", "en", draw_map=False))
    assert "of 27 regencies/cities in Jawa Barat" in english and "Jawa Barat: " in english


@pytest.mark.parametrize(("code", "lang"), [("32", "id"), ("ID", "en"), ("3273", "id")])
def test_pdf_cuts_nothing_and_fills_the_page(ctx, quick_map, code, lang):
    data = pdf_bytes(ctx, code, lang)
    runs = lines_with_heights(data)
    assert not [text for _, text in runs if "…" in text]  # 'Target 2024: 74,14 (RPD Jawa B…' before
    body = [y for y, _ in runs if y < FOOTER_TOP - 1]
    assert max(body) > FOOTER_TOP - 20  # the bottom 15% (45 mm) was empty before
    assert len(PdfReader(io.BytesIO(data)).pages) == 1


def test_xlsx_headers_follow_the_language_and_numbers_are_formatted(ctx):
    indonesian = load_workbook(io.BytesIO(xlsx_bytes(ctx, "32", "id")))
    assert indonesian.sheetnames == ["indikator", "prioritas", "peta", "tentang"]
    header = [c.value for c in indonesian["indikator"][1]]
    assert header[:5] == ["Kode indikator", "Indikator", "Satuan", "Periode", "Nilai"]
    assert "Peringkat" in header and "Nilai wilayah pembanding" in header
    ipm = next(row for row in indonesian["indikator"].iter_rows(min_row=2) if row[0].value == "ipm")
    change = ipm[header.index("Perubahan")]
    assert change.value == 0.69 and change.number_format == "#,##0.00"  # 0.6900000000000119 before
    assert ipm[header.index("Nilai wilayah pembanding")].value == pytest.approx(74.2)
    english = load_workbook(io.BytesIO(xlsx_bytes(ctx, "32", "en")))
    assert [c.value for c in english["priorities"][1]][:3] == ["Rank", "Region code", "Region"]
    score = english["priorities"]["H2"]
    assert score.number_format == "#,##0.00" and score.value == round(score.value, 2)


def test_xlsx_has_no_blank_rows_for_indicators_without_data(ctx):
    book = load_workbook(io.BytesIO(xlsx_bytes(ctx, "3273", "id")))
    sheet = book["indikator"]
    header = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert any(r[header.index("Nilai")] is None for r in rows)  # Kota Bandung lacks some headline indicators
    assert all(r[header.index("Status angka")] for r in rows)  # ... and those rows say 'tidak ada data'
    assert {r[header.index("Status angka")] for r in rows if r[header.index("Nilai")] is None} == {"tidak ada data"}
