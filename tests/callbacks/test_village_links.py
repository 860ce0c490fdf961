"""A link to a kecamatan or desa (`?wilayah=3201022006`, dotted or not): the overview shows its profile above its
kab/kota's overview, /peta opens its kab/kota's desa with it outlined, and pages that stop at the kab/kota say so in
words (ID and EN), never "unknown region"."""
import pytest

from callbacks import peta as peta_cb
from callbacks.ringkasan import page as ringkasan_page
from callbacks.tren import checked_regions
from callbacks.tren import page as tren_page
from services import kiosk, village_place
from services.config import Config
from services.context import AppContext
from services.options import lift_below, resolve_state
from tests.conftest import idm_bundle, village_status_counts

DESA, KECAMATAN = "3201022006", "320102"  # Tlajung Udik in Kecamatan Gunungputri, Kabupaten Bogor


@pytest.fixture
def ctx(village_engine):
    return AppContext(engine=village_engine, config=Config(auto_seed=False), cache=None)


def bundle_row(code: str) -> dict:
    """The IDM 2024 row of one desa as the bundle has it (through the IDM code map, SOURCE.md Warning 1)."""
    idm = idm_bundle(code)
    return idm[idm["code"] == code].iloc[0].to_dict()


def test_a_desa_code_dotted_or_not_is_located_with_its_kecamatan_and_kabkota(ctx):
    for code in (DESA, "32.01.02.2006"):
        place = village_place.locate(ctx.engine, code)
        assert (place.code, place.level, place.kind, place.district, place.regency) == \
            (DESA, "village", "desa", KECAMATAN, "3201")
        assert (place.name, place.district_name, place.regency_name) == \
            ("Tlajung Udik", "Gunungputri", "Kabupaten Bogor")
    assert village_place.locate(ctx.engine, "32.01.02").level == "district"
    assert village_place.locate(ctx.engine, "3201029999") is None and village_place.locate(ctx.engine, "3201") is None


def test_desa_profile_holds_the_bundles_values_and_status(ctx):
    profile = village_place.profile(ctx, village_place.locate(ctx.engine, DESA))
    row = bundle_row(DESA)
    assert profile.period == "2024"
    for key in ("idm", "iks", "ike", "ikl"):
        assert profile.values[key] == pytest.approx(float(row[key]), abs=1e-9)
    assert profile.status_label_id == row["status"]


def test_kecamatan_profile_counts_its_desa_by_status_as_the_bundle(ctx):
    profile = village_place.profile(ctx, village_place.locate(ctx.engine, KECAMATAN))
    counts = {s["label_id"]: s["count"] for s in profile.statuses if s["count"]}
    assert counts == village_status_counts(KECAMATAN)
    assert profile.rank is not None and 1 <= profile.rank <= profile.ranked == 39
    assert profile.desa == 10 and profile.kelurahan == 0


def test_overview_of_a_desa_shows_its_profile_above_its_kabkota(ctx):
    text = str(ringkasan_page(ctx)(wilayah="32.01.02.2006", lang="id"))
    assert "Ringkasan Kabupaten Bogor" in text and "Desa Tlajung Udik" in text
    assert "Kecamatan Gunungputri" in text and "0,8216" in text and "tidak dikenal" not in text
    assert "/peta?wilayah=3201022006&tingkat=desa" in text  # the map opens on it
    english = str(ringkasan_page(ctx)(wilayah=KECAMATAN, lang="en"))
    assert "Kecamatan Gunungputri" in english and "rank" in english and "Unknown" not in english


def test_pages_that_stop_at_the_kabkota_say_so_in_words(ctx):
    for lang, words in (("id", "hanya sampai tingkat kabupaten/kota"), ("en", "goes down to regencies/cities only")):
        state = resolve_state(ctx, lang, region=DESA)
        assert state.region == "3201" and state.place.code == DESA
        assert len(state.notices) == 1 and words in state.notices[0] and "Tlajung Udik" in state.notices[0]
    state = resolve_state(ctx, "id", region=DESA, villages=True)  # a page that shows it: no notice
    assert state.region == "3201" and not state.notices
    state = resolve_state(ctx, "en", region="32.01.02")
    assert state.region == "3201" and "Kecamatan Gunungputri" in state.notices[0]


def test_trends_and_kiosk_show_the_kabkota_of_a_desa(ctx):
    known = {"ID", "32", "3201"}
    codes, notices = checked_regions(known, [DESA, "32"], "en", lambda c: lift_below(ctx.engine, c, "en", known))
    assert codes == ["3201", "32"] and "lies in kecamatan Gunungputri" in notices[0]
    assert "Unknown" not in str(tren_page(ctx)(wilayah=DESA, lang="en"))
    settings = kiosk.resolve_kiosk(ctx.engine, {"wilayah": "32.01.02.2006", "lang": "en"})
    assert settings.region == "3201" and "goes down to regencies/cities only" in settings.notices[0]


def test_map_opens_the_kabkota_desa_with_the_desa_outlined(ctx):
    setup = peta_cb.setup_from_url(ctx, "id", region="32.01.02.2006")
    assert (setup.parent, setup.level, setup.highlight, setup.indicator) == ("3201", "village", DESA, "status_idm")
    text = str(peta_cb.page(ctx)(wilayah=DESA, lang="en"))
    assert "Selected (outlined): Tlajung Udik, Mandiri" in text
    view = peta_cb.map_view(ctx, "status_idm", "2024", "village", "3201")
    figure = peta_cb.choropleth.figure(peta_cb.spec_for(view, "en", highlight=DESA))
    assert list(figure.data[-1].locations) == [DESA]
    setup = peta_cb.setup_from_url(ctx, "id", region=DESA, level="district")  # at kecamatan level: its kecamatan
    assert (setup.parent, setup.level, setup.highlight) == ("3201", "district", KECAMATAN)


def test_without_the_villages_a_desa_code_goes_to_its_kabkota_and_says_why(engine):
    ctx = AppContext(engine=engine, config=Config(auto_seed=False), cache=None)
    state = resolve_state(ctx, "en", region=DESA)
    assert state.region == "3201" and state.place is None
    assert "not loaded on this server" in state.notices[0]


def test_priorities_of_a_desa_rank_its_kabkotas_desa_and_say_so(ctx):
    from callbacks.prioritas import page as prioritas_page

    text = str(prioritas_page(ctx)(wilayah="32.01.02.2006", lang="en"))
    assert "Desa Tlajung Udik (3201022006) lies in Kabupaten Bogor: this matrix ranks the desa of Kabupaten Bogor" \
        in text and "Tlajung Udik" in text.split("this matrix ranks")[1]  # the desa itself is among the units
    text = str(prioritas_page(ctx)(wilayah=KECAMATAN, lang="id"))
    assert "memeringkat kecamatan Kabupaten Bogor" in text and "tidak dikenal" not in text
