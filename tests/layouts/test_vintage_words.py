"""A figure's vintage is said in words in the reader's language ("pembaruan BPS 15 Mei 2025"), never as the seed
notes' raw text; every provenance rule's vintage is a date (or year) with a kind the words know."""
import dataclasses

import pytest

from data import provenance as rules
from i18n import t
from layouts.provenance import source_text, vintage_text


@pytest.mark.parametrize(("source", "lang", "words"), [
    ({"vintage": "2025-05-15", "vintage_kind": "updated"}, "id", "pembaruan BPS 15 Mei 2025"),
    ({"vintage": "2025-05-15", "vintage_kind": "updated"}, "en", "BPS update 15 May 2025"),
    ({"vintage": "2026-09-30", "vintage_kind": "accessed"}, "id", "diakses 30 September 2026"),
    ({"vintage": "2024", "vintage_kind": "captured_about"}, "en", "captured about 2024"),
    ({"vintage": "2026-12-07", "vintage_kind": "loaded"}, "id", "diunggah 7 Desember 2026"),
    ({"vintage": None, "vintage_kind": None}, "id", ""),
    (None, "en", ""),
])
def test_vintage_in_words(source, lang, words):
    assert vintage_text(source, lang) == words


def test_source_line_puts_the_vintage_after_the_period():
    line = source_text({"producer": "Badan Pusat Statistik (BPS)", "title": "IPM menurut Provinsi", "period": "2024",
                        "vintage": "2025-05-15", "vintage_kind": "updated", "quality": None}, "id")
    assert line == "Badan Pusat Statistik (BPS) — IPM menurut Provinsi · 2024 · pembaruan BPS 15 Mei 2025"


def test_every_rule_has_a_vintage_the_page_can_say():
    dated = [r for r in rules.rules() if r.vintage]
    assert {r.vintage_kind for r in dated} <= set(rules.VINTAGE_KINDS) and len(dated) >= 15
    for rule in dated:
        for lang in ("id", "en"):
            words = vintage_text(dataclasses.asdict(rule), lang)
            assert words and "(" not in words and "/" not in words, words  # no raw "(diakses / accessed)"
    assert all(t(f"provenance.vintage.{kind}", "en", date="x") != f"provenance.vintage.{kind}"
               for kind in rules.VINTAGE_KINDS)


def test_a_rule_with_a_raw_vintage_is_refused(tmp_path, monkeypatch):
    bad = tmp_path / "provenance.csv"
    bad.write_text(rules.RULES.read_text(encoding="utf-8").replace(",2025-05-15,updated,", ",2025-05-15 (last_update BPS),,"),
                   encoding="utf-8")
    monkeypatch.setattr(rules, "RULES", bad)
    rules.rules.cache_clear()
    try:
        with pytest.raises(ValueError, match="vintage '2025-05-15 \\(last_update BPS\\)'"):
            rules.rules()
    finally:
        monkeypatch.undo()
        rules.rules.cache_clear()
