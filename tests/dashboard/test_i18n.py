"""Translations are complete and used keys exist; numbers and dates follow the active locale."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from dashboard.i18n import (
    catalogue,
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


def test_every_literal_key_used_in_code_exists():
    used = set()
    for folder in ("dashboard", "layouts", "callbacks"):
        for path in (ROOT / folder).rglob("*.py"):
            used |= set(KEY_CALL.findall(path.read_text(encoding="utf-8")))
    missing = sorted(used - catalogue().keys())
    assert not missing, f"keys used but not defined: {missing}"


@pytest.mark.parametrize(("value", "decimals", "lang", "text"), [
    (74.2, 2, "id", "74,20"), (1234.5, 1, "id", "1.234,5"), (1234.5, 1, "en", "1,234.5"),
    (1234567, 0, "id", "1.234.567"), (0.388, 3, "id", "0,388"), (-0.73, 2, "id", "-0,73"),
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


@pytest.fixture
def zone():
    """Restores the display zone a test changes (it is process-wide, set by create_app)."""
    yield set_display_timezone
    set_display_timezone("Asia/Jakarta")


def test_times_are_shown_in_the_display_zone_with_its_indonesian_name(zone):
    stored = datetime(2026, 11, 28, 7, 5)  # naive, as SQLite returns the UTC it was given
    assert fmt_date(stored, "id", with_time=True) == "28 Nov 2026 14:05 WIB"
    assert fmt_date(stored.replace(tzinfo=UTC), "en", with_time=True) == "28 Nov 2026 14:05 WIB"
    zone("Asia/Jayapura")
    assert fmt_date(stored, "en", with_time=True) == "28 Nov 2026 16:05 WIT"
    late = datetime(2026, 11, 28, 20, 0, tzinfo=UTC)  # already the 29th in Papua
    assert fmt_date(late, "id") == "29 November 2026"


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
