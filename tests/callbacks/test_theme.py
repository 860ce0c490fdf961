"""`?tema=` narrows every page that picks indicators: the indicator choices, the overview cards, the defaults;
an unknown theme is a plain notice."""
from __future__ import annotations

import dash
import pytest

from layouts.common import THEME_PICKER
from services.context import AppContext
from services.options import resolve_state, theme_codes, theme_options


def render(app, module: str, **query):
    """The page layout as the app serves it (inside a request, as the public)."""
    page = next(p for p in dash.page_registry.values() if p["module"] == module)
    with app.server.test_request_context("/"):
        return page["layout"](**query)


def find(component, predicate) -> list:
    """Every component in the tree for which `predicate(component)` holds."""
    found, stack = [], [component]
    while stack:
        c = stack.pop()
        if c is None or isinstance(c, str | int | float):
            continue
        if isinstance(c, list | tuple):
            stack.extend(c)
            continue
        if predicate(c):
            found.append(c)
        stack.append(getattr(c, "children", None))
    return found


def by_id(component, wanted) -> object:
    hits = find(component, lambda c: getattr(c, "id", None) == wanted)
    assert hits, f"no component {wanted!r}"
    return hits[0]


def option_values(component, wanted) -> set[str]:
    return {o["value"] for o in by_id(component, wanted).options}


def test_theme_options_and_resolution(engine, config):
    ctx = AppContext(engine=engine, config=config, cache=None)
    assert "governance" in {o["value"] for o in theme_options(ctx, "id")}
    assert theme_codes(ctx, "poverty_inequality") == ["p0", "gini"]
    state = resolve_state(ctx, "en", indicator="ipm", theme="governance")
    assert state.theme == "governance" and state.indicator == "indeks_spbe"
    assert any("not in the theme" in n for n in state.notices)
    unknown = resolve_state(ctx, "en", theme="<script>")
    assert unknown.theme is None and unknown.indicator == "ipm"
    assert unknown.notices == ["Unknown theme '<script>'; showing every theme."]


@pytest.mark.parametrize("module, indicator_id", [
    ("tren", "tren-indicator"), ("peta", "peta-indicator"), ("proyeksi", "proyeksi-indicator"),
    ("skenario", "skenario-indicator"), ("bandingkan", "bandingkan-indicator"),
])
def test_tema_narrows_the_indicator_choices(app, module, indicator_id):
    everything = option_values(render(app, module), indicator_id)
    page = render(app, module, tema="poverty_inequality")
    assert option_values(page, indicator_id) == {"p0", "gini"} < everything
    assert by_id(page, indicator_id).value in {"p0", "gini"}
    assert by_id(page, {"type": THEME_PICKER, "index": module}).value == "poverty_inequality"


def test_prioritas_picks_only_theme_indicators(app):
    page = render(app, "prioritas", tema="poverty_inequality")
    chosen = by_id(page, "prioritas-indicators")
    assert {o["value"] for o in chosen.options} == {"p0", "gini"} and set(chosen.value) <= {"p0", "gini"}


def card_codes(page) -> list[str]:
    return [c.id["index"] for c in find(page, lambda c: isinstance(getattr(c, "id", None), dict)
                                        and c.id.get("type") == "ringkasan-card")]


def test_overview_cards_follow_the_theme(app):
    page = render(app, "ringkasan", wilayah="51", tema="human_development")
    assert sorted(card_codes(page)) == ["hls", "ipm", "ppk", "rls", "uhh"]
    governance = render(app, "ringkasan", wilayah="51", tema="governance")
    assert card_codes(governance) == ["indeks_spbe"]


def test_overview_shows_a_governance_row_with_the_incomplete_flag(app):
    page = render(app, "ringkasan", wilayah="51", lang="id")
    row = by_id(page, "ringkasan-governance")
    assert card_codes(row) == ["indeks_spbe"]
    badges = find(row, lambda c: "confidence-badge" in (getattr(c, "className", "") or ""))
    assert [b.children for b in badges] == ["data tidak lengkap: dari pemberitaan"]
    english = render(app, "ringkasan", wilayah="51", lang="en")
    assert "incomplete: from press reports" in str(by_id(english, "ringkasan-governance"))
    # no governance values for Jawa Barat in the bundled data: no governance row at all
    assert not find(render(app, "ringkasan", wilayah="32"), lambda c: getattr(c, "id", None) == "ringkasan-governance")


def test_unknown_theme_is_a_notice_not_an_error(app):
    page = render(app, "peta", tema="nonsense", lang="en")
    assert "Unknown theme 'nonsense'; showing every theme." in str(page)
    assert "ipm" in option_values(page, "peta-indicator")
