"""Period labels ("2024", "2024-03", "2024-Q1") as dates and their like-with-like neighbours. Pure; no I/O."""
from __future__ import annotations

import re
from datetime import date

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def period_date(period: str) -> date:
    """Where a period sits on a time axis: a month at its first day, a quarter at its middle month,
    a plain year (source did not state the month) at mid-year (1 July). ValueError for anything else."""
    text = str(period).strip()
    if m := _MONTH.match(text):
        month = int(m.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"not a period: {period!r}")
        return date(int(m.group(1)), month, 1)
    if m := _YEAR.match(text):
        return date(int(m.group(1)), 7, 1)
    if m := _QUARTER.match(text):
        return date(int(m.group(1)), 3 * int(m.group(2)) - 1, 1)
    raise ValueError(f"not a period: {period!r}")


def period_year(period: str) -> int:
    return period_date(period).year


def month_part(period: str) -> str | None:
    """The sub-year part ("03", "Q1") of a period, or None for a plain year."""
    text = str(period).strip()
    if _YEAR.match(text):
        return None
    return text[5:]


def same_part_year_before(period: str) -> str:
    """The like-with-like period one year earlier: 2024-03 -> 2023-03, 2024 -> 2023, 2024-Q2 -> 2023-Q2."""
    period_date(period)  # validates
    year = int(period[:4]) - 1
    part = month_part(period)
    return f"{year}" if part is None else f"{year}-{part}"


def sort_periods(periods) -> list[str]:
    return sorted(periods, key=lambda p: (period_date(p), str(p)))
