"""The compare page's plain functions on the seeded store, without a browser."""
import io
import re

import pandas as pd
import pytest

from callbacks.bandingkan import checked_state, klassen, page, ranking, scatter
from services.config import Config
from services.context import AppContext
from services.export import safe_csv


@pytest.fixture
def ctx(engine):
    return AppContext(engine=engine, config=Config(database_url=str(engine.url), auto_seed=False), cache=None)


def bars(view):
    return view.figure.data[0]


def test_ranking_of_provinces_highlights_the_selected_and_draws_the_national_figure(ctx):
    view = ranking.ranking_view(ctx, "32", None, "ipm", "2024", "id")
    trace = bars(view)
    assert len(trace.y) == 38
    values = list(trace.x)
    assert values == sorted(values, reverse=True)  # higher is better: best on top
    selected = [c for c in trace.marker.color if c == "#d9480f"]
    assert len(selected) == 1 and trace.y[trace.marker.color.index("#d9480f")] == "Jawa Barat"
    # reference line is the stored national figure for 2024 (74.20), labelled as published
    line = [s for s in view.figure.layout.shapes if s.type == "line"][0]
    assert line.x0 == pytest.approx(74.20)
    assert "angka resmi" in view.figure.layout.annotations[0].text
    text = " ".join(str(p) for p in view.summary)
    assert "ke-10 dari 38 provinsi" in text


def test_ranking_of_kabkota_in_english_says_regencies_cities(ctx):
    text = " ".join(str(p) for p in ranking.ranking_view(ctx, "3273", None, "ipm", "2024", "en").summary)
    assert "Kota Bandung: 2 of 27 regencies/cities" in text and "kab/kota" not in text


def test_ranking_lower_is_better_puts_the_lowest_poverty_first(ctx):
    view = ranking.ranking_view(ctx, "ID", None, "p0", "2024-03", "en")
    values = list(bars(view).x)
    assert values == sorted(values)
    assert "#d9480f" not in bars(view).marker.color  # Indonesia: nothing highlighted


def test_ranking_csv_is_exactly_the_plotted_bars_plus_the_reference(ctx):
    view = ranking.ranking_view(ctx, "3273", None, "ipm", "2024", "en")
    frame = pd.read_csv(io.StringIO(safe_csv(view.data)), dtype={"region_code": str})
    peers, reference = frame.iloc[:-1], frame.iloc[-1]
    assert list(peers["value"]) == list(bars(view).x)
    assert len(peers) == 27 and (peers["region_code"].str[:2] == "32").all()
    assert reference["region_code"] == "32" and reference["role"] == "reference (published figure)"
    assert (peers["role"] == "selected region").sum() == 1


def test_province_compared_with_its_own_kabkota(ctx):
    options, period = ranking.period_choices(ctx, "32", "kabkota", "p0", None, "id")
    assert period == "2024-03" and {o["value"] for o in options} >= {"2020", "2024-03"}
    view = ranking.ranking_view(ctx, "32", "kabkota", "p0", period, "id")
    assert len(bars(view).y) == 27


def test_missing_parent_value_gives_a_labelled_simple_mean(ctx):
    # pdrb_per_capita 2024 has 38 provinces but no national row
    view = ranking.ranking_view(ctx, "ID", None, "pdrb_per_capita", "2024", "id")
    assert "rata-rata sederhana" in view.figure.layout.annotations[0].text
    assert view.data.iloc[-1]["value"] == pytest.approx(view.data.iloc[:-1]["value"].mean())


def test_no_values_for_peers_says_so(ctx):
    view = ranking.ranking_view(ctx, "3273", None, "tpt", None, "id")
    assert "Tidak ada data" in str(view.summary)
    assert view.data.empty


def test_side_of_reference_follows_polarity():
    assert ranking.side_of(5, 8, False) == "better" and ranking.side_of(9, 8, False) == "worse"
    assert ranking.side_of(80, 74, True) == "better" and ranking.side_of(80, 74, None) == ""


def test_scatter_pairs_ipm_with_march_poverty_and_fits_a_line(ctx):
    options, year = scatter.year_choices(ctx, "ID", None, "ipm", "p0", None)
    assert year == 2024 and 2024 in [o["value"] for o in options]
    view = scatter.scatter_view(ctx, "ID", None, "ipm", "p0", year, "en")
    assert "Poverty rate March 2024" in str(view.summary) and "R²" in str(view.summary)
    axes = view.figure.layout.xaxis.title.text + view.figure.layout.yaxis.title.text
    assert "(index (0-100))" in axes and "(percent)" in axes and "persen" not in axes and "indeks" not in axes
    points = view.data[view.data["role"] != "reference (published figure)"]
    assert len(points) == 38 and set(points["y_period"]) == {"2024-03"}
    line = [tr for tr in view.figure.data if tr.mode == "lines"][0]
    assert line.y[0] > line.y[1]  # poverty falls as IPM rises


