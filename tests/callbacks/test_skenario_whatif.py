"""What-if drivers on the seeded province panel: the estimate in words, the shifted path, plain messages."""
from __future__ import annotations

import pandas as pd
import pytest

from callbacks import skenario_whatif as W
from services import whatif
from services.access import PUBLIC
from services.context import AppContext
from services.forecasts import refit_series


@pytest.fixture
def ctx(engine, config):
    # pages read stored forecasts only (a fresh start fits them after the seed): store the ones used here
    refit_series(engine, [("p0", "32"), ("ipm", "32"), ("p0", "3273")])
    return AppContext(engine=engine, config=config, cache=None)


def test_without_a_stored_forecast_the_page_says_so(engine, config):
    bare = AppContext(engine=engine, config=config, cache=None)
    _, children = W.compute(bare, "32", "p0", "ipm", 1, "constant", "id", PUBLIC)
    assert W.t("skenario.whatif.no_forecast", "id") in _text(children)


def _text(children) -> str:
    return " ".join(str(c.children) for c in children)


def test_poverty_against_hdi_in_words_both_languages(ctx):
    fig, children = W.compute(ctx, "32", "p0", "ipm", 1, "constant", "id", PUBLIC)
    text = _text(children)
    fit, provinces = whatif.estimate(ctx.engine, "p0", "ipm")
    assert fit.slope < 0 and fit.ci_high < 0 and fit.n >= 300 and provinces >= 30
    assert "IPM 1 poin lebih tinggi, Kemiskinan (P0) rata-rata lebih rendah" in text
    assert W.fmt_number(abs(fit.slope), 2, "id") in text and "interval kepercayaan 95%" in text
    assert f"n = {fit.n}" in text and f"{fit.years[0]}–{fit.years[-1]}" in text
    assert "bukan bukti sebab-akibat" in text
    names = [t.name for t in fig.data]
    assert {"Proyeksi dasar", "Dengan pendorong digeser", "Data", "Rentang 95% skenario"} <= set(names)
    _, english = W.compute(ctx, "32", "p0", "ipm", 1, "constant", "en", PUBLIC)
    assert "association, not a proven effect" in _text(english) and "percentage points lower" in _text(english)


def test_shift_moves_the_outcome_by_the_slope(ctx):
    fit, _ = whatif.estimate(ctx.engine, "p0", "ipm")
    flat = whatif.what_if(ctx.engine, "p0", "ipm", "32", 0.0)
    up = whatif.what_if(ctx.engine, "p0", "ipm", "32", 2.0, "constant")
    built = whatif.what_if(ctx.engine, "p0", "ipm", "32", 1.0, "cumulative")
    assert (flat.path["scenario"] - flat.path["baseline"]).abs().max() == pytest.approx(0.0)
    assert (up.path["scenario"] - up.path["baseline"]).to_numpy() == pytest.approx(2.0 * fit.slope)
    steps = (built.path["scenario"] - built.path["baseline"]).to_numpy() / fit.slope
    assert steps == pytest.approx(range(1, len(steps) + 1))
    assert (up.path["low"] <= up.path["scenario"]).all() and (up.path["scenario"] <= up.path["high"]).all()


def test_an_unclear_direction_is_said(ctx):
    fit, _ = whatif.estimate(ctx.engine, "p0", "pdrb_growth")
    _, children = W.compute(ctx, "32", "p0", "pdrb_growth", 1, "constant", "id", PUBLIC)
    assert ("mencakup nol" in _text(children)) == (fit.ci_low <= 0 <= fit.ci_high)


def test_too_few_data_and_same_indicator_are_plain_messages(ctx):
    fig, children = W.compute(ctx, "32", "p0", "air_minum_layak", 1, "constant", "id", PUBLIC)
    assert "Data terlalu sedikit" in str(children[0].children) and "dibutuhkan minimal 20" in str(children[0].children)
    assert not fig.data
    _, children = W.compute(ctx, "32", "ipm", "ipm", 1, "constant", "en", PUBLIC)
    assert "two different indicators" in str(children[0].children)


def test_a_regency_without_a_forecast_still_gets_the_estimate(ctx):
    _, children = W.compute(ctx, "3273", "p0", "ipm", 1, "constant", "en", PUBLIC)
    text = _text(children)
    assert "Estimated from province data" in text and "HDI is 1 point higher" in text


def test_papua_split_enters_as_separate_units(ctx):
    panel = whatif.province_panel(ctx.engine, "p0", "ipm")
    papua = panel[panel["region"].str.startswith("91")]
    assert papua["region"].nunique() >= 2  # before and after the split are not one fixed effect


def test_default_pair_and_decimals():
    assert W.default_pair("p0", ["ipm", "p0", "pdrb_growth"]) == ("p0", "pdrb_growth")
    assert W.default_pair("pdrb_growth", ["ipm", "p0", "pdrb_growth"]) == ("pdrb_growth", "ipm")
    assert W.sig_decimals(0.032) == 3 and W.sig_decimals(0.37) == 2 and W.sig_decimals(0.00001) == 6
    assert whatif.driver_shift([2025, 2026, 2027], 0.5, "cumulative").tolist() == [0.5, 1.0, 1.5]
    assert whatif.driver_shift([2025, 2026], 0.5, "constant").equals(pd.Series([0.5, 0.5], index=[2025, 2026]))


def test_a_large_shift_never_shows_a_negative_poverty_rate(ctx):
    """Jakarta's poverty rate is about 4%: the slider's largest cumulative shift (HDI +3 points a year, 18 by 2030)
    moves it by about -6.6 points, below zero; the scenario and its range stop at the indicator's minimum, 0%."""
    refit_series(ctx.engine, [("p0", "31")])
    fit, _ = whatif.estimate(ctx.engine, "p0", "ipm")
    result = whatif.what_if(ctx.engine, "p0", "ipm", "31", 3.0, "cumulative")
    assert fit.slope * 3 * len(result.path) < -result.path["baseline"].max()  # unbounded, the scenario would go below zero
    assert (result.path[["scenario", "low", "high"]] >= 0).all().all()
    assert (result.path["low"] == 0).any()
