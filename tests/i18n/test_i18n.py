"""Translations are complete and used keys exist; numbers and dates follow the active locale."""
from __future__ import annotations

import contextvars
import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfoNotFoundError

import pytest

from i18n import (
    catalogue,
    display_timezone,
    fmt_chance,
    fmt_date,
    fmt_number,
    fmt_period,
    fmt_signed,
    set_display_timezone,
    t,
    unit_label,
)

ROOT = Path(__file__).resolve().parents[2]
KEY_CALL = re.compile(r"""\bt\(\s*["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""")


def test_every_string_has_both_languages():
    for key, (indonesian, english) in catalogue().items():
        assert indonesian.strip() and english.strip(), key


def test_english_says_regencies_and_cities():
    """"kab/kota" is Indonesian shorthand; English pages say "regencies/cities" (the app's one English term)."""
    found = [key for key, (_, english) in catalogue().items() if re.search(r"\bkab/kota\b", english, re.I)]
    assert not found, found


def test_every_literal_key_used_in_code_exists():
    used = set()
    for folder in ("dashboard", "layouts", "callbacks"):
        for path in (ROOT / folder).rglob("*.py"):
            used |= set(KEY_CALL.findall(path.read_text(encoding="utf-8")))
    missing = sorted(used - catalogue().keys())
    assert not missing, f"keys used but not defined: {missing}"


@pytest.mark.parametrize(("value", "decimals", "lang", "text"), [
    (74.2, 2, "id", "74,20"), (1234.5, 1, "id", "1.234,5"), (1234.5, 1, "en", "1,234.5"),
    (1234567, 0, "id", "1.234.567"), (0.388, 3, "id", "0,388"), (-0.73, 2, "id", "\u22120,73"),
])
def test_numbers_follow_the_locale(value, decimals, lang, text):
    assert fmt_number(value, decimals, lang) == text


def test_missing_values_say_so():
    assert fmt_number(None, 2, "id") == "tidak ada data"
    assert fmt_number(float("nan"), 2, "en") == "no data"


def test_signed_dates_and_periods():
    assert fmt_signed(0.45, 2, "id") == "+0,45" and fmt_signed(-1.2, 2, "id") == "−1,20"
    assert fmt_date(date(2024, 3, 5), "id") == "5 Maret 2024"
    assert fmt_period("2024-09", "en") == "September 2024" and fmt_period("2024", "id") == "2024"


def test_unknown_language_falls_back_to_indonesian():
    assert t("common.no_data", "fr") == "tidak ada data"


def test_times_are_shown_in_the_display_zone_with_its_indonesian_name():
    stored = datetime(2026, 11, 28, 7, 5)  # naive, as SQLite returns the UTC it was given
    assert fmt_date(stored, "id", with_time=True) == "28 Nov 2026 14:05 WIB"
    assert fmt_date(stored.replace(tzinfo=UTC), "en", with_time=True) == "28 Nov 2026 14:05 WIB"
    with display_timezone("Asia/Jayapura"):
        assert fmt_date(stored, "en", with_time=True) == "28 Nov 2026 16:05 WIT"
        late = datetime(2026, 11, 28, 20, 0, tzinfo=UTC)  # already the 29th in Papua
        assert fmt_date(late, "id") == "29 November 2026"
    assert fmt_date(stored, "id", with_time=True) == "28 Nov 2026 14:05 WIB"  # back to the default after the block


def test_the_display_zone_belongs_to_its_context_not_the_process():
    """A zone set for one request (one context) is not seen by another running at the same time."""
    stored = datetime(2026, 11, 28, 7, 5, tzinfo=UTC)
    papua = contextvars.copy_context()
    papua.run(set_display_timezone, "Asia/Jayapura")
    assert papua.run(fmt_date, stored, "id", True) == "28 Nov 2026 16:05 WIT"
    assert fmt_date(stored, "id", with_time=True) == "28 Nov 2026 14:05 WIB"
    with pytest.raises(ZoneInfoNotFoundError):
        set_display_timezone("Asia/Atlantis")