def test_scatter_slope_per_rupiah_keeps_its_digits(ctx):
    """GRDP per capita runs in thousands of rupiah: poverty changes by hundred-thousandths of a point per unit, which
    four fixed decimals wrote as "0,0000 × PDRB per kapita"; the slope keeps three significant digits."""
    _, year = scatter.year_choices(ctx, "ID", None, "pdrb_per_capita", "p0", None)
    text = str(scatter.scatter_view(ctx, "ID", None, "pdrb_per_capita", "p0", year, "id").summary)
    slope = re.search(r"[+−] (\d+,\d+) × PDRB per kapita", text)
    assert slope and slope.group(1).strip("0,"), text


def test_klassen_of_provinces_uses_national_references_and_flags_papua(ctx):
    view = klassen.klassen_view(ctx, "ID", None, "pdrb_per_capita", 3, "id")
    data = view.data.iloc[:-1]
    assert len(data) == 34  # the four provinces formed in 2022 lack 2022 growth
    assert set(data["growth_window"]) == {"2022-2024"} and set(data["level_year"]) == {2023}
    assert set(data.loc[data["series_break"], "region_code"]) == {"91", "92"}
    reference = view.data.iloc[-1]
    assert reference["mean_growth"] == pytest.approx((5.31 + 5.05 + 5.03) / 3)
    assert reference["level"] == pytest.approx(74964.7)
    assert reference["region_code"] == "ID" and "simple mean" not in reference["quadrant_name"]
    text = str(view.summary)
    assert "Pemekaran Papua" in text and "Papua Selatan" in text


def test_klassen_five_years_has_no_national_growth_for_2020_and_says_so(ctx):
    view = klassen.klassen_view(ctx, "ID", None, "pdrb_per_capita", 5, "en")
    reference = view.data.iloc[-1]
    assert reference["quadrant_name"] == ("growth: simple mean of the regions (not published); "
                                          "level: published parent figure")
    assert "simple mean of the regions" in str(view.summary)


def test_klassen_window_of_two_years_avoids_the_split(ctx):
    view = klassen.klassen_view(ctx, "ID", None, "pdrb_per_capita", 2, "id")
    assert len(view.data) - 1 == 38 and not view.data["series_break"].any()


def test_klassen_at_kabkota_level_uses_the_kabkota_rows(ctx):
    view = klassen.klassen_view(ctx, "3273", None, "pdrb_per_capita", 3, "en")
    assert view.figure is not None  # kab/kota growth and GRDP per capita 2019-2023 (indicators_kabkota)
    assert sum(len(trace.x) for trace in view.figure.data if trace.x is not None) >= 27  # Jawa Barat's kab/kota


def test_klassen_growth_reference_written_like_every_other_percentage(ctx):
    text = str(klassen.klassen_view(ctx, "3273", None, "pdrb_per_capita", 3, "id").summary)
    assert "Jawa Barat 4,73% (angka resmi)" in text and "4,73 %" not in text


def test_klassen_at_kabkota_level_explains_why_not_without_kabkota_levels(ctx):
    view = klassen.klassen_view(ctx, "3273", None, "pdrb_per_capita_adhk", 3, "en")
    assert view.figure is None and "cannot be drawn for regencies/cities" in str(view.summary)


def test_bad_url_state_becomes_defaults_with_notices(ctx):
    state, notices = checked_state(ctx, "en", "9999", "nope", "1900", "sideways", "zzz", "p0", "abc", "x", "7")
    assert state["region"] == "ID" and state["indicator"] == "ipm" and state["peers"] == "provinsi"
    assert state["x"] == "ipm" and state["y"] == "p0" and state["window"] == 3
    assert state["year"] == 2024 and state["period"] == "2024"  # latest well-covered, not the bad URL values
    assert len(notices) == 4  # region, indicator, period, x
    layout = page(ctx)(lang="en", wilayah="9999", x="zzz")
    assert "Unknown region code" in str(layout)


def test_papua_pre_split_periods_are_noted(ctx):
    view = ranking.ranking_view(ctx, "ID", None, "p0", "2023-03", "en")
    assert "pre-split provinces" in str(view.summary)
    assert ranking.papua_note("p0", "2024-03", {"91", "92"}, "en") is None
    assert ranking.papua_note("p0", "2023-03", {"11"}, "en") is None


def test_selected_region_gets_the_level_band_when_ranks_are_close(ctx):
    view = ranking.ranking_view(ctx, "32", None, "ipm", "2024", "id")
    band = [s for s in view.figure.layout.shapes if s.type == "rect"][0]
    own = 74.43
    assert band.x0 < own < band.x1 and band.x1 - own == pytest.approx(own - band.x0)
