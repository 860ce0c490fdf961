"""Values from before the 2022 Papua split never stand for today's Papua on a view: each view asks
services.comparability and draws such a value as 'not comparable', with its reason."""
import math

import pandas as pd
import pytest

from callbacks import peta
from layouts import choropleth
from models.classify import NO_CLASS
from services import comparability, maps, overview
from services.access import PUBLIC
from services.context import AppContext

LABEL_ID = "tidak sebanding: sebelum pemekaran 2022"


@pytest.fixture
def ctx(engine, config):
    return AppContext(engine=engine, config=config, cache=None)


def test_the_one_rule():
    assert not comparability.comparable("penduduk", "91", "2023")  # 4,482.7 thousand: the pre-split Papua
    assert comparability.comparable("penduduk", "91", "2025") and comparability.comparable("penduduk", "11", "2023")
    assert not comparability.comparable("p0", "91", "2023-03") and comparability.comparable("p0", "91", "2024-03")
    assert comparability.comparable("p0", "9101", "2023-03")  # a kab/kota kept its territory
    assert comparability.reason("p0", "92", "2023-03", "en") == "not comparable: before the 2022 split"
    assert comparability.reason("p0", "92", "2024-03", "id") is None
    assert comparability.preferred_period("tpt", ["2023-08", "2024-02", "2023-02"][:2], ["91", "11"]) == "2024-02"
    assert comparability.preferred_period("tpt", ["2022-08", "2023-08"], ["91"]) == "2023-08"  # none: the latest


def test_map_does_not_paint_papua_2023_population_on_todays_papua(ctx):
    view = maps.map_view(ctx, "penduduk", "2023", "province")
    i = view.codes.index("91")
    assert math.isnan(view.values[i]) and math.isnan(view.ranks[i]) and view.classes[i] == NO_CLASS
    assert view.earlier[i] == pytest.approx(4482.7)
    _missing, shown, earlier, _other = choropleth.layers(peta.spec_for(view, "id"))
    assert math.isnan(shown["z"][i])  # not coloured on the value scale
    assert sorted(earlier["locations"]) == ["91", "92"] and earlier["showlegend"]
    assert "4.482,7" in earlier["customdata"][earlier["locations"].index("91")]
    figure = peta.figure_for(view, "id")
    assert figure.data[2].name == LABEL_ID and LABEL_ID in figure.data[2].hovertemplate and figure.data[2].showlegend
    assert "Pemekaran Papua" in figure.data[2].customdata[0]
    rows = {r["code"]: r for r in peta.table_rows(view, "id")}
    assert rows["91"]["rank"] is None and rows["91"]["class_label"] == LABEL_ID and not rows["91"]["comparable"]
    assert rows["91"]["value_text"] == "4.482,7" and rows["11"]["comparable"] and rows["11"]["rank"] is not None
    frame = maps.map_frame(view).set_index("region")
    assert not frame.loc["91", "comparable"] and frame.loc["91", "value"] == pytest.approx(4482.7)
    assert math.isnan(frame.loc["91", "rank"]) and frame.loc["11", "comparable"]
    assert "2 wilayah tidak sebanding" in str(peta.summary_for(view, "id"))
    today = maps.map_view(ctx, "penduduk", "2025", "province")
    assert today.values[today.codes.index("91")] == pytest.approx(1074.8, abs=0.05) and not today.not_comparable


def test_map_poverty_march_2023_is_not_todays_papua(ctx):
    view = maps.map_view(ctx, "p0", "2023-03", "province")
    i = view.codes.index("91")
    assert math.isnan(view.values[i]) and view.earlier[i] == pytest.approx(26.03)
    assert all(math.isnan(view.ranks[j]) for j in view.not_comparable) and int(max(
        r for r in view.ranks if not math.isnan(r))) == view.with_data


