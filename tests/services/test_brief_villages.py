"""The brief of a kab/kota carries its desa by IDM status, the same counts as the bundle and the overview."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from pypdf import PdfReader

from callbacks.brief import pdf_bytes
from i18n import fmt_number
from layouts.brief import chart
from layouts.brief.pdf import FOOTER_TOP
from services.access import PUBLIC
from services.brief import build_brief
from services.config import Config
from services.context import AppContext
from tests.conftest import village_status_counts
from tests.dashboard.test_brief import _png
from tests.services.test_brief_agrees import lines_with_heights

BOGOR = "3201"


@pytest.fixture
def ctx(village_engine):
    return AppContext(engine=village_engine, config=Config(database_url="sqlite://", auto_seed=False), cache=None)


@pytest.fixture
def quick_map(monkeypatch):
    monkeypatch.setattr(chart, "render_png", lambda figure, **_: _png())


def bundle_counts() -> dict[str, int]:
    return village_status_counts(BOGOR)


def flat(data: bytes) -> str:
    return " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())


def test_the_brief_holds_the_bundles_counts(ctx):
    brief = build_brief(ctx, BOGOR, PUBLIC, draws=20)
    assert {s["label_id"]: s["count"] for s in brief.villages["statuses"] if s["count"]} == bundle_counts()
    assert brief.villages["kelurahan"] > 0
    assert build_brief(ctx, "32", PUBLIC, draws=20).villages is None


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_pdf_prints_the_counts_on_one_full_page(ctx, quick_map, lang):
    data = pdf_bytes(ctx, BOGOR, lang)
    text = flat(data)
    for label, count in bundle_counts().items():
        assert f"{label}" in text and f": {fmt_number(count, 0, lang)}" in text
    assert ("kelurahan tidak dinilai IDM" if lang == "id" else "kelurahan not scored by the IDM") in text
    runs = lines_with_heights(data)
    assert not [t for _, t in runs if "…" in t]
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    assert max(y for y, _ in runs if y < FOOTER_TOP - 1) < FOOTER_TOP


def test_a_kabkota_brief_says_when_the_villages_are_not_loaded(engine, sqlite_url, quick_map):
    plain = AppContext(engine=engine, config=Config(database_url=sqlite_url, auto_seed=False), cache=None)
    assert "not loaded on this server" in flat(pdf_bytes(plain, "3273", "en"))


def test_the_village_map_colours_every_drawn_desa_by_its_status(ctx):
    from layouts.brief.chart import village_figure
    from services.brief import village_shapes

    brief = build_brief(ctx, BOGOR, PUBLIC, draws=20)
    shapes = village_shapes(brief)
    figure = village_figure(brief.villages, shapes, "id")
    drawn = {f["id"] for f in shapes["features"]}
    mapped = brief.villages["map"]
    assert set(mapped["codes"]) == drawn
    coloured = [c for c, s in zip(mapped["codes"], mapped["status"], strict=True) if s is not None]
    counts = pd.Series([s for s in mapped["status"] if s is not None]).value_counts().to_dict()
    assert {s["value"]: s["count"] for s in brief.villages["statuses"] if s["count"]} == counts  # every desa drawn
    assert len(coloured) + len(mapped["kelurahan"]) <= len(drawn)
    located = {loc for trace in figure.data for loc in (trace.locations or ())}
    assert set(coloured) <= located and set(mapped["kelurahan"]) <= located


def test_the_pdf_holds_the_village_map_beside_the_counts(ctx, quick_map):
    page = PdfReader(io.BytesIO(pdf_bytes(ctx, BOGOR, "id"))).pages[0]
    # the province's kab/kota map and the kab/kota's desa map (the stand-in pictures are one image, drawn twice)
    assert page.get_contents().get_data().count(b" Do") == 2
    assert "Abu-abu di peta: kelurahan." in " ".join(page.extract_text().split())
