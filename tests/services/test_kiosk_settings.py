"""Kiosk settings: playlist and timing from the URL, profiles in the store, the public tier only."""
import pytest
from sqlalchemy import inspect, update

from dashboard.cli import main as cli
from data.errors import NoDataError, ValidationError
from data.schema import Indicator
from services import kiosk


def test_parse_panels_keeps_order_drops_duplicates_and_reports_unknown():
    assert kiosk.parse_panels("peta,ringkasan,penggerak") == (("peta", "ringkasan", "penggerak"), [])
    assert kiosk.parse_panels(" Target ; peta,peta ") == (("target", "peta"), [])
    assert kiosk.parse_panels("peta,grafik") == (("peta",), ["grafik"])
    assert kiosk.parse_panels("grafik") == (kiosk.PANELS, ["grafik"])  # nothing valid: the whole playlist
    assert kiosk.parse_panels(None) == (kiosk.PANELS, [])


@pytest.mark.parametrize(("text", "expected"), [
    (None, (20, True)), ("", (20, True)), ("30", (30, True)), ("2", (2, True)), ("1", (2, False)),
    ("99999", (3600, False)), ("lima", (20, False)), ("7,5", (7, True)),
])
def test_parse_seconds_clamps_and_flags(text, expected):
    assert kiosk.parse_seconds(text, 20, 2, 3600) == expected


def test_kiosk_params_keeps_only_kiosk_parameters():
    assert kiosk.kiosk_params({"wilayah": "32", "panel": "peta", "utm": "x", "lang": ""}) == {
        "wilayah": "32", "panel": "peta"}


def test_resolve_defaults_and_url_values(engine):
    s = kiosk.resolve_kiosk(engine, {})
    assert (s.region, s.indicator, s.panels, s.interval, s.refresh, s.lang) == ("ID", None, kiosk.PANELS, 20, 60, "id")
    s = kiosk.resolve_kiosk(engine, {"wilayah": "32.73", "indikator": "p0", "panel": "peta,target",
                                     "interval": "5", "refresh": "10", "lang": "en"})
    assert (s.region, s.indicator, s.panels, s.interval, s.refresh, s.lang) == (
        "3273", "p0", ("peta", "target"), 5, 10, "en")
    assert s.notices == ()


def test_resolve_turns_bad_values_into_notices(engine):
    s = kiosk.resolve_kiosk(engine, {"wilayah": "9999", "indikator": "nope", "panel": "peta,foo", "interval": "1",
                                     "profil": "tidak-ada"})
    assert s.region == "ID" and s.indicator is None and s.panels == ("peta",) and s.interval == 2
    text = " ".join(s.notices)
    for part in ("9999", "nope", "foo", "tidak-ada", "interval"):
        assert part in text


def test_theme_from_the_url_and_unknown_theme_as_a_notice(engine):
    assert kiosk.resolve_kiosk(engine, {"tema": "economy"}).theme == "economy"
    s = kiosk.resolve_kiosk(engine, {"tema": "astrologi"})
    assert s.theme is None and "astrologi" in " ".join(s.notices)


def test_internal_indicator_is_not_accepted(engine):
    with engine.begin() as conn:
        conn.execute(update(Indicator).where(Indicator.code == "p0").values(tier="internal"))
    s = kiosk.resolve_kiosk(engine, {"indikator": "p0"})
    assert s.indicator is None and "p0" in s.notices[0]
    with pytest.raises(ValidationError):
        kiosk.save_profile(engine, {"name": "x", "indikator": "p0"})


def test_profile_round_trip_and_url_overrides(engine):
    assert inspect(engine).has_table("kiosk_profile")
    kiosk.save_profile(engine, {"name": "lobi-bappeda", "title": "Lobi Bappeda", "wilayah": "32",
                                "indikator": "tpt", "panels": "ringkasan,peta", "interval_s": 15,
                                "refresh_s": 30, "lang": "id"}, user="tester")
    s = kiosk.resolve_kiosk(engine, {"profil": "lobi-bappeda"})
    assert (s.region, s.indicator, s.panels, s.interval, s.refresh, s.title, s.profile) == (
        "32", "tpt", ("ringkasan", "peta"), 15, 30, "Lobi Bappeda", "lobi-bappeda")
    s = kiosk.resolve_kiosk(engine, {"profil": "lobi-bappeda", "lang": "en", "interval": "40"})
    assert (s.lang, s.interval, s.region) == ("en", 40, "32")
    # saving again replaces it
    kiosk.save_profile(engine, {"name": "lobi-bappeda", "wilayah": "ID"})
    assert kiosk.get_profile(engine, "lobi-bappeda")["wilayah"] == "ID"
    assert kiosk.list_profiles(engine)["name"].tolist() == ["lobi-bappeda"]
    assert kiosk.delete_profile(engine, "lobi-bappeda")
    with pytest.raises(NoDataError):
        kiosk.get_profile(engine, "lobi-bappeda")


def test_profile_validation_lists_every_problem(engine):
    with pytest.raises(ValidationError) as err:
        kiosk.save_profile(engine, {"name": "Bad Name", "wilayah": "99", "panels": "peta,foo", "interval_s": 1,
                                    "refresh_s": 5, "lang": "fr"})
    columns = {p.column for p in err.value.problems}
    assert columns == {"name", "wilayah", "panels", "interval_s", "lang"}


def test_offline_settings_need_no_store():
    s = kiosk.offline_settings({"panel": "target", "interval": "3", "lang": "en"})
    assert (s.panels, s.interval, s.lang, s.region) == (("target",), 3, "en", "ID")


def test_cli_add_list_remove(sqlite_url, capsys):
    assert cli(["kiosk", "add", "lobi", "--wilayah", "32", "--panel", "peta,ringkasan", "--interval", "15",
                "--database-url", sqlite_url]) == 0
    assert "/kiosk?profil=lobi" in capsys.readouterr().out
    assert cli(["kiosk", "add", "rusak", "--wilayah", "99", "--database-url", sqlite_url]) == 1
    assert "99" in capsys.readouterr().err
    assert cli(["kiosk", "list", "--database-url", sqlite_url]) == 0
    out = capsys.readouterr().out
    assert "lobi" in out and "rusak" not in out
    assert cli(["kiosk", "remove", "lobi", "--database-url", sqlite_url]) == 0
    assert cli(["kiosk", "remove", "lobi", "--database-url", sqlite_url]) == 1
