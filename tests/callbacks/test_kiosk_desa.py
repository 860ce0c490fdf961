"""The kiosk's desa panel (`?panel=desa` or a profile's panels) for a kab/kota: its desa by published IDM status in
the map page's colours, counts equal to the bundle's, kelurahan apart; dropped, with a notice, for a province."""
import pytest

import callbacks.kiosk as ck
from services import kiosk
from services.config import Config
from services.context import AppContext
from services.kiosk_snapshot import snapshot
from tests.conftest import village_status_counts

BOGOR = "3201"


@pytest.fixture
def ctx(village_engine):
    return AppContext(engine=village_engine, config=Config(auto_seed=False), cache=None)


def test_the_panel_is_asked_for_and_only_kept_for_a_kabkota(ctx):
    settings = kiosk.resolve_kiosk(ctx.engine, {"wilayah": BOGOR, "panel": "desa,peta"})
    assert settings.panels == ("desa", "peta") and not settings.notices
    assert kiosk.resolve_kiosk(ctx.engine, {"wilayah": BOGOR}).panels == kiosk.PANELS  # not in the default playlist
    settings = kiosk.resolve_kiosk(ctx.engine, {"wilayah": "32", "panel": "desa,peta", "lang": "en"})
    assert settings.panels == ("peta",) and "regency/city only" in settings.notices[0]
    assert not kiosk.check_profile(ctx.engine, {"name": "bogor-desa", "wilayah": BOGOR, "panels": "desa"})


def test_desa_of_bogor_by_status_with_the_bundles_counts(ctx):
    settings = kiosk.resolve_kiosk(ctx.engine, {"wilayah": BOGOR, "panel": "desa"})
    data = snapshot(ctx.engine, settings)["villages"]
    assert data["state"] == "ready" and data["period"] == "2024" and len(data["codes"]) == 435
    assert {s["label_id"]: s["count"] for s in data["statuses"] if s["count"]} == village_status_counts(BOGOR)
    assert len(data["kelurahan"]) == 19 and all(data["status"][data["codes"].index(c)] is None
                                                for c in data["kelurahan"])
    parts = ck.render_parts(snapshot(ctx.engine, settings), settings)
    figure = parts["desa_figure"]
    assert figure.data[1].geojson.startswith("/geo/village-3201.geojson")  # the one map builder, by URL
    assert len(figure.data[3].locations) == 19  # kelurahan: their own layer, never "no data"
    side = str(parts["desa_side"])
    assert "Mandiri" in side and "171" in side and "Kelurahan" in side
    assert "416 desa dinilai" in str(parts["desa_head"])


def test_without_the_panel_the_snapshot_reads_no_villages(ctx):
    settings = kiosk.resolve_kiosk(ctx.engine, {"wilayah": BOGOR})
    assert snapshot(ctx.engine, settings)["villages"] is None
    assert "desa_figure" not in ck.render_parts(snapshot(ctx.engine, settings), settings)
