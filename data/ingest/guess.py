"""What a table says about itself as a whole: its level (provinces only or not), its latest year, and the indicator
its title, headings and file name name. Read before any single row is judged; no writes.

The indicator titles, BPS table names and abbreviations are data (data/seed/indicator_titles.csv), joined by the
names and short names of the indicators in the store. The longest title found wins, the earliest on a tie; the
guess is shown in the preview for confirmation, never applied silently.
"""
from __future__ import annotations

import csv
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from data.errors import Note, Problem
from data.ingest.layout import Table
from data.ingest.regions import RegionResolver, looks_like_code
from data.ingest.values import CellError, clean, parse_period

TITLES = Path(__file__).resolve().parents[1] / "seed" / "indicator_titles.csv"
#: Title words that say a table lists kab/kota (then the level is decided row by row, as BPS tables mix them).
REGENCY_WORDS = re.compile(r"\b(kabupaten|kab|kota|regency|regencies|city|cities)\b")
PROVINCE_WORDS = re.compile(r"\b(provinsi|province|provinces)\b")


def words(text: str) -> list[str]:
    return re.findall(r"[0-9a-z]+", text.lower().replace("-", ""))


def described(table: Table, file_name: str) -> str:
    """The table's own words: title rows, heading rows and the file name without its extension."""
    return " ".join((table.title, table.headings, re.sub(r"\.[A-Za-z]{2,4}$", "", file_name)))


def table_level(table: Table, resolver: RegionResolver, file_name: str) -> str | None:
    """'province' when the title (else the headings) says provinces and not kab/kota, or when every name that
    fits one level only is a province; None otherwise (a kab/kota table, or mixed: judged row by row)."""
    title = " ".join(words(f"{table.title} {re.sub(r'[.][A-Za-z]{2,4}$', '', file_name)}"))
    for said in (title, " ".join(words(table.headings))):  # the title first; the headings when it says nothing
        if REGENCY_WORDS.search(said):
            return None
        if PROVINCE_WORDS.search(said):
            return "province"
    levels = [{resolver.places[c].level for c in resolver.candidates(e.region)} for e in table.entries
              if e.cells and not looks_like_code(e.region)]
    single = [next(iter(s)) for s in levels if len(s) == 1]
    if len(single) >= 2 and "regency" not in single:
        return "province"
    return None


def table_year(table: Table, fallback: str | None) -> int | None:
    """The latest year among the table's period cells (or the fallback period), for names and moves."""
    raws = {entry.period for entry in table.entries} | {c.period for entry in table.entries for c in entry.cells}
    years = set()
    for raw in raws:  # distinct texts only: a long file repeats a few periods many times
        if raw is None or not clean(raw):
            continue
        try:
            years.add(int(parse_period(raw)[0][:4]))
        except CellError:
            continue
    if not years and fallback:
        try:
            years.add(int(parse_period(fallback)[0][:4]))
        except CellError:
            return None
    return max(years) if years else None


@lru_cache(maxsize=1)
def bundled_titles() -> tuple[tuple[str, str], ...]:
    """(indicator code, title); an empty code marks the title of another statistic (see `_other_statistics`)."""
    with TITLES.open(encoding="utf-8") as f:
        return tuple((r["indicator_code"], r["title"]) for r in csv.DictReader(f))


def _other_statistics(said: list[str]) -> set[int]:
    """Word positions inside the title of a statistic the store does not hold although its name contains an
    indicator's ('Jumlah Penduduk Miskin', 'Indeks Kedalaman Kemiskinan', 'Laju Pertumbuhan Penduduk'): no
    indicator title is read there, so 'Kemiskinan' in 'Indeks Kedalaman Kemiskinan (P1)' guesses nothing."""
    masked: set[int] = set()
    for code, title in bundled_titles():
        if code:
            continue
        want = words(title)
        for at in _occurrences(said, want):
            masked.update(range(at, at + len(want)))
    return masked


def _best_matches(text: str, known: dict[str, tuple[str, ...]]) -> dict[str, tuple[tuple[int, int], str]]:
    """Per indicator, the best (words, -position) score of its titles found in `text` outside another statistic's
    title, and that title."""
    said = words(text)
    masked = _other_statistics(said)
    titles = [(code, t) for code, t in bundled_titles() if code in known]
    titles += [(code, name) for code, names in known.items() for name in names]
    best: dict[str, tuple[tuple[int, int], str]] = {}
    for code, title in titles:
        want = words(re.sub(r"[\[(].*?[\])]", " ", title))
        at = next((at for at in _occurrences(said, want) if masked.isdisjoint(range(at, at + len(want)))), None)
        if at is not None and (code not in best or (len(want), -at) > best[code][0]):
            best[code] = ((len(want), -at), title)
    return best


def guess_indicator(text: str, known: dict[str, tuple[str, ...]]) -> tuple[str, str] | None:
    """(indicator code, the title found) for the longest title in `text`, the earliest on a tie; `known` maps each
    indicator in the store to its own names. None when no title is found or two indicators tie exactly."""
    best = _best_matches(text, known)
    if not best:
        return None
    top = max(score for score, _ in best.values())
    found = [(code, title) for code, (score, title) in best.items() if score == top]
    return found[0] if len(found) == 1 else None


