"""A region scope narrows only what is not public (issue 20): an analyst limited to Kota Bandung reads the public
figures of every region as the public does, and internal values only inside the scope."""
from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import update

from callbacks.bandingkan.ranking import ranking_view
from data.schema import Indicator
from services import compare, queries, scenario, whatif
from services.access import PUBLIC, access_for
from services.context import AppContext

BANDUNG = access_for("analis", "bappeda-bandung", region_scope="3273")


@pytest.fixture
def ctx(engine, config):
    return AppContext(engine=engine, config=config, cache=None)


def _text(view) -> str:
    return " ".join(str(part) for part in view.summary)


def test_scoped_analyst_ranks_among_all_peers_like_the_public(ctx):
    scoped, public = (ranking_view(ctx, "3273", None, "ipm", "2024", "id", a) for a in (BANDUNG, PUBLIC))
    assert "dari 27" in _text(public)
    assert _text(scoped) == _text(public)
    pd.testing.assert_frame_equal(scoped.data, public.data)


def test_scoped_analyst_gets_the_peer_pace_and_the_whatif_panel_of_the_public(ctx):
    scoped = scenario.simulate(ctx.engine, "p0", "3273", None, 2029, 3.2, BANDUNG)
    public = scenario.simulate(ctx.engine, "p0", "3273", None, 2029, 3.2, PUBLIC)
    assert public["peer_n"] >= 4 and (scoped["peer_n"], scoped["peer_pace"]) == (public["peer_n"], public["peer_pace"])
    fit_scoped, _ = whatif.estimate(ctx.engine, "p0", "ipm", BANDUNG)
    fit_public, _ = whatif.estimate(ctx.engine, "p0", "ipm", PUBLIC)
    assert fit_public.n > 300 and fit_scoped.n == fit_public.n
    assert len(queries.regions(ctx.engine, "regency", access=BANDUNG)) == len(queries.regions(ctx.engine, "regency"))


def test_internal_values_stay_inside_the_scope(ctx):
    with ctx.engine.begin() as conn:
        conn.execute(update(Indicator).where(Indicator.code == "hls").values(tier="internal"))
    everyone = access_for("analis", "pusat")
    period = queries.periods(ctx.engine, "hls", "regency", access=everyone)[-1]
    all_codes = set(queries.values_for_period(ctx.engine, "hls", period, "regency", access=everyone)["region_code"])
    scoped = set(queries.values_for_period(ctx.engine, "hls", period, "regency", access=BANDUNG)["region_code"])
    assert len(all_codes) > 400 and scoped == {c for c in all_codes if c.startswith("3273")}
    assert queries.values_for_period(ctx.engine, "hls", period, "regency", access=PUBLIC).empty
    assert "hls" not in set(queries.region_values(ctx.engine, "3201", BANDUNG)["indicator_code"])
    assert "hls" in set(queries.region_values(ctx.engine, "3273", BANDUNG)["indicator_code"])
    assert "ipm" in set(queries.region_values(ctx.engine, "3201", BANDUNG)["indicator_code"])
    history = compare.level_history(ctx.engine, "hls", "regency", access=BANDUNG)
    assert set(history["region_code"]) <= {c for c in all_codes if c.startswith("3273")}