def test_map_opens_on_the_latest_comparable_period(ctx):
    assert peta.pick_period(["2022", "2023"], None, "2022") == 0
    assert peta.pick_period(["2022", "2023"], "2023", "2022") == 1  # a period asked for is kept
    setup = peta.setup_from_url(ctx, "id", indicator="penduduk", level="province")
    assert setup.periods[setup.period_index] == "2025"
    periods = maps.map_periods(ctx, "tpt", "province")
    assert periods[-1] > "2024" and maps.preferred_period(ctx, "tpt", periods, "province", None,
                                                          PUBLIC) == periods[-1]


def test_priorities_say_which_indicator_has_no_data_at_the_level(ctx):
    from callbacks.prioritas import view_for
    from services.access import PUBLIC
    from services.priorities import DEFAULT_WEIGHTS, build_inputs

    inputs = build_inputs(ctx.engine, "32", ["p0", "ipm", "gini"], PUBLIC)
    assert inputs.absent == ["gini"] and set(inputs.latest) == {"p0", "ipm"}  # no kab/kota Gini in the store
    view = view_for(ctx, "32", ["p0", "ipm", "gini"], DEFAULT_WEIGHTS, "en", PUBLIC)
    assert any("No data at the regency/city level for: Gini" in n for n in view.notes)


def test_priorities_leave_pre_split_papua_values_out(ctx):
    from models.attainment import annual_change
    from services import queries
    from services.access import PUBLIC
    from services.priorities import build_inputs

    inputs = build_inputs(ctx.engine, "ID", ["p0"], PUBLIC)
    trend = inputs.long[(inputs.long.criterion == "trend") & (inputs.long.region == "91")]["value"].iloc[0]
    series = queries.series(ctx.engine, "p0", ["91"], PUBLIC)
    year = int(inputs.latest["p0"][:4])
    recent = series[series["period"].str[:4].astype(int) >= year - 5]
    when = lambda ps: [int(p[:4]) + (int(p[5:7]) - 1) / 12 for p in ps]
    after = recent[recent["period"] >= "2024"]
    assert len(after) < len(recent)  # the window reaches back before the split ...
    assert trend == annual_change(when(after["period"]), after["value"].tolist())  # ... but only after it counts
    assert trend != annual_change(when(recent["period"]), recent["value"].tolist())


def test_ranking_does_not_rank_papua_2023_as_today(ctx):
    from callbacks.bandingkan import ranking

    view = ranking.ranking_view(ctx, "91", None, "penduduk", "2023", "id")
    bars = view.figure.data[0]
    ranked = [n for n, s in zip(bars.y, bars.marker.pattern.shape, strict=True) if s == ""]
    hatched = [n for n, s in zip(bars.y, bars.marker.pattern.shape, strict=True) if s == "/"]
    assert sorted(hatched) == ["Papua", "Papua Barat"] and "Papua" not in ranked and len(ranked) == 32
    assert list(bars.y[-2:]) == hatched  # after the ranked bars
    assert LABEL_ID in bars.text[list(bars.y).index("Papua")] and "4.482,7" in bars.text[list(bars.y).index("Papua")]
    data = view.data.set_index("region_code")
    assert not data.loc["91", "comparable"] and pd.isna(data.loc["91", "rank"])
    assert data.loc["91", "value"] == pytest.approx(4482.7) and int(data["rank"].dropna().max()) == 32
    text = str(view.summary)
    assert "Papua: 4.482,7" in text and "tidak diberi peringkat" in text and "2 wilayah tidak sebanding" in text


def test_ranking_opens_on_the_latest_comparable_period(ctx):
    from callbacks.bandingkan import ranking

    _options, period = ranking.period_choices(ctx, "ID", None, "penduduk", None, "id")
    assert period == "2025"


def test_scatter_keeps_pre_split_papua_out_of_the_fit(ctx):
    from callbacks.bandingkan import scatter

    view = scatter.scatter_view(ctx, "ID", None, "ipm", "p0", 2023, "en")
    earlier = [tr for tr in view.figure.data if tr.name == "not comparable: before the 2022 split"]
    assert len(earlier) == 1 and len(earlier[0].x) == 2  # Papua, Papua Barat: P0 March 2023 is pre-split
    data = view.data.set_index("region_code")
    assert not data.loc["91", "comparable"] and pd.isna(data.loc["91", "y_fitted"])
    assert data.loc["91", "y_value"] == pytest.approx(26.03) and data.loc["11", "comparable"]
    assert "n = 32 regions" in str(view.summary)  # 34 provinces with both values in 2023, less the two


