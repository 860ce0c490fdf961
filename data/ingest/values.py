"""Reading one cell: numbers in either decimal convention, "not available" markers, periods and their frequency.

Pure functions over text; no store access. Every failure is a (reason_id, reason_en) pair for a Problem.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

#: How BPS and agencies write "no figure": skipped and reported, never read as zero.
NOT_AVAILABLE = frozenset({"-", "–", "—", "...", "…", "..", "na", "n/a", "n.a.", "tad", "x", ""})
POINT, COMMA = "point", "comma"

_PLAIN = re.compile(r"^-?\d+$")
_POINT_DEC = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_COMMA_DEC = re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_STARS = re.compile(r"^(.*?)\s*(\*{1,3})$")
_ODD_SPACE = re.compile(r"[\u00a0\u202f\t\r\n\v\f]")

MONTHS = {
    "januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2, "pebruari": 2,
    "maret": 3, "march": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "june": 6,
    "jun": 6, "juli": 7, "july": 7, "jul": 7, "agustus": 8, "august": 8, "agu": 8, "agt": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11, "nopember": 11, "desember": 12, "december": 12, "des": 12, "dec": 12,
}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
#: Frequencies of the indicator table -> the period shapes they accept.
FREQUENCY_SHAPES = {
    "annual": ("year",), "survey": ("year",), "evaluation": ("year",),
    "semester": ("year", "month"), "monthly": ("month",), "quarterly": ("quarter",),
}
SHAPE_TEXT = {"year": ("tahun (2024)", "year (2024)"), "month": ("bulan (2024-03)", "month (2024-03)"),
              "quarter": ("triwulan (2024-Q1)", "quarter (2024-Q1)")}


class CellError(ValueError):
    """A cell that cannot be read; carries the reason in both languages."""

    def __init__(self, reason_id: str, reason_en: str):
        super().__init__(reason_en)
        self.reason_id = reason_id
        self.reason_en = reason_en


def clean(cell: object) -> str:
    """Cell text with non-breaking and repeated spaces folded."""
    if type(cell) is str and (not cell or (cell[0] != " " and cell[-1] != " " and "  " not in cell
                                             and not _ODD_SPACE.search(cell))):
        return cell  # the common case, already clean: no copies (this runs for every cell of a large file)
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return " ".join(str(cell).replace("\u00a0", " ").replace("\u202f", " ").split())


def is_not_available(text: str) -> bool:
    return text.strip().lower() in NOT_AVAILABLE


def split_stars(text: str) -> tuple[str, bool]:
    """'75,37*' -> ('75,37', True): BPS marks preliminary figures with * or **."""
    match = _STARS.match(text.strip())
    if match and match.group(1):
        return match.group(1), True
    return text.strip(), False


def convention_evidence(text: str) -> str | None:
    """Which decimal convention a number's text proves, if any ('74,20' -> comma; '74.20' -> point)."""
    text = text.strip().lstrip("-")
    if not re.fullmatch(r"\d[\d.,]*", text):
        return None
    if "," in text and "." in text:
        return COMMA if text.rfind(",") > text.rfind(".") else POINT
    for mark, convention in ((",", COMMA), (".", POINT)):
        if text.count(mark) == 1:
            head, tail = text.split(mark)
            if head.isdigit() and tail.isdigit() and (len(tail) != 3 or head == "0"):
                return convention
        elif text.count(mark) > 1:  # '1.234.567' can only be grouping
            return POINT if mark == "," else COMMA
    return None


def parse_number(text: str, convention: str) -> float:
    """A number written in `convention` (point: 1,234.5; comma: 1.234,5); anything else raises CellError."""
    raw = text.strip()
    if re.fullmatch(r"-?\d{1,3}( \d{3})+([.,]\d+)?", raw):  # '1 234,5': thin-space grouping
        raw = raw.replace(" ", "")
    if raw.startswith("+"):
        raw = raw[1:]
    if _PLAIN.match(raw):
        return float(raw)
    pattern = _POINT_DEC if convention == POINT else _COMMA_DEC
    if pattern.match(raw):
        if convention == POINT:
            return float(raw.replace(",", ""))
        return float(raw.replace(".", "").replace(",", "."))
    other = _COMMA_DEC if convention == POINT else _POINT_DEC
    if other.match(raw):
        ours = "titik desimal (74.20)" if convention == POINT else "koma desimal (74,20)"
        ours_en = "a decimal point (74.20)" if convention == POINT else "a decimal comma (74,20)"
        raise CellError(f"angka {text!r} memakai pemisah ribuan/desimal yang lain; berkas ini memakai {ours}",
                        f"number {text!r} uses the other thousands/decimal convention; this file uses {ours_en}")
    raise CellError(f"{text!r} bukan angka", f"{text!r} is not a number")


