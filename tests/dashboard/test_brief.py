"""The executive brief: a valid one-page PDF naming the region and its top priority, XLSX tables, the public
tier only for the public, a brief without a picture when kaleido fails, and `python -m dashboard brief`."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from callbacks.brief import pdf_bytes, xlsx_bytes
from dashboard.cli import main
from data.errors import NoDataError
from layouts.brief import chart, text
from models.brief import Selection
from services import metadata
from services.access import PUBLIC, access_for
from services.brief import build_brief, map_shapes
from services.config import Config
from services.context import AppContext


@pytest.fixture
def ctx(engine, sqlite_url):
    return AppContext(engine=engine, config=Config(database_url=sqlite_url, auto_seed=False), cache=None)


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_content_of_a_province(ctx):
    brief = build_brief(ctx, "32", PUBLIC, draws=50)
    assert brief.region["name"] == "Jawa Barat"
    assert [p.rank for p in brief.priorities] == [1, 2, 3]
    assert all(p.region["code"].startswith("32") and len(p.region["code"]) == 4 for p in brief.priorities)
    assert brief.map is not None and brief.map.level == "regency" and brief.map.parent == "32"
    assert len(brief.map.frame) == 27
    ipm = next(c for c in brief.cards if c.indicator["code"] == "ipm")
    assert ipm.period == "2024" and ipm.value == pytest.approx(74.43)  # the seed's figure
    assert ipm.target is not None and ipm.on_track is not None  # Jawa Barat has RPD targets


def test_the_brief_is_dated_today_in_the_display_zone(ctx, monkeypatch):
    """Not the server's UTC date (tests/i18n/test_i18n.py: local_today follows the display zone)."""
    from datetime import date

    from services import brief as content

    monkeypatch.setattr(content, "local_today", lambda: date(2031, 2, 3))
    assert build_brief(ctx, "32", PUBLIC, draws=5).generated == date(2031, 2, 3)


def test_kabkota_brief_lists_its_own_indicators_and_highlights_it(ctx):
    brief = build_brief(ctx, "3273", PUBLIC, draws=50)
    assert {p.region["code"] for p in brief.priorities} == {"3273"}
    assert brief.map is not None and brief.map.parent == "32" and brief.map.highlight == "3273"


def test_pdf_is_one_valid_page_with_region_and_top_priority(ctx, monkeypatch):
    monkeypatch.setattr(chart, "render_png", lambda figure, **_: _png())
    data = pdf_bytes(ctx, "32", "id")
    pages, text = pdf_text(data)
    top = build_brief(ctx, "32", PUBLIC).priorities[0]
    assert pages == 1
    assert "Jawa Barat" in text and "Ringkasan Eksekutif" in text
    assert top.region["name"] in text
    assert "Peta:" in text and "tidak dapat digambar" not in text


def test_english_brief(ctx, monkeypatch):
    monkeypatch.setattr(chart, "render_png", lambda figure, **_: _png())
    _, text = pdf_text(pdf_bytes(ctx, "ID", "en"))
    assert "Executive brief: Indonesia" in text and "Three top priorities" in text and "Data as of" in text


def test_kaleido_failure_gives_a_brief_without_the_picture(ctx, monkeypatch):
    def broken(figure, **_):
        raise RuntimeError("no browser")

    monkeypatch.setattr(chart, "render_png", broken)
    pages, text = pdf_text(pdf_bytes(ctx, "32", "en"))
    assert pages == 1 and "could not be drawn" in text and "Jawa Barat" in text


def test_xlsx_holds_the_same_tables(ctx):
    book = load_workbook(io.BytesIO(xlsx_bytes(ctx, "32", "en")))
    assert book.sheetnames == ["indicators", "priorities", "map", "about"]
    rows = list(book["priorities"].values)
    assert rows[0][:4] == ("Rank", "Region code", "Region", "Indicator code") and len(rows) == 4
    brief = build_brief(ctx, "32", PUBLIC)
    assert rows[1][2] == brief.priorities[0].region["name"]
    assert len(list(book["map"].values)) == 28