def test_kiosk_map_draws_pre_split_values_apart(ctx, monkeypatch):
    import importlib

    from layouts import kiosk
    from services import queries

    snapshot = importlib.import_module("services.kiosk_snapshot")
    info = snapshot.indicator_info(queries.indicator(ctx.engine, "p0"))
    frame = queries.values_for_period(ctx.engine, "p0", "2023-03", level="province")
    monkeypatch.setattr(snapshot, "latest_frames", lambda *_a: [("2023-03", frame)])
    data, _movers = snapshot.map_and_movers(ctx.engine, info, "province", None)
    assert data["earlier"] == ["91", "92"] and not {"91", "92"} & {r[0] for r in data["regions"]}
    assert not {"91", "92"} & set(data["missing"])
    figure = kiosk.map_figure(data, "/geo/province.geojson", "id")
    no_data, _values, earlier = figure.data[:3]  # layouts.choropleth: the not-comparable layer, not no data
    assert sorted(earlier.locations) == ["91", "92"] and not {"91", "92"} & set(no_data.locations)
    assert earlier.colorscale[0][1] != no_data.colorscale[0][1]
    assert LABEL_ID in str(kiosk.map_side(data, "id"))


def test_brief_map_prefers_a_comparable_period(ctx):
    from services.access import PUBLIC
    from services.brief import map_data

    shown = map_data(ctx, {"code": "ID", "level": "country"}, "penduduk", PUBLIC)
    assert shown.period == "2025" and shown.frame["comparable"].all()


def test_overview_cites_each_card_with_its_own_period_and_source(ctx):
    from datetime import date

    from callbacks import ringkasan
    from callbacks.chart_export import cite_text

    data = ringkasan.chart_data(ctx, "32", None)
    text = cite_text(ctx, data, "id", today=date(2026, 12, 7))
    assert text.startswith("Jawa Barat: ")
    assert text.startswith("Jawa Barat: IPM 2024 ([Metode Baru] Indeks Pembangunan Manusia (IPM) menurut Provinsi "
                           "(BPS Web API var 494) · pembaruan BPS 15 Mei 2025), Kemiskinan (P0) September 2024 (")
    assert "TPT Agustus 2024 (Tingkat Pengangguran Terbuka Menurut Provinsi (BPS Web API var 543)" in text
    assert "(Sumber: Badan Pusat Statistik (BPS)); Stunting 2022 (Prevalensi balita stunting menurut provinsi, SSGI " \
           "2022 (daftar lengkap databoks)) (Sumber: Kementerian Kesehatan)" in text
    flagged = cite_text(ctx, ringkasan.chart_data(ctx, "53", None), "en")
    assert "Stunting 2024 (Prevalensi balita stunting SSGI 2024, dikutip pemberitaan (databoks, nusantaratv) · " \
           "quoted in the news)" in flagged
    assert "–" not in text.split("Sumber")[0]  # no merged period range
    assert text.endswith("diakses 7 Desember 2026.")


def test_map_cites_the_level(ctx):
    from datetime import date

    from callbacks.chart_export import cite_text

    provinces = peta.chart_data(ctx, None, ["2023", "2024"], "quantile", "ipm", None, "province")
    assert "Indeks Pembangunan Manusia (IPM) [Metode Baru], 38 provinsi, 2024. Sumber:" in cite_text(
        ctx, provinces, "id", today=date(2026, 12, 7))
    regencies = peta.chart_data(ctx, None, ["2023", "2024"], "quantile", "ipm", "32", "regency")
    assert ", 27 kab/kota di Jawa Barat, 2024." in cite_text(ctx, regencies, "id")
    assert ", 27 regencies/cities in Jawa Barat, 2024." in cite_text(ctx, regencies, "en")
    assert ", 514 regencies/cities, 2024." in cite_text(
        ctx, peta.chart_data(ctx, None, ["2024"], "quantile", "ipm", None, "regency"), "en")


