"""UI text in Bahasa Indonesia (default) and English, and locale-aware number and date formatting (Babel).

Strings live in this package, one module per page (`common.py`, `katalog.py`, ...), each a dict
`STRINGS = {key: (indonesian, english)}`; a page adds its own module without touching the others.
"""
from __future__ import annotations

import importlib
import math
import pkgutil
from collections.abc import Mapping
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

LANGS = ("id", "en")
LOCALES = {"id": "id_ID", "en": "en_GB"}


@lru_cache(maxsize=1)
def catalogue() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for module in pkgutil.iter_modules(__path__):
        strings = getattr(importlib.import_module(f"{__name__}.{module.name}"), "STRINGS", {})
        duplicated = merged.keys() & strings.keys()
        if duplicated:
            raise KeyError(f"i18n keys defined twice: {sorted(duplicated)}")
        merged.update(strings)
    return merged


def normalise_lang(lang: str | None) -> str:
    return lang if lang in LANGS else "id"


def t(key: str, lang: str | None = "id", **values: object) -> str:
    """The text for `key` in `lang`, with {placeholders} filled; an unknown key shows itself (and a test fails)."""
    pair = catalogue().get(key)
    if pair is None:
        return key
    text = pair[0] if normalise_lang(lang) == "id" else pair[1]
    return text.format(**values) if values else text


def label_of(prefix: str, code: str, lang: str | None = "id") -> str:
    """The label of a stored code (`batches.kind.seed` -> "data bawaan"); a code without one (from a newer version
    or another tool) shows as stored."""
    return t(f"{prefix}.{code}", lang) if f"{prefix}.{code}" in catalogue() else code


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value: float | int | None, decimals: int = 2, lang: str | None = "id",
               missing: str | None = None) -> str:
    """`74,20` / `1.234,5` in Indonesian, `74.20` / `1,234.5` in English; a missing value says so."""
    if is_missing(value):
        return missing if missing is not None else t("common.no_data", lang)
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=LOCALES[normalise_lang(lang)])


def fmt_signed(value: float | None, decimals: int = 2, lang: str | None = "id") -> str:
    """A change with its sign: +0,45 / −1,20."""
    if is_missing(value):
        return t("common.no_data", lang)
    text = fmt_number(abs(value), decimals, lang)
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


_display_zone = ZoneInfo("Asia/Jakarta")


def set_display_timezone(name: str) -> None:
    """The zone times are shown in (Config.timezone, set by create_app); ZoneInfoNotFoundError when unknown."""
    global _display_zone  # noqa: PLW0603 - one process-wide setting, like the locale tables
    _display_zone = ZoneInfo(name)


def local_time(value: datetime) -> datetime:
    """A stored time (UTC; naive from SQLite means UTC) in the display zone."""
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(_display_zone)


def fmt_date(value: date | datetime | None, lang: str | None = "id", with_time: bool = False,
             short: bool = False) -> str:
    """`28 November 2026`; with a time, in the display zone with its Indonesian name: `28 Nov 2026 14:05 WIB`."""
    if value is None:
        return t("common.no_data", lang)
    locale = LOCALES[normalise_lang(lang)]
    if with_time and isinstance(value, datetime):
        local = local_time(value)
        zone = format_datetime(local, format="z", tzinfo=_display_zone, locale="id_ID")
        return f"{format_datetime(local, format='d MMM y HH:mm', tzinfo=_display_zone, locale=locale)} {zone}"
    if isinstance(value, datetime):  # the day it was in the display zone
        value = local_time(value).date()
    return format_date(value, format="d MMM y" if short else "d MMMM y", locale=locale)


def unit_label(meta: Mapping[str, object], lang: str | None = "id") -> str:
    """An indicator's unit in the page language: `unit_en` on English pages when the store has it, else `unit`."""
    english = meta.get("unit_en") if normalise_lang(lang) == "en" else None
    if isinstance(english, str) and english:  # a pandas record may hold NaN for a missing one
        return english
    unit = meta.get("unit")
    return unit if isinstance(unit, str) else ""


def fmt_period(period: str, lang: str | None = "id", short: bool = False) -> str:
    """2024 -> 2024; 2024-03 -> Maret 2024 / March 2024 (short: Mar 2024); 2024-Q1 stays."""
    if len(period) == 7 and period[4] == "-" and period[5:].isdigit():
        month = date(int(period[:4]), int(period[5:]), 1)
        pattern = "MMM y" if short else "MMMM y"
        return format_date(month, format=pattern, locale=LOCALES[normalise_lang(lang)])
    return period