def _year(value: str) -> int:
    year = int(value)
    if not 1900 <= year <= date.today().year + 1:
        raise CellError(f"tahun {year} di luar rentang yang masuk akal", f"year {year} is out of a plausible range")
    return year


def parse_period(cell: object) -> tuple[str, bool]:
    """Canonical period ('2024', '2024-03', '2024-Q1') and whether it carries a preliminary mark ('2024*')."""
    if isinstance(cell, datetime | date):
        return f"{cell.year:04d}-{cell.month:02d}", False
    text, starred = split_stars(clean(cell))
    low = text.lower().replace("(", " ").replace(")", " ")
    if re.fullmatch(r"\d{4}", low):
        return str(_year(low)), starred
    match = re.fullmatch(r"(\d{4})\s*[-/.]\s*(\d{1,2})", low)
    if match and 1 <= int(match.group(2)) <= 12:
        return f"{_year(match.group(1))}-{int(match.group(2)):02d}", starred
    match = re.fullmatch(r"(\d{4})\s*-?\s*q([1-4])", low) or re.fullmatch(r"q([1-4])\s*-?\s*(\d{4})", low)
    if match:
        year, quarter = (match.group(1), match.group(2)) if len(match.group(1)) == 4 else match.group(2, 1)
        return f"{_year(year)}-Q{quarter}", starred
    years = re.findall(r"\b(\d{4})\b", low)
    words = re.findall(r"[a-z]+", low)
    if len(years) == 1:
        months = {MONTHS[w] for w in words if w in MONTHS}
        if len(months) == 1:
            return f"{_year(years[0])}-{months.pop():02d}", starred
        if "triwulan" in words or "tw" in words:
            quarters = [_ROMAN[w] for w in words if w in _ROMAN] + [int(d) for d in re.findall(r"\b([1-4])\b", low)]
            if len(quarters) == 1:
                return f"{_year(years[0])}-Q{quarters[0]}", starred
    raise CellError(f"{text!r} bukan periode yang dikenal (contoh: 2024, 2024-03, Maret 2024, 2024-Q1)",
                    f"{text!r} is not a known period (e.g. 2024, 2024-03, March 2024, 2024-Q1)")


def period_shape(period: str) -> str:
    if len(period) == 4:
        return "year"
    return "quarter" if "Q" in period else "month"


def check_frequency(period: str, frequency: str, indicator: str) -> None:
    """Raise CellError when `period` is not a period of the indicator's frequency (2024-03 for an annual one)."""
    shapes = FREQUENCY_SHAPES.get(frequency)
    if shapes is None or period_shape(period) in shapes:
        return
    want_id = " atau ".join(SHAPE_TEXT[s][0] for s in shapes)
    want_en = " or ".join(SHAPE_TEXT[s][1] for s in shapes)
    raise CellError(f"periode {period!r} tidak cocok dengan frekuensi {frequency!r} indikator {indicator}: "
                    f"harus {want_id}",
                    f"period {period!r} does not fit the {frequency!r} frequency of {indicator}: must be a {want_en}")


def years_in(text: str) -> list[str]:
    """Distinct plausible years mentioned in a title or file name, in order."""
    found = []
    for year in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text):
        if year not in found and 1900 <= int(year) <= date.today().year + 1:
            found.append(year)
    return found


@dataclass(frozen=True)
class Status:
    """Reading a status cell: final / preliminary (BPS 'angka sementara', '*')."""

    ALIASES = {"final": "final", "tetap": "final", "": "final", "preliminary": "preliminary",
               "sementara": "preliminary", "angka sementara": "preliminary", "sangat sementara": "preliminary",
               "angka sangat sementara": "preliminary", "*": "preliminary", "**": "preliminary",
               "provisional": "preliminary"}

    @classmethod
    def parse(cls, text: str) -> str:
        key = clean(text).lower()
        if key in cls.ALIASES:
            return cls.ALIASES[key]
        raise CellError(f"status {text!r} tidak dikenal (final atau sementara)",
                        f"unknown status {text!r} (final or preliminary)")
