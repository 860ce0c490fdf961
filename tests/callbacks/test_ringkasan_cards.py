"""Overview cards from the seeded store: real values, ranks, parents, breaks, missing data, CSV and URL state."""
import pandas as pd
import pytest

from callbacks.ringkasan import page, with_region
from i18n import fmt_number
from layouts.ringkasan import card, rank_text
from services.config import Config
from services.context import AppContext
from services.forecasts import refit_series
from services.overview import card_values, cards_frame, overview_cards
from services.targets import on_track


@pytest.fixture
def ctx(engine):
    return AppContext(engine=engine, config=Config(database_url=str(engine.url), auto_seed=False), cache=None)


def by_code(cards):
    return {c["indicator"]["code"]: c for c in cards}


def test_jawa_barat_ipm_2024_is_74_43_ranked_among_38_provinces_against_indonesia(ctx):
    ipm = by_code(overview_cards(ctx, "32"))["ipm"]
    assert (ipm["period"], ipm["value"]) == ("2024", 74.43)
    assert fmt_number(ipm["value"], 2, "id") == "74,43"
    assert ipm["previous_period"] == "2023" and ipm["change"] == pytest.approx(0.69)
    assert ipm["tone"] == "good"
    assert ipm["rank"]["of"] == 38 and 1 <= ipm["rank"]["position"] <= 38
    assert ipm["parent"]["code"] == "ID" and ipm["parent_value"] == 74.20


def test_every_headline_indicator_gets_a_card_in_display_order(ctx):
    codes = [c["indicator"]["code"] for c in overview_cards(ctx, "32")]
    assert codes == ["ipm", "p0", "gini", "tpt", "pdrb_growth", "pdrb_per_capita", "stunting"]


def test_falling_poverty_is_good_news_and_semester_compared_with_previous_semester(ctx):
    p0 = by_code(overview_cards(ctx, "32"))["p0"]
    # Sept 2024 = 7.08; Sept 2023 is not in the store, so March 2024 (7.46) is the comparison
    assert (p0["period"], p0["previous_period"], p0["value"]) == ("2024-09", "2024-03", 7.08)
    assert p0["tone"] == "good"


def test_kota_bandung_is_ranked_within_jawa_barat_and_compared_with_the_province(ctx):
    cards = by_code(overview_cards(ctx, "3273"))
    ipm = cards["ipm"]
    assert ipm["region"]["name"] == "Kota Bandung"
    assert ipm["parent"]["code"] == "32" and ipm["parent_value"] == 74.43
    assert ipm["rank"]["of"] == 27  # 27 kab/kota in Jawa Barat
    assert rank_text(ipm["rank"], ipm["region"], ipm["parent"], "id").endswith("dari 27 kab/kota di Jawa Barat")
    assert (cards["tpt"]["value"], cards["tpt"]["period"]) == (7.4, "2024-08")  # kab/kota TPT is August only
    assert cards["gini"]["value"] is None  # no kab/kota Gini in the store: said plainly, not zero


def test_papua_is_not_compared_across_the_split(ctx):
    cards = by_code(overview_cards(ctx, "91"))
    assert cards["stunting"]["period"] == "2023" and cards["stunting"]["change"] is None
    assert cards["stunting"]["break_note"] is not None
    assert cards["tpt"]["previous_period"] == "2024-02"  # August 2023 is the pre-split province


def test_indonesia_has_no_rank_or_parent_but_shows_its_plan_target(ctx):
    ipm = by_code(overview_cards(ctx, "ID"))["ipm"]
    assert ipm["rank"] is None and ipm["parent"] is None
    assert ipm["targets"][0]["plan"].startswith("RPJMN 2020-2024") and ipm["targets"][0]["low"] == 75.54


def test_preliminary_status_is_carried_to_the_card(ctx):
    growth = by_code(overview_cards(ctx, "32"))["pdrb_growth"]
    assert (growth["period"], growth["status"]) == ("2024", "preliminary")
    assert "angka sementara" in str(card(growth, "id"))


