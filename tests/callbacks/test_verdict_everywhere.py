"""One verdict: the overview card, the kiosk tile and the brief show the same status, chance and target for the same
region and indicator, in the same words (models.attainment.verdict through services.targets.on_track)."""
from __future__ import annotations

import json

import pytest

from layouts import kiosk as kiosk_layout
from layouts import on_track
from layouts import ringkasan as ringkasan_layout
from layouts.brief import text
from services.access import PUBLIC
from services.brief import build_brief
from services.config import Config
from services.context import AppContext
from services.forecasts import refit_series
from services.kiosk import KioskSettings
from services.kiosk_snapshot import snapshot
from services.overview import overview_cards

HEADLINE = ("p0", "tpt", "gini", "ipm")


@pytest.fixture
def ctx(engine):
    return AppContext(engine=engine, config=Config(database_url=str(engine.url)), cache=None)


def words(component) -> str:
    return json.dumps(component.to_plotly_json(), default=lambda o: o.to_plotly_json(), ensure_ascii=False)


@pytest.mark.parametrize("region", ["ID", "12"])
def test_card_kiosk_tile_and_brief_agree(ctx, engine, region):
    refit_series(engine, [(code, region) for code in HEADLINE])
    cards = {c["indicator"]["code"]: c for c in overview_cards(ctx, region)}
    tiles = {t["code"]: t for t in snapshot(engine, KioskSettings(region=region))["tiles"]}
    brief = {c.indicator["code"]: c for c in build_brief(ctx, region, PUBLIC, draws=20).cards}
    compared = 0
    for code in HEADLINE:
        found = cards[code]["on_track"]
        if not found or not found.get("status"):
            continue
        compared += 1
        tile, card = tiles[code], brief[code]
        assert tile["track"] == card.on_track["status"] == found["status"], code
        key = lambda d: (d["year"], d["plan"], d["low"], d["high"])
        assert key(tile["target"]) == key(card.target) == key(found), code
        for lang in ("id", "en"):
            status, chance = on_track.status_text(found["status"], lang), on_track.chance_text(found, lang)
            shown_card = words(ringkasan_layout.card(cards[code], lang))
            shown_tile = words(kiosk_layout.tile(tile, lang))
            shown_brief = text.track(card, lang)
            for shown in (shown_card, shown_tile, shown_brief):
                assert status in shown, (code, lang, shown)
                if chance:
                    assert chance in shown, (code, lang, shown)
    assert compared >= 2


def test_the_kiosk_has_no_words_of_its_own_for_the_verdict():
    from i18n import catalogue

    assert not [k for k in catalogue() if k.startswith("kiosk.track.")]
    texts = {v for pair in catalogue().values() for v in pair}
    assert "kurang cepat" not in texts and "menjauh" not in texts