def test_kabkota_depth_priorities_klassen_scatter_and_kiosk(ctx):
    """The kab/kota bundle reaches the screen: TPT in a province's priority matrix (the missing one named),
    Tipologi Klassen of Jawa Barat's kab/kota, the new scatter pairs, and the kiosk's labour tile of a kota."""
    import importlib

    from callbacks.bandingkan import klassen, scatter
    from callbacks.prioritas import view_for
    from services.access import PUBLIC
    from services.kiosk import KioskSettings
    from services.priorities import DEFAULT_WEIGHTS

    view = view_for(ctx, "32", ["p0", "tpt", "ipm", "stunting"], DEFAULT_WEIGHTS, "id", PUBLIC)
    assert "TPT Agustus 2024" in " ".join(view.notes) and len(view.rows) == 27
    assert any("Tidak ada data pada tingkat kabupaten/kota untuk: Stunting" in n for n in view.notes)
    typology = klassen.klassen_view(ctx, "32", "kabkota", "pdrb_per_capita", 3, "id")
    assert typology.figure is not None and len(typology.data) - 1 == 27
    assert set(typology.data["growth_window"].iloc[:-1]) == {"2021-2023"}
    assert typology.data.iloc[-1]["region_code"] == "32"  # against Jawa Barat's own published figures
    years, year = scatter.year_choices(ctx, "32", "kabkota", "pdrb_per_capita", "tpt", None)
    assert year == 2023 and len(scatter.scatter_view(ctx, "32", "kabkota", "pdrb_per_capita", "tpt", year).data) == 28
    snap = importlib.import_module("services.kiosk_snapshot").snapshot(
        ctx.engine, KioskSettings(region="3273", indicator="tpt"))
    labour = next(tile for tile in snap["tiles"] if tile["code"] == "tpt")
    assert labour["value"] == pytest.approx(7.4) and labour["period"] == "2024-08"
    assert labour["previous_period"] == "2023-08" and snap["map"]["period"] == "2024-08"


def test_cards_show_their_source_and_say_when_a_change_spans_two_releases(ctx):
    from callbacks import ringkasan
    from layouts import ringkasan as layout

    cards = {c["indicator"]["code"]: c for c in overview.overview_cards(ctx, "31")}
    grdp, ipm = cards["pdrb_per_capita"], cards["ipm"]
    assert grdp["period"] == "2024" and grdp["previous_period"] == "2023" and grdp["other_release"]
    assert (grdp["previous_source"]["vintage"], grdp["previous_source"]["vintage_kind"]) == ("2024", "captured_about")
    assert grdp["source"]["vintage"] is None and not ipm["other_release"]
    drawn = str(layout.card(grdp, "id"))
    assert "perubahan antar rilis berbeda" in drawn and "berkas olahan yang mengutip BPS" in drawn
    assert "perubahan antar rilis berbeda" not in str(layout.card(ipm, "id"))
    assert "pembaruan BPS 15 Mei 2025" in str(layout.card(ipm, "id"))  # the source line's hover
    assert "BPS update 15 May 2025" in str(layout.card(ipm, "en"))
    assert "diambil sekitar 2024" in drawn  # a year alone where the notes give only the year
    frame = overview.cards_frame(list(cards.values())).set_index("indicator")
    assert bool(frame.loc["pdrb_per_capita", "other_release"]) and frame.loc["ipm", "vintage"] == "2025-05-15"
    assert frame.loc["ipm", "vintage_kind"] == "updated"
    ntt = {c["indicator"]["code"]: c for c in overview.overview_cards(ctx, "53")}
    assert ntt["stunting"]["source"]["quality"] == "news" and ntt["stunting"]["value"] == pytest.approx(37.0)
    page = str(ringkasan.page(ctx)(lang="id", wilayah="53"))
    assert "dikutip pemberitaan" in page and "quality-badge" in page


