"""Attainment: polarity, ranges, bands, probability from the predictive distribution, the one verdict."""
from __future__ import annotations

import pytest

from models.attainment import Bands, Target, achievement, assess, probability, spread, verdict


def test_polarity_flips_achievement():
    target = Target(2024, 10.0, 10.0)
    assert achievement(9.0, target, True) == pytest.approx(90.0)
    assert achievement(9.0, target, False) == pytest.approx(110.0)
    assert achievement(11.0, target, False) == pytest.approx(90.0)


def test_range_counts_as_met_inside_it():
    target = Target(2029, 6.0, 7.0)
    assert achievement(6.5, target, False) == 100.0
    assert achievement(7.7, target, False) == pytest.approx(90.0)  # (7 - 0.7) / 7
    assert achievement(5.4, target, True) == pytest.approx(90.0)


def test_low_above_high_is_refused():
    with pytest.raises(ValueError):
        Target(2029, 8.0, 7.0)


def test_bands_are_configurable():
    assert Bands().status(100) == "tercapai" and Bands().status(95) == "hampir" and Bands().status(80) == "belum"
    assert Bands(met=100, near=80).status(85) == "hampir"


def test_probability_uses_the_right_tail():
    target = Target(2029, 5.0, 5.0)
    assert probability(5.0, 1.0, target, True) == pytest.approx(0.5)
    assert probability(4.0, 1.0, target, False) == pytest.approx(0.8413, abs=1e-3)
    assert probability(4.0, 0.0, target, True) == 0.0
    assert spread(-1.2816, 1.2816, -1.96, 1.96) == pytest.approx(1.0, abs=1e-3)


def test_verdict_without_a_forecast_follows_the_pace():
    target = Target(2029, 5.0, 5.0)  # lower is better, latest 7 in 2024: need -0.4 a year
    assert verdict(7.0, None, -0.5, -0.4, target, False) == "on_track"
    assert verdict(7.0, None, -0.3, -0.4, target, False) == "moderately_improving"
    assert verdict(7.0, None, -0.1, -0.4, target, False) == "stagnating"
    assert verdict(7.0, None, 0.2, -0.4, target, False) == "worsening"
    assert verdict(4.0, None, 0.0, None, target, False) == "on_track"


def test_on_track_never_stands_beside_a_chance_under_half():
    """GRDP growth, Sumatera Utara: the five-year slope (COVID rebound) beats the needed pace, the chance is 2%."""
    target = Target(2029, 7.6, 7.6)
    assert verdict(5.0, 0.02, 0.9, 0.52, target, True) == "moderately_improving"
    for chance in (0.0, 0.12, 0.19, 0.49):
        assert verdict(5.0, chance, 0.9, 0.52, target, True) != "on_track"
    assert verdict(5.0, 0.5, 0.0, 0.52, target, True) == "on_track"


def test_a_met_target_that_holds_is_not_worsening():
    """Gini, Jambi: target already met, chance 98.8%, the recent slope rising (away from a lower-is-better target)."""
    target = Target(2025, 0.335, 0.335)
    assert verdict(0.32, 0.988, 0.003, None, target, False) == "on_track"
    assert verdict(0.32, None, 0.003, None, target, False) == "on_track"
    assert verdict(0.32, 0.3, 0.003, None, target, False) == "worsening"  # met now, expected to slip back


def test_assess_combines_everything():
    target = Target(2029, 6.0, 7.0)
    result = assess(target, False, 8.0, "2024-03", 2024, [2020, 2021, 2022, 2023, 2024], [10, 9.5, 9, 8.5, 8],
                    forecast=("2029-03", 5.5, 5.0, 6.0, 4.7, 6.3))
    assert result.band == "belum"  # (7 - 1) / 7 = 85.7 %
    assert result.achievement == pytest.approx((7 - 1) / 7 * 100)
    assert result.required_change == pytest.approx(-0.2)
    assert result.historical_change == pytest.approx(-0.5)
    assert result.status == "on_track"
    assert result.probability > 0.9
