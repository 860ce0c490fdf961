"""The overview answers "what should I prioritise?": Jawa Barat's indicators ranked by the one rule, and the top
three of the priority matrix as /prioritas and the PDF brief give them, with the brief's buttons beside them."""
from __future__ import annotations

import pytest

from callbacks.prioritas import view_for
from callbacks.ringkasan import page
from callbacks.ringkasan_isu import strategic_issues, top_three
from i18n import fmt_number
from layouts.brief import ids as brief_ids
from layouts.ringkasan_isu import ids
from services import priorities, queries
from services.access import PUBLIC
from services.brief import build_brief
from services.config import Config
from services.context import AppContext
from services.overview import overview_cards


def find(component, wanted):
    """The component with id `wanted` in a Dash layout tree, or None."""
    if getattr(component, "id", None) == wanted:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            found = find(child, wanted)
            if found is not None:
                return found
    return None


@pytest.fixture
def ctx(engine):
    return AppContext(engine=engine, config=Config(database_url=str(engine.url), auto_seed=False), cache=None)


def test_jawa_barat_issues_are_ranked_by_flags_and_each_flag_agrees_with_its_card(ctx):
    cards = {c["indicator"]["code"]: c for c in overview_cards(ctx, "32")}
    issues = strategic_issues(list(cards.values()))
    assert len(issues) == len(cards) and all(i.has_data for i in issues)
    counts = [i.count for i in issues]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 2
    for issue in issues:
        card = cards[issue.code]
        behind_target = (card["on_track"] or {}).get("status") not in (None, "on_track")
        assert issue.flags["target"] == (behind_target if card["on_track"] else None)
        if issue.flags["peers"] is not None:  # worse than Indonesia, in the indicator's own direction
            hib = card["indicator"]["higher_is_better"]
            assert issue.flags["peers"] == ((card["value"] < card["parent_value"]) if hib
                                            else (card["value"] > card["parent_value"]))
        assert issue.flags["trend"] == (None if card["change"] is None else card["tone"] == "bad")
    ipm = next(i for i in issues if i.code == "ipm")  # 74,43 above Indonesia's 74,20, rising: no peer or trend flag
    assert ipm.flags["peers"] is False and ipm.flags["trend"] is False


def test_top_three_are_the_priority_pages_and_the_briefs(ctx):
    parent, lines = top_three(ctx, queries.region(ctx.engine, "32"))
    matrix = view_for(ctx, "32", list(priorities.DEFAULT_INDICATORS), priorities.DEFAULT_WEIGHTS, "id", PUBLIC)
    assert parent["code"] == "32"
    assert [(line.region["code"], fmt_number(line.need, 2, "id")) for line in lines] == \
        [(r["code"], r["score"]) for r in matrix.rows[:3]]
    brief = build_brief(ctx, "32", PUBLIC, draws=20)
    assert [p.region["code"] for p in brief.priorities] == [line.region["code"] for line in lines]


def test_a_kab_kota_sees_its_provinces_top_three(ctx):
    parent, lines = top_three(ctx, queries.region(ctx.engine, "3273"))
    assert parent["code"] == "32" and len(lines) == 3 and all(line.region["code"][:2] == "32" for line in lines)


def test_overview_page_has_the_issues_table_and_the_top_three_with_the_pdf_button(ctx):
    text = str(page(ctx)(wilayah="32"))
    assert ids.ISSUES in text and ids.TOP in text
    assert "Isu strategis" in text and "Tiga kab/kota prioritas di Jawa Barat" in text
    assert "Kabupaten Cianjur" in text
    top = find(page(ctx)(wilayah="32"), ids.TOP)
    assert top is not None and find(top, brief_ids.of(brief_ids.PDF_BUTTON, "ringkasan")) is not None
    english = str(page(ctx)(wilayah="ID", lang="en"))
    assert "Strategic issues" in english and "Three priority provinces" in english
    assert "Against Indonesia" not in english  # Indonesia has no comparison region: no such column


def test_kota_bandung_lists_its_indicators_without_data_last(ctx):
    issues = strategic_issues(overview_cards(ctx, "3273"))
    flags = [i.has_data for i in issues]
    assert flags == sorted(flags, reverse=True) and False in flags  # Gini, TPT, ... have no Kota Bandung value
    text = str(page(ctx)(wilayah="3273"))
    assert "Tanpa data untuk wilayah ini" in text and "Dibanding Jawa Barat" in text