def test_map_table_and_cite_line_name_each_value_source(ctx):
    from callbacks import bandingkan
    from callbacks.chart_export import cite_text

    view = maps.map_view(ctx, "stunting", "2024", "province")
    rows = {r["code"]: r for r in peta.table_rows(view, "id", maps.table_sources(ctx, view))}
    assert rows["53"]["source"] == ("Kementerian Kesehatan — Prevalensi balita stunting SSGI 2024, dikutip pemberitaan "
                                    "(databoks, nusantaratv) · dikutip pemberitaan")  # the flag where the value shows
    assert rows["11"]["source"] == ""  # no value, no source
    kabkota = peta.chart_data(ctx, None, ["2024-08"], "quantile", "tpt", "32", "regency")
    assert ("27 kab/kota di Jawa Barat, Agustus 2024. Sumber: Badan Pusat Statistik (BPS) — Tingkat Pengangguran "
            "Terbuka menurut Jenis Kelamin dan Kabupaten/Kota (BPS Query Builder) (diakses 30 September 2026).") \
        in cite_text(ctx, kabkota, "id")
    ranking = cite_text(ctx, bandingkan.ranking_data(ctx, "32", None, "ipm", "2024", "en"), "en")
    assert ", 38 provinces, 2024. Source: Badan Pusat Statistik (BPS) — [Metode Baru] Indeks Pembangunan Manusia " \
           "(IPM) menurut Provinsi (BPS Web API var 494) (BPS update 15 May 2025)." in ranking


def test_scatter_cites_the_level(ctx):
    from callbacks import bandingkan
    from callbacks.chart_export import cite_text

    data = bandingkan.scatter_data(ctx, "32", "kabkota", "pdrb_per_capita", "tpt", 2023, "id")
    assert ", 27 kab/kota di Jawa Barat, 2023. Sumber:" in cite_text(ctx, data, "id")


def test_brief_card_says_a_change_spans_two_releases(ctx):
    from layouts.brief import text
    from services import queries
    from services.access import PUBLIC
    from services.brief import key_cards

    cards = {c.indicator["code"]: c for c in key_cards(ctx, queries.region(ctx.engine, "31"), PUBLIC)}
    assert cards["pdrb_per_capita"].other_release and not cards["ipm"].other_release
    assert text.change(cards["pdrb_per_capita"], "id").endswith("(perubahan antar rilis berbeda)")
    assert "rilis" not in text.change(cards["ipm"], "id")


def test_the_same_on_postgresql(pg_engine, config):
    """The map, ranking, priority matrix and overview cards on PostgreSQL: Papua 2023 apart, kab/kota TPT used,
    a change across two releases said."""
    from callbacks.bandingkan import ranking
    from services.access import PUBLIC
    from services.priorities import build_inputs

    pg = AppContext(engine=pg_engine, config=config, cache=None)
    view = maps.map_view(pg, "penduduk", "2023", "province")
    assert [view.codes[i] for i in view.not_comparable] == ["91", "92"]
    assert view.earlier[view.codes.index("91")] == pytest.approx(4482.7)
    data = ranking.ranking_view(pg, "ID", None, "p0", "2023-03", "id").data.set_index("region_code")
    assert not data.loc["91", "comparable"] and pd.isna(data.loc["91", "rank"])
    inputs = build_inputs(pg_engine, "32", ["p0", "tpt", "ipm", "stunting"], PUBLIC)
    assert inputs.latest["tpt"] == "2024-08" and inputs.absent == ["stunting"]
    cards = {c["indicator"]["code"]: c for c in overview.overview_cards(pg, "31")}
    assert cards["pdrb_per_capita"]["other_release"] and not cards["ipm"]["other_release"]


def test_kiosk_target_panel_leaves_pre_split_values_out(ctx, monkeypatch):
    import importlib

    from services import queries

    snapshot = importlib.import_module("services.kiosk_snapshot")
    info = snapshot.indicator_info(queries.indicator(ctx.engine, "p0"))
    frame = queries.values_for_period(ctx.engine, "p0", "2023-03", level="province")
    monkeypatch.setattr(snapshot, "latest_frames", lambda *_a: [("2023-03", frame)])
    panel = snapshot.target_panel(ctx.engine, [info], "province", None)
    assert panel["total"] and not {"91", "92"} & set(panel["bands"])
