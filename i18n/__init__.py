"""UI text in Bahasa Indonesia (default) and English, and locale-aware number and date formatting (Babel).

Strings live in this package, one module per page (`common.py`, `katalog.py`, ...), each a dict
`STRINGS = {key: (indonesian, english)}`; a page adds its own module without touching the others.
"""
from __future__ import annotations

import importlib
import math
import pkgutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import NumberFormatError, format_decimal, parse_decimal

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
    return with_minus(format_decimal(value, format=pattern, locale=LOCALES[normalise_lang(lang)]))


def fmt_significant(value: float | None, digits: int = 3, lang: str | None = "id") -> str:
    """A number with at least `digits` significant digits and at least two decimals: a regression slope of
    0,0000123 per rupiah reads `0,0000123`, not `0,0000`; 1,25 stays `1,25`."""
    if is_missing(value) or value == 0:
        return fmt_number(value, 2, lang)
    return fmt_number(value, max(2, digits - 1 - math.floor(math.log10(abs(float(value))))), lang)


MINUS = "\u2212"


def with_minus(text: str) -> str:
    """One minus sign in every displayed number: the typographic U+2212, never the hyphen Babel writes."""
    return MINUS + text[1:] if text.startswith("-") else text


def fmt_input(value: float | None, lang: str | None = "id") -> str | None:
    """A number as a person would type it back into a field (`3,25` / `3.25`, no grouping): parse_number's inverse."""
    if is_missing(value):
        return None
    return format_decimal(value, format="0.######", locale=LOCALES[normalise_lang(lang)]).replace("-", MINUS)


def parse_number(value: object, lang: str | None = "id") -> float | None:
    """A number typed by a person, read the way the page's language writes it: `3,2` and `1.234,5` in Indonesian,
    `3.2` and `1,234.5` in English (a minus sign or a hyphen both negate). Text that is no number in the page's
    language but is one in the other (`3.2` on an Indonesian page: no thousands group has one digit) is read the
    other way; never as 32. None for an empty field; ValueError for text that is no number in either."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return None if math.isnan(value) else float(value)
    text = str(value).strip().replace(MINUS, "-").replace(" ", "")
    if not text:
        return None
    first = normalise_lang(lang)
    for locale in (LOCALES[first], *(v for k, v in LOCALES.items() if k != first)):
        try:
            number = float(parse_decimal(text, locale=locale, strict=True))
            break
        except (NumberFormatError, ValueError):
            continue
    else:
        raise ValueError(f"not a number: {value!r}")
    if not math.isfinite(number):
        raise ValueError(f"not a finite number: {value!r}")
    return number


def fmt_signed(value: float | None, decimals: int = 2, lang: str | None = "id") -> str:
    """A change with its sign: +0,45 / −1,20."""
    if is_missing(value):
        return t("common.no_data", lang)
    text = fmt_number(abs(value), decimals, lang)
    return ("+" if value > 0 else MINUS if value < 0 else "±") + text


def fmt_chance(probability: float | None, lang: str | None = "id") -> str:
    """A chance in whole percent, never 0% or 100% (a forecast is never certain): "< 1%", "34%", "> 99%"."""
    if is_missing(probability):
        return t("common.no_data", lang)
    percent = round(float(probability) * 100)
    if percent < 1:
        return "< 1%"
    if percent > 99:
        return "> 99%"
    return f"{fmt_number(percent, 0, lang)}%"


DEFAULT_TIMEZONE = "Asia/Jakarta"
#: The zone times are shown in, per context: each app sets its own Config.timezone for the requests it serves
#: (dashboard/app.py), each command for its run (dashboard/cli.py); two apps in one process keep their own.
_display_zone: ContextVar[str] = ContextVar("display_zone", default=DEFAULT_TIMEZONE)


def set_display_timezone(name: str) -> Token[str]:
    """Show times in `name` in the current context until `reset_display_timezone(token)`;
    ZoneInfoNotFoundError when unknown."""
    ZoneInfo(name)
    return _display_zone.set(name)


def reset_display_timezone(token: Token[str]) -> None:
    _display_zone.reset(token)


@contextmanager
def display_timezone(name: str) -> Iterator[None]:
    """Times inside the block are shown in `name` (a command's run, a test)."""
    token = set_display_timezone(name)
    try:
        yield
    finally:
        reset_display_timezone(token)


def display_zone() -> ZoneInfo:
    """The zone times are shown in here and now (ZoneInfo keeps one instance per name)."""
    return ZoneInfo(_display_zone.get())


def local_time(value: datetime) -> datetime:
    """A stored time (UTC; naive from SQLite means UTC) in the display zone."""
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(display_zone())


def local_today() -> date:
    """Today's date in the display zone (the server's clock may run in UTC, a day behind Jakarta before 07:00)."""
    return datetime.now(UTC).astimezone(display_zone()).date()


def fmt_date(value: date | datetime | None, lang: str | None = "id", with_time: bool = False,
             short: bool = False) -> str:
    """`28 November 2026`; with a time, in the display zone with its Indonesian name: `28 Nov 2026 14:05 WIB`."""
    if value is None:
        return t("common.no_data", lang)
    locale = LOCALES[normalise_lang(lang)]
    if with_time and isinstance(value, datetime):
        local, shown = local_time(value), display_zone()
        zone = format_datetime(local, format="z", tzinfo=shown, locale="id_ID")
        return f"{format_datetime(local, format='d MMM y HH:mm', tzinfo=shown, locale=locale)} {zone}"
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


def chart_text(text: str) -> str:
    """Text for a plotly title, hover or legend: plotly renders pseudo-HTML (<b>, <a href>, <br>), so a unit or
    name an upload defined is shown as typed, never as markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chart_unit(meta: Mapping[str, object], lang: str | None = "id") -> str:
    """unit_label for plotly text (chart_text)."""
    return chart_text(unit_label(meta, lang))


def fmt_period(period: str, lang: str | None = "id", short: bool = False) -> str:
    """2024 -> 2024; 2024-03 -> Maret 2024 / March 2024 (short: Mar 2024); 2024-Q1 stays."""
    if len(period) == 7 and period[4] == "-" and period[5:].isdigit():
        month = date(int(period[:4]), int(period[5:]), 1)
        pattern = "MMM y" if short else "MMMM y"
        return format_date(month, format=pattern, locale=LOCALES[normalise_lang(lang)])
    return period
