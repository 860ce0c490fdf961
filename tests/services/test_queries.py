"""The query layer filters by the caller's access tier and returns plain frames."""
from __future__ import annotations

import pytest
from sqlalchemy import update

from data.errors import NoDataError
from data.schema import Indicator
from services import queries
from services.access import INTERNAL_TIERS, PUBLIC, Access


@pytest.fixture
def internal_gini(engine):
    with engine.begin() as conn:
        conn.execute(update(Indicator).where(Indicator.code == "gini").values(tier="internal"))
    return engine


def test_public_caller_never_sees_internal_values(internal_gini):
    engine = internal_gini
    assert "gini" not in set(queries.indicators(engine, PUBLIC)["code"])
    assert queries.values_for_period(engine, "gini", "2024-03", "province", access=PUBLIC).empty
    assert queries.series(engine, "gini", ["32"], PUBLIC).empty
    assert queries.observations(engine, "gini", PUBLIC).empty
    assert queries.targets(engine, "gini", access=PUBLIC).empty
    with pytest.raises(NoDataError):
        queries.indicator(engine, "gini", PUBLIC)


def test_internal_reader_sees_internal_values(internal_gini):
    analyst = Access(tiers=INTERNAL_TIERS, role="analis")
    frame = queries.values_for_period(internal_gini, "gini", "2024-03", "province", access=analyst)
    assert len(frame) == 38


def test_values_for_period_by_level_and_parent(engine):
    provinces = queries.values_for_period(engine, "ipm", "2024", "province")
    jabar = queries.values_for_period(engine, "ipm", "2024", "regency", parent="32")
    assert len(provinces) == 38 and len(jabar) == 27
    assert provinces.set_index("region_code").loc["32", "value"] == 74.43


def test_region_scope_limits_rows_of_non_public_indicators(engine):
    from sqlalchemy import update

    from data.schema import Indicator
    from services.access import access_for

    scoped = access_for("analis", "a", region_scope="32")
    public_codes = set(queries.values_for_period(engine, "ipm", "2024", "regency", access=scoped)["region_code"])
    assert len(public_codes) > 400  # a public indicator: the scope narrows nothing (issue 20)
    with engine.begin() as conn:
        conn.execute(update(Indicator).where(Indicator.code == "ipm").values(tier="internal"))
    codes = set(queries.values_for_period(engine, "ipm", "2024", "regency", access=scoped)["region_code"])
    assert codes and all(c.startswith("32") for c in codes)


def test_periods_and_availability(engine):
    assert queries.periods(engine, "ipm", "regency") == ["2020", "2021", "2022", "2023", "2024"]
    matrix = queries.availability(engine, "ipm").set_index(["period", "level"])["regions"]
    assert matrix[("2024", "regency")] == 472 and matrix[("2022", "regency")] == 514
