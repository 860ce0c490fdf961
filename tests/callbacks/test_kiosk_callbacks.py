"""Kiosk callbacks without a browser: snapshot numbers, refresh on a failing store, alerts, a read-only layout."""
import pandas as pd
import pytest
from dash import dcc, html
from sqlalchemy import event, update
from sqlalchemy.exc import OperationalError

import callbacks.kiosk as ck
from callbacks.kiosk.snapshot import snapshot, states
from dashboard.config import Config
from dashboard.context import AppContext
from dashboard.kiosk import KioskSettings
from data import writer
from data.schema import Indicator


@pytest.fixture
def ctx(engine):
    return AppContext(engine=engine, config=Config(database_url=str(engine.url)), cache=None)


def import_values(engine, rows):
    frame = pd.DataFrame(rows, columns=["indicator_code", "region_code", "period", "value"])
    with engine.begin() as conn:
        batch = writer.new_batch(conn, kind="upload", created_by="test", rows_total=len(frame))
        writer.apply(conn, writer.diff(conn, frame), batch)


def break_store(engine):
    """Every statement on this engine fails like a database that went away."""
    def fail(*_args, **_kwargs):
        raise OperationalError("SELECT", {}, Exception("store gone"))

    event.listen(engine, "before_cursor_execute", fail)
    return lambda: event.remove(engine, "before_cursor_execute", fail)


def test_snapshot_national(engine):
    snap = snapshot(engine, KioskSettings())
    tiles = {t["code"]: t for t in snap["tiles"]}
    assert tiles["ipm"]["value"] == pytest.approx(74.20) and tiles["ipm"]["period"] == "2024"
    assert tiles["p0"]["period"] == "2024-09" and tiles["p0"]["previous_period"] == "2024-03"
    # 8,57 against the next target (RKP 2025: 7-8), the one dashboard.targets.on_track judges for every page
    assert tiles["p0"]["band"] == "hampir" and tiles["p0"]["target"]["year"] == 2025
    assert snap["map"]["level"] == "province" and len(snap["map"]["regions"]) == 38
    assert snap["movers"]["latest"] == "2024" and snap["movers"]["previous"] == "2023"
    assert snap["targets"]["indicator"]["code"] == "p0"  # the headline indicator with the most province targets
    assert snap["targets"]["rows"][0]["region_code"] == "53"  # NTT furthest above its 2025 poverty target
    assert snap["as_of"] == "2024-09"
    assert tiles["ipm"]["unit"] == "indeks (0-100)" and tiles["ipm"]["unit_en"] == "index (0-100)"


def test_kiosk_compares_like_the_overview_cards_and_never_across_the_papua_split(ctx, engine):
    from callbacks.ringkasan import overview_cards

    snap = snapshot(engine, KioskSettings(indikator="tpt"))
    tiles = {t["code"]: t for t in snap["tiles"]}
    cards = {c["indicator"]["code"]: c for c in overview_cards(ctx, "ID")}
    for code in ("tpt", "p0", "ipm", "gini"):  # TPT August 2024 against August 2023, not February 2024
        assert tiles[code]["previous_period"] == cards[code]["previous_period"], code
        assert tiles[code]["change"] == pytest.approx(cards[code]["change"]), code
    assert tiles["tpt"]["previous_period"] == "2023-08"
    movers = snap["movers"]
    assert (movers["latest"], movers["previous"]) == ("2024-08", "2023-08")
    moved = {row[0] for row in movers["better"] + movers["worse"]}
    assert moved and not moved & {"91", "92"}  # Papua 2023 is the province before the split: not comparable


def test_snapshot_of_a_province_shows_its_regencies(engine):
    snap = snapshot(engine, KioskSettings(wilayah="32", indikator="ipm"))
    assert snap["map"]["level"] == "regency" and snap["map"]["parent"] == "32"
    assert {r[0][:2] for r in snap["map"]["regions"]} == {"32"}
    assert len(snap["map"]["regions"]) == 27


def test_snapshot_narrowed_to_a_theme(ctx, engine):
    """?tema=economy: the tiles are the theme's headline indicators, the map shows the first of them and the title
    names the theme; an explicit indicator still sets the map."""
    snap = snapshot(engine, KioskSettings(tema="economy"))
    tiles = [t["code"] for t in snap["tiles"]]
    assert tiles and set(tiles) <= {"pdrb_growth", "pdrb_per_capita", "pdrb_per_capita_adhk"}
    assert snap["map"]["indicator"]["code"] == tiles[0]
    health = snapshot(engine, KioskSettings(tema="health", indikator="ipm"))
    assert [t["code"] for t in health["tiles"]] == ["stunting"] and health["map"]["indicator"]["code"] == "ipm"
    parts = ck.render_parts(snap, KioskSettings(tema="economy"))
    assert parts["title"] == "Dasbor Satu Data · Indonesia · Ekonomi"


def test_snapshot_never_shows_a_non_public_indicator(engine):
    with engine.begin() as conn:
        conn.execute(update(Indicator).where(Indicator.code == "p0").values(tier="internal"))
    snap = snapshot(engine, KioskSettings(indikator="p0"))
    shown = {t["code"] for t in snap["tiles"]} | {snap["map"]["indicator"]["code"]}
    assert "p0" not in shown
    assert snap["targets"]["indicator"]["code"] != "p0"


