"""Saved scenarios through the page's plain functions: save, confirm before overwrite, list, compare, delete,
export; the path is recomputed on the server from the inputs."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from callbacks import skenario_saved as S
from services import saved_scenarios, scenario
from services.access import PUBLIC, access_for
from services.context import AppContext

ANALIS = access_for("analis", "budi")
STATE = {"region": "32", "indicator": "p0", "lang": "id"}


@pytest.fixture
def ctx(engine, config):
    return AppContext(engine=engine, config=config, cache=None)


def test_save_then_same_name_asks_before_overwriting(ctx):
    message, confirm, pending, saved = S.save_scenario(ctx, STATE, "moderat", "linear", None, 2029, 6.0, "id",
                                                       ANALIS)
    assert saved and confirm is None and "disimpan" in message.children
    data = scenario.simulate(ctx.engine, "p0", "32", None, 2029, 6.0)
    stored = saved_scenarios.list_saved(ctx.engine, ANALIS, "32", "p0")[0]
    assert stored.path == tuple(scenario.path_for(data, "linear")) and stored.path[-1] == (2029, pytest.approx(6.0))

    message, confirm, pending, saved = S.save_scenario(ctx, STATE, "moderat", "growth", None, 2029, 5.0, "en",
                                                       ANALIS)
    assert not saved and message is None
    assert "already used" in confirm and "target 6.00 in 2029 (constant change), by budi" in confirm
    assert pending == {"name": "moderat", "method": "growth", "base_year": None, "end_year": 2029, "target": 5.0}
    assert saved_scenarios.list_saved(ctx.engine, ANALIS, "32", "p0")[0].target == 6.0  # nothing lost yet

    message, confirm, _, saved = S.save_scenario(ctx, STATE, **{k: pending[k] for k in ("name", "method")},
                                                 base_year=None, end_year=2029, target=5.0, lang="en",
                                                 access=ANALIS, overwrite=True)
    assert saved and "overwritten" in message.children
    again = saved_scenarios.list_saved(ctx.engine, ANALIS, "32", "p0")
    assert len(again) == 1 and again[0].target == 5.0 and again[0].method == "growth"


@pytest.mark.parametrize(("access", "target", "word"), [
    (PUBLIC, 6.0, "tidak berhak"),
    (ANALIS, None, "Belum ada jalur"),
    (ANALIS, -2.0, "Belum ada jalur"),  # an impossible scenario has no path to save
])
def test_refusals_are_messages(ctx, access, target, word):
    message, confirm, _, saved = S.save_scenario(ctx, STATE, "x", "linear", None, 2029, target, "id", access)
    assert not saved and confirm is None and word in message.children
    assert saved_scenarios.list_saved(ctx.engine, ANALIS, "32", "p0") == []


def test_list_compare_export_delete(ctx):
    for name, target in (("optimis", 5.0), ("pesimis", 7.0)):
        S.save_scenario(ctx, STATE, name, "linear", None, 2029, target, "id", ANALIS)
    options = S.saved_options(ctx, STATE, "id", ANALIS)
    assert [o["label"].split(":")[0] for o in options] == ["pesimis", "optimis"]  # newest first
    assert "target 5,00 pada 2029 (perubahan tetap) · budi" in options[1]["label"]
    assert S.saved_options(ctx, STATE, "id", PUBLIC) == []
    ids = [o["value"] for o in options]
    fig = S.compare(ctx, STATE, ids, "id", ANALIS)
    assert [t.name for t in fig.data] == ["pesimis", "optimis", "Data"]
    assert fig.data[1].y[-1] == pytest.approx(5.0) and fig.data[0].y[-1] == pytest.approx(7.0)
    assert S.compare(ctx, STATE, ids, "id", PUBLIC) is None
    assert S.compare(ctx, {**STATE, "region": "33"}, ids, "id", ANALIS) is None  # another page's scenarios

    rows = S.annex_rows(ctx, STATE, ids, None, "linear", None, 2029, None, "id", ANALIS)
    book = load_workbook(io.BytesIO(S.annex_file(ctx, STATE, rows, "id", ANALIS)))
    table = list(book.active.iter_rows(values_only=True))
    assert [r[4] for r in table[1:]] == ["pesimis", "optimis"] and table[0][-1] == "Target 2029"
    assert table[2][-1] == 5.0

    message = S.delete_selected(ctx, [ids[0]], "id", ANALIS)
    assert "pesimis" in message.children
    assert [o["label"].split(":")[0] for o in S.saved_options(ctx, STATE, "id", ANALIS)] == ["optimis"]
    assert "tidak berhak" in S.delete_selected(ctx, [ids[1]], "id", PUBLIC).children


def test_export_of_the_scenario_on_screen_for_anyone(ctx):
    rows = S.annex_rows(ctx, STATE, [], "  ", "growth", None, 2029, 6.0, "en", PUBLIC)
    assert len(rows) == 1 and rows[0].name == "scenario on screen (not saved)" and rows[0].path[-1][0] == 2029
    assert S.annex_rows(ctx, STATE, [], "x", "linear", None, 2029, None, "id", PUBLIC) == []  # no target, no table