def test_unit_label_is_english_on_english_pages_when_the_store_has_it():
    meta = {"unit": "indeks (0-100)", "unit_en": "index (0-100)"}
    assert unit_label(meta, "id") == "indeks (0-100)"
    assert unit_label(meta, "en") == "index (0-100)"
    assert unit_label({"unit": "persen", "unit_en": float("nan")}, "en") == "persen"  # a pandas record's gap
    assert unit_label({"unit": None}, "en") == ""


def test_dropdown_labels_in_both_languages():
    from layouts.common import dropdown_labels

    assert dropdown_labels("id")["selected_count"].format(num_selected=4) == "4 dipilih"
    assert dropdown_labels("en")["selected_count"].format(num_selected=4) == "4 selected"
    assert dropdown_labels("id", search="Cari nama wilayah…")["search"] == "Cari nama wilayah…"
    assert dropdown_labels("id")["search"] == "Cari…"


def test_grid_texts_in_both_languages():
    from layouts.common import grid_locale

    assert grid_locale("id")["noRowsToShow"] == "Tidak ada baris" and grid_locale("id")["page"] == "Halaman"
    assert grid_locale("en")["of"] == "of"


def test_parse_number_reads_the_pages_decimal_mark_and_refuses_the_rest():
    from i18n import fmt_input, parse_number

    assert parse_number("3,2", "id") == 3.2 and parse_number("3.2", "en") == 3.2
    assert parse_number("1.234,5", "id") == 1234.5 and parse_number("1,234.5", "en") == 1234.5
    assert parse_number("3.2", "id") == 3.2 and parse_number("3,2", "en") == 3.2  # never 32
    assert parse_number("−2,5", "id") == -2.5 and parse_number(" ", "id") is None and parse_number(7, "en") == 7.0
    for bad in ("abc", "3,2,1", "inf", "nan", "3,2%"):
        with pytest.raises(ValueError):
            parse_number(bad, "id")
    assert fmt_input(3.25, "id") == "3,25" and parse_number(fmt_input(-1234.5, "en"), "en") == -1234.5


def test_displayed_negative_numbers_use_the_minus_sign():
    from i18n import MINUS, fmt_number, fmt_signed

    assert fmt_number(-4.97, 2, "id") == f"{MINUS}4,97" and fmt_signed(-1.2, 2, "en") == f"{MINUS}1.20"
    assert "-" not in fmt_number(-1234.5, 1, "en")


@pytest.mark.parametrize(("chance", "text"), [(0.0, "< 1%"), (0.004, "< 1%"), (0.006, "1%"), (0.344, "34%"),
                                              (0.994, "99%"), (0.996, "> 99%"), (1.0, "> 99%")])
def test_a_chance_is_never_shown_as_0_or_100_percent(chance, text):
    assert fmt_chance(chance, "id") == text


def test_unchanged_and_final_are_different_words():
    """'tetap' meant 'unchanged' in the upload preview and 'final' in the map table (issue 20)."""
    assert t("unggah.unchanged", "id") != t("peta.status.final", "id")
    assert "tetap" not in t("unggah.unchanged", "id")


def test_today_is_the_display_zones_date():
    """The brief's 'generated' date is today where it is read, not on the server's UTC clock (it printed
    'dimuat 8 Des 2026 · dibuat 7 Des 2026': the load in Jakarta time, the generation in UTC)."""
    from dataclasses import MISSING, fields

    from i18n import local_today
    from models.brief import Brief

    with display_timezone("Pacific/Kiritimati"):  # UTC+14
        ahead = local_today()
    with display_timezone("Etc/GMT+12"):  # UTC-12: always a calendar day (or two) behind Kiritimati
        assert local_today() < ahead
    generated = {f.name: f for f in fields(Brief)}["generated"]
    assert generated.default is MISSING and generated.default_factory is MISSING  # no date but the one it is given
    # services.brief.build_brief gives it local_today(): tests/dashboard/test_brief.py


def test_significant_digits_for_small_coefficients():
    from i18n import fmt_significant

    assert fmt_significant(0.0000123456, 3, "id") == "0,0000123"
    assert fmt_significant(-0.00421, 3, "en") == "\u22120.00421"
    assert fmt_significant(1.25, 3, "id") == "1,25" and fmt_significant(1234.5, 3, "id") == "1.234,50"
    assert fmt_significant(0.0, 3, "id") == "0,00"