def test_card_values_without_data_say_no_data():
    meta = {"code": "x", "name_id": "X", "name_en": "X", "unit": "persen", "decimals": 1, "higher_is_better": True}
    empty = pd.DataFrame(columns=["period", "value", "status"])
    data = card_values(meta, {"code": "11", "name": "Aceh", "level": "province", "parent_code": "ID"}, empty,
                       None, empty, None, pd.DataFrame(columns=["year"]))
    assert data["value"] is None and data["rank"] is None
    assert "tidak ada data" in str(card(data, "id"))
    assert "no data" in str(card(data, "en"))


def test_csv_rows_match_the_cards(ctx):
    frame = cards_frame(overview_cards(ctx, "32"))
    assert len(frame) == 7
    row = frame[frame["indicator"] == "ipm"].iloc[0]
    assert row["value"] == 74.43 and row["peers_with_value"] == 38


def test_unknown_region_in_the_url_gives_a_notice_and_indonesia(ctx):
    text = str(page(ctx)(wilayah="9999", lang="en"))
    assert "Unknown region code" in text and "Overview: Indonesia" in text


def test_picking_a_region_keeps_the_language_in_the_url():
    assert with_region("?lang=en&wilayah=32", "3273") == "?lang=en&wilayah=3273"
    assert with_region("", "ID") == "?wilayah=ID"


def test_card_shows_the_on_track_badge_and_target_from_the_one_definition(ctx, engine):
    p0 = by_code(overview_cards(ctx, "32"))["p0"]
    found = on_track(engine, "p0", "32")
    assert p0["on_track"] == found  # the card holds exactly what services.targets.on_track says
    assert found["year"] == 2025 and found["status"] in {"on_track", "moderately_improving", "stagnating", "worsening"}
    html_id, html_en = str(card(p0, "id")), str(card(p0, "en"))
    words_id = {"on_track": "sesuai jalur", "moderately_improving": "membaik, belum cukup", "stagnating": "stagnan",
                "worsening": "memburuk"}[found["status"]]
    assert words_id in html_id and f"on-track-{found['status']}" in html_id
    assert "Target RKPD Jawa Barat 2025 (2025): 5,85–6,46%" in html_id
    assert "Target RKPD Jawa Barat 2025 (2025): 5.85–6.46%" in html_en
    # no stored forecast yet: said plainly, no chance invented, and nothing was fitted by the page read
    assert found["probability"] is None and "proyeksi belum dihitung" in html_id
    assert "forecast not computed yet" in html_en


def test_card_badge_reads_the_stored_forecast_after_a_refit(ctx, engine):
    refit_series(engine, [("p0", "32")])
    p0 = by_code(overview_cards(ctx, "32"))["p0"]
    assert p0["on_track"]["has_forecast"] and p0["on_track"]["probability"] is not None
    assert "peluang tercapai" in str(card(p0, "id")) and "belum dihitung" not in str(card(p0, "id"))
    row = cards_frame([p0]).iloc[0]
    assert row["target_status"] == p0["on_track"]["status"] and row["target_year"] == 2025


def test_cards_without_a_target_have_no_badge(ctx):
    cards = by_code(overview_cards(ctx, "3273"))  # Kota Bandung: no plan targets in the bundled data
    assert all(c["on_track"] is None for c in cards.values())
    assert "on-track-badge" not in str(card(cards["ipm"], "id"))


def test_a_target_whose_year_is_already_observed_says_met_or_not_instead_of_a_chance(ctx, engine):
    refit_series(engine, [("ipm", "ID")])
    ipm = by_code(overview_cards(ctx, "ID"))["ipm"]
    found = ipm["on_track"]
    # RPJMN 2020-2024 asked 75.54 for 2024; the official 2024 figure is 74.20: an outcome, not a probability
    assert (found["year"], found["low"], found["latest_period"], found["latest"]) == (2024, 75.54, "2024", 74.20)
    assert found["forecast_period"] is None and found["probability"] == 0.0
    html_id, html_en = str(card(ipm, "id")), str(card(ipm, "en"))
    assert "angka 2024: belum tercapai" in html_id and "peluang tercapai" not in html_id
    assert "actual 2024: not met" in html_en and "chance of meeting" not in html_en
