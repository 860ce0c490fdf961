"""Kiosk callbacks without a browser: snapshot numbers, refresh on a failing store, alerts, a read-only layout."""
import pandas as pd
import pytest
from dash import dcc, html
from sqlalchemy import event, update
from sqlalchemy.exc import OperationalError

import callbacks.kiosk as ck
from data import writer
from data.schema import Indicator
from services.config import Config
from services.context import AppContext
from services.kiosk import KioskSettings
from services.kiosk_snapshot import snapshot, states


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
    # 8,57 against the next target (RKP 2025: 7-8), the one services.targets.on_track judges for every page
    assert tiles["p0"]["band"] == "hampir" and tiles["p0"]["target"]["year"] == 2025
    assert snap["map"]["level"] == "province" and len(snap["map"]["regions"]) == 38
    assert snap["movers"]["latest"] == "2024" and snap["movers"]["previous"] == "2023"
    assert snap["targets"]["indicator"]["code"] == "p0"  # the headline indicator with the most province targets
    assert snap["targets"]["rows"][0]["region_code"] == "53"  # NTT furthest above its 2025 poverty target
    assert snap["as_of"] == "2024-09"
    assert tiles["ipm"]["unit"] == "indeks (0-100)" and tiles["ipm"]["unit_en"] == "index (0-100)"


def test_kiosk_compares_like_the_overview_cards_and_never_across_the_papua_split(ctx, engine):
    from services.overview import overview_cards

    snap = snapshot(engine, KioskSettings(indicator="tpt"))
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
    snap = snapshot(engine, KioskSettings(region="32", indicator="ipm"))
    assert snap["map"]["level"] == "regency" and snap["map"]["parent"] == "32"
    assert {r[0][:2] for r in snap["map"]["regions"]} == {"32"}
    assert len(snap["map"]["regions"]) == 27


def test_snapshot_narrowed_to_a_theme(ctx, engine):
    """?tema=economy: the tiles are the theme's headline indicators, the map shows the first of them and the title
    names the theme; an explicit indicator still sets the map."""
    snap = snapshot(engine, KioskSettings(theme="economy"))
    tiles = [t["code"] for t in snap["tiles"]]
    assert tiles and set(tiles) <= {"pdrb_growth", "pdrb_per_capita", "pdrb_per_capita_adhk"}
    assert snap["map"]["indicator"]["code"] == tiles[0]
    health = snapshot(engine, KioskSettings(theme="health", indicator="ipm"))
    assert [t["code"] for t in health["tiles"]] == ["stunting"] and health["map"]["indicator"]["code"] == "ipm"
    parts = ck.render_parts(snap, KioskSettings(theme="economy"))
    assert parts["title"] == "Dasbor Satu Data · Indonesia · Ekonomi"


def test_snapshot_never_shows_a_non_public_indicator(engine):
    with engine.begin() as conn:
        conn.execute(update(Indicator).where(Indicator.code == "p0").values(tier="internal"))
    snap = snapshot(engine, KioskSettings(indicator="p0"))
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
    # every panel is in the page (the refresh writes to each); the playlist shows those asked for (desa: not here)
    assert [p.id["index"] for p in panels] == ["peta", "ringkasan", "penggerak", "target", "desa"]
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


def test_a_province_kiosk_shows_its_own_plan_targets_not_an_empty_panel(engine):
    """Jawa Barat's kab/kota have no targets in the bundled data; the province has RKPD ones (issue 20)."""
    from layouts import kiosk as kl

    snap = snapshot(engine, KioskSettings(region="32", panels=("target",)))
    own = {d["code"]: d for d in snap["targets"]["own"]}
    assert own["p0"]["target"]["plan"].startswith("RKPD Jawa Barat") and snap["targets"]["total"] == len(own) >= 3
    text = str(kl.target_panel(snap["targets"], "id"))
    assert "Target Jawa Barat" in text and "Belum ada target" not in text and "poin di atas target" in text
    assert "dari target" not in text.replace("memenuhi target", "")


def test_gap_is_said_with_its_direction():
    from layouts.kiosk import gap_text

    info = {"decimals": 2, "unit": "persen"}
    assert gap_text(10.2, {"low": 7.0, "high": 7.0}, info, "id") == "3,20 poin di atas target"
    assert gap_text(6.5, {"low": 7.0, "high": 8.0}, info, "en") == "0.50 points below target"
    assert gap_text(7.5, {"low": 7.0, "high": 8.0}, info, "id") == "sesuai target"


def test_movers_fill_the_screen_when_one_side_is_empty(engine):
    from layouts import kiosk as kl

    snap = snapshot(engine, KioskSettings(region="32", indicator="ipm", panels=("penggerak",)))
    movers = snap["movers"]
    assert movers["counts"] == [27, 0] and len(movers["better"]) == 20  # every kab/kota's IPM rose in 2024
    text = str(kl.movers_panel(movers, "id"))
    assert "kiosk-flow" in text and text.count("kiosk-rank-row") == 20 and "tidak ada" in text


@pytest.mark.parametrize(("indicator", "region"), [("ipm", "ID"), ("p0", "ID"), ("tpt", "32")])
def test_kiosk_and_map_page_colour_the_same_values_alike(ctx, engine, indicator, region):
    """One colour rule (layouts.choropleth): the kiosk once stepped its scale at the class edges where the map page
    used models.classify.colour_stops, so a value on a break could take another class's colour on the wall."""
    from callbacks import peta
    from layouts import choropleth
    from layouts import kiosk as kl
    from services import maps

    data = snapshot(engine, KioskSettings(region=region, indicator=indicator, panels=("peta",)))["map"]
    view = maps.map_view(ctx, indicator, data["period"], data["level"], data["parent"])
    assert list(data["edges"]) == list(view.breaks.edges)
    on_wall = choropleth.layers(kl.map_spec(data, "/geo/x", "id"))[1]
    on_page = choropleth.layers(peta.spec_for(view, "id", geojson="/geo/x"))[1]
    assert on_wall["colorscale"] == on_page["colorscale"]
    assert (on_wall["zmin"], on_wall["zmax"]) == (on_page["zmin"], on_page["zmax"])
    wall = {r[0]: r[2] for r in data["regions"]}
    page = {c: v for c, v in zip(view.codes, view.values, strict=True) if not pd.isna(v)}
    assert wall == pytest.approx(page)