def test_refresh_on_a_dead_store_changes_nothing_but_the_status(ctx, engine):
    view, parts, _ = ck.first_render(ctx, {})
    restore = break_store(engine)
    try:
        out = ck.refresh(ctx, {}, view, {"ok": True, "seq": 3}, heartbeat_only=False)
        assert out == {"status": {"ok": False, "seq": 4}}
        assert ck.refresh(ctx, {}, view, {"ok": True, "seq": 4}, heartbeat_only=True) == {
            "status": {"ok": False, "seq": 5}}
        # the page itself still renders (panels wait), no exception
        view2, parts2, _ = ck.first_render(ctx, {"panel": "peta"})
        assert parts2 is None and view2["playlist"] == ["peta"]
    finally:
        restore()
    out = ck.refresh(ctx, {}, view, {"ok": False, "seq": 5}, heartbeat_only=False)
    assert out["status"] == {"ok": True, "seq": 6}
    assert "tiles" not in out  # nothing changed since the page was drawn: no panel is sent again


def test_refresh_sends_panels_only_when_data_changed_and_raises_alerts(ctx, engine):
    view, _, _ = ck.first_render(ctx, {"refresh": "5"})
    assert ck.refresh(ctx, {"refresh": "5"}, view, {"ok": True}, heartbeat_only=False).keys() == {"status"}
    import_values(engine, [("p0", "ID", "2025-03", 6.5)])  # inside the 2025 band: the tile's band changes
    out = ck.refresh(ctx, {"refresh": "5"}, view, {"ok": True}, heartbeat_only=False)
    assert {"tiles", "view", "as_of", "map_figure"} <= out.keys()
    alerts = out["view"]["alerts"]
    assert alerts and all(a["good"] for a in alerts)
    assert "Kemiskinan (P0) Indonesia: hampir tercapai → tercapai" in [a["text"] for a in alerts]
    assert "Maret 2025" in out["as_of"]


def test_heartbeat_only_pings(ctx):
    assert ck.refresh(ctx, {}, {}, {"ok": True, "seq": 1}, heartbeat_only=True) == {"status": {"ok": True, "seq": 2}}


def test_timing_change_is_sent_to_the_intervals(ctx):
    view, _, _ = ck.first_render(ctx, {"interval": "20"})
    out = ck.refresh(ctx, {"interval": "5", "refresh": "7"}, view, {"ok": True}, heartbeat_only=False)
    assert out["interval"] == 5000 and out["refresh"] == 7000 and out["heartbeat"] == 7000


def test_states_and_alert_text(ctx, engine):
    snap = snapshot(engine, KioskSettings(lang="en"))
    st = states(snap)
    assert st["band|p0|ID"] == "hampir"
    assert st["track|p0|ID"] in {"on_track", "off_track"}  # the stored forecast's status against the target
    tile = next(t for t in snap["tiles"] if t["code"] == "p0")
    assert tile["track"] in {"on_track", "moderately_improving", "stagnating", "worsening"}
    alerts = ck.alerts_for({"band|p0|ID": "tercapai"}, st, snap, "en", 0)
    assert alerts == [{"at": 0, "good": False, "text": "Poverty rate Indonesia: met → nearly met"}]
    flipped = ck.alerts_for({"track|ipm|ID": "on_track"}, {"track|ipm|ID": "off_track"}, snap, "id", 0)
    assert flipped == [{"at": 0, "good": False, "text": "IPM Indonesia: proyeksi kini tidak sesuai jalur"}]


def walk(component):
    yield component
    children = getattr(component, "children", None)
    if isinstance(children, (list, tuple)):
        for child in children:
            yield from walk(child)
    elif children is not None and hasattr(children, "to_plotly_json"):
        yield from walk(children)


def test_kiosk_layout_has_no_controls_and_no_chrome_links(ctx):
    layout = ck.page(ctx)(wilayah="32", panel="peta,ringkasan,penggerak,target")
    kinds = {type(c).__name__ for c in walk(layout)}
    assert not kinds & {"Input", "Button", "Dropdown", "Upload", "Textarea", "Checklist", "RadioItems", "A", "Link"}
    panels = [c for c in walk(layout) if isinstance(c, html.Section)]
    assert [p.id["index"] for p in panels] == ["peta", "ringkasan", "penggerak", "target"]
    assert [p.className for p in panels][0].endswith("is-active")
    graphs = [c for c in walk(layout) if isinstance(c, dcc.Graph)]
    assert graphs[0].config["staticPlot"] and graphs[0].config["topojsonURL"].startswith("/assets/")


def test_kiosk_units_follow_the_language(engine):
    from layouts import kiosk as kl

    snap = snapshot(engine, KioskSettings())
    ipm = next(t for t in snap["tiles"] if t["code"] == "ipm")
    assert "index (0-100)" in str(kl.tile(ipm, "en")) and "indeks" not in str(kl.tile(ipm, "en"))
    assert "indeks (0-100)" in str(kl.tile(ipm, "id"))


def test_as_of_line_without_a_data_period_has_no_dangling_separator():
    snap = {"as_of": None, "loaded_at": "2026-11-28T09:00:00+00:00"}
    assert ck.as_of_text(snap, "en").startswith("Loaded ")
    assert ck.as_of_text({**snap, "as_of": "2024-09"}, "id").startswith("Data per September 2024 · dimuat ")