def keep_indicator_columns(table: Table, indicator: str, known: dict[str, tuple[str, ...]],
                           bounds: tuple[float | None, float | None] = (None, None)) -> list[Problem]:
    """An agency table with one column per indicator: keep the columns whose heading names `indicator` best (for
    'Persentase Penduduk Miskin - Maret' over 'Garis Kemiskinan - Maret'), each for the month its heading names in
    the table's year; a problem naming the headings when none names it."""
    if not table.indicator_columns:
        return []
    scores = {column: _best_matches(heading, known) for column, heading in table.indicator_columns.items()}
    named = {column: found[indicator][0][0] for column, found in scores.items()
             if _names(table.indicator_columns[column], known) == indicator}
    if not named:
        headings = ", ".join(table.indicator_columns.values())
        _drop_cells(table)
        return [Problem(table.header_row, None, f"tidak ada kolom periode atau kolom {indicator}: {headings}",
                        f"no period columns and no {indicator} column: {headings}")]
    top = max(named.values())
    chosen = {table.indicator_columns[c] for c, n in named.items() if n == top}
    if len(chosen) > 1:  # 'miskin_pct' and 'miskin_ribu': the columns whose every value fits the indicator's range
        chosen = {c for c in chosen if _fits(table, c, bounds)} or chosen
    if len({_column_period(c, table.default_period) for c in chosen}) < len(chosen):
        _drop_cells(table)
        return [Problem(table.header_row, None, f"beberapa kolom untuk {indicator}: {', '.join(sorted(chosen))}; "
                        "sisakan satu", f"several columns for {indicator}: {', '.join(sorted(chosen))}; keep one")]
    for entry in table.entries:
        entry.cells = [replace(cell, period=_column_period(cell.column, table.default_period))
                       for cell in entry.cells if cell.column in chosen]
    return []


def keep_measure(table: Table, indicator: str, known: dict[str, tuple[str, ...]],
                 bounds: tuple[float | None, float | None] = (None, None)) -> tuple[list[Problem], Note | None]:
    """A BPS table with its periods under several measures: keep the columns of the measure whose heading names
    `indicator` best ('Persentase Stunting' over 'Sangat Pendek'; between 'Stunting' (counts) and 'Persentase
    Stunting', the one whose every value fits the indicator's range); a problem naming the measures when none or
    several remain."""
    if not table.measure_groups:
        return [], None
    measures = list(dict.fromkeys(table.measure_groups.values()))
    scores = {m: _best_matches(m, known) for m in measures}
    named = {m: found[indicator][0][0] for m, found in scores.items()
             if indicator in found and _names(m, known) == indicator}
    chosen = set(named)
    if len(chosen) > 1:
        fitting = {m for m in chosen if all(_fits(table, column, bounds)
                                            for column, group in table.measure_groups.items() if group == m)}
        chosen = fitting or chosen
    if len(chosen) != 1:
        _drop_cells(table)
        listed = ", ".join(measures)
        if not chosen:
            return [Problem(table.header_row, None, f"tidak ada ukuran {indicator} di antara: {listed}",
                            f"no {indicator} measure among: {listed}")], None
        return [Problem(table.header_row, None, f"beberapa ukuran untuk {indicator}: {', '.join(sorted(chosen))}; "
                        "pilih satu", f"several measures for {indicator}: {', '.join(sorted(chosen))}; keep one")], None
    kept = {column for column, group in table.measure_groups.items() if group in chosen}
    for entry in table.entries:
        entry.cells = [cell for cell in entry.cells if cell.column in kept]
    measure, skipped = next(iter(chosen)), ", ".join(m for m in measures if m not in chosen)
    return [], Note(f"ukuran: dimuat '{measure}'; dilewati: {skipped}", f"measure: loaded '{measure}'; skipped: {skipped}")


def _drop_cells(table: Table) -> None:
    """The columns cannot be told apart: no cell is read (the one problem says why)."""
    for entry in table.entries:
        entry.cells = []


def _fits(table: Table, column: str, bounds: tuple[float | None, float | None]) -> bool:
    low, high = bounds
    for entry in table.entries:
        for cell in entry.cells:
            if cell.column != column:
                continue
            try:
                value = float(str(cell.value).replace(",", "."))
            except ValueError:
                continue
            if (low is not None and value < low) or (high is not None and value > high):
                return False
    return True


def _names(heading: str, known: dict[str, tuple[str, ...]]) -> str | None:
    found = guess_indicator(heading, known)
    return found[0] if found else None


def _column_period(heading: str, year: str | None) -> str | None:
    """'Persentase Penduduk Miskin - Maret' in 2022 -> 'Maret 2022'; a heading naming no month -> the year."""
    if year is None:
        return None
    try:
        parse_period(f"{heading} {year}")
    except CellError:
        return year
    return f"{heading} {year}"


def _occurrences(said: list[str], want: list[str]) -> list[int]:
    if not want:
        return []
    return [at for at in range(len(said) - len(want) + 1) if said[at:at + len(want)] == want]