def test_public_brief_leaves_internal_indicators_out(ctx, engine):
    metadata.set_tier(engine, "gini", "internal")
    public = build_brief(ctx, "32", PUBLIC, draws=20)
    assert "gini" not in {c.indicator["code"] for c in public.cards}
    analyst = build_brief(ctx, "32", access_for("analis", "ana"), draws=20)
    assert "gini" in {c.indicator["code"] for c in analyst.cards}


def test_priorities_rank_on_the_chosen_indicators_and_weights(ctx):
    """The /prioritas page's choice reaches the brief: only the chosen indicator ranks, the basis line names it and
    the weights, and says they were chosen rather than the defaults."""
    chosen = Selection.of(["ipm"], {"gap_to_target": 0, "trend": 5, "below_median": 1, "p_miss": 0,
                                    "population": 0})
    brief = build_brief(ctx, "32", PUBLIC, draws=20, selection=chosen)
    assert brief.priorities and {p.indicator["code"] for p in brief.priorities} == {"ipm"}
    basis = text.priorities_basis(brief, "id")
    assert basis.startswith("Indikator: IPM") and "bobot pilihan" in basis and "Arah tren 5" in basis
    default = build_brief(ctx, "32", PUBLIC, draws=20)
    assert "bobot bawaan" in text.priorities_basis(default, "id")
    assert [m["code"] for m in default.basis_indicators] == ["p0", "tpt", "ipm", "stunting"]


def test_selection_falls_back_to_the_defaults_and_drops_unknown_criteria():
    assert Selection.of(None, None) == Selection() and Selection().is_default
    picked = Selection.of(["ipm"], {"trend": 4, "nonsense": 9})
    assert picked.indicators == ("ipm",) and dict(picked.weights) == {"trend": 4.0} and not picked.is_default


def test_unknown_region(ctx):
    with pytest.raises(NoDataError):
        build_brief(ctx, "99")


def test_cli_writes_pdf_and_xlsx(engine, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", str(engine.url))
    monkeypatch.setattr(chart, "render_png", lambda figure, **_: _png())
    out, book = tmp_path / "jabar.pdf", tmp_path / "jabar.xlsx"
    assert main(["brief", "--wilayah", "32", "--out", str(out), "--xlsx", str(book), "--lang", "en"]) == 0
    pages, text = pdf_text(out.read_bytes())
    assert pages == 1 and "Jawa Barat" in text
    assert load_workbook(book).sheetnames[0] == "indicators"


def test_cli_on_a_fresh_checkout_seeds_the_store_first(monkeypatch, tmp_path):
    """`brief` may be the first command a new user runs: an empty store gets the seed and its forecasts, as the
    app's first start would, and the brief names the region."""
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.db'}")
    monkeypatch.delenv("DASHBOARD_AUTO_SEED", raising=False)
    out = tmp_path / "bandung.pdf"
    assert main(["brief", "--wilayah", "3273", "--out", str(out), "--no-map"]) == 0
    pages, text = pdf_text(out.read_bytes())
    assert pages == 1 and "Kota Bandung" in text
    assert main(["brief", "--wilayah", "3273", "--out", str(out), "--no-map"]) == 0  # second run: no reseed


def test_cli_unknown_region_fails_clearly(engine, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", str(engine.url))
    assert main(["brief", "--wilayah", "99", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "Unknown region 99" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.skipif(not chart.Path(chart.SYSTEM_CHROMIUM).exists(), reason="no system Chromium for kaleido")
def test_map_drawn_by_kaleido_on_the_system_chromium(ctx):
    brief = build_brief(ctx, "32", PUBLIC, draws=20)
    png = chart.map_png(brief.map, map_shapes(brief.map), "id")
    assert png is not None and png.startswith(b"\x89PNG") and len(png) > 20_000


def _png() -> bytes:
    """A tiny valid PNG standing in for kaleido's picture (kaleido itself is tested once, above)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"\x00\xff\x00\x00"
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
