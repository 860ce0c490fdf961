"""Recognising a grid's layout: tidy long (indicator, region, period, value[, status]) or a BPS table as published.

A BPS table has title rows, a header row whose first cell names the regions ("Provinsi/Kabupaten/Kota[/Indonesia]"),
periods as columns (possibly on the header row below), upper-case province rows, "-" / "..." for no figure and
footnotes after the data. Produces Entry rows in file order; no store access, no value parsing beyond periods.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from data.errors import Problem
from data.ingest.files import Grid, column_letter
from data.ingest.values import CellError, clean, parse_period, years_in

TIDY_COLUMNS = {
    "indicator": ("indicator", "indikator", "indicatorcode", "kodeindikator", "indicator_code"),
    "code": ("regioncode", "kodewilayah", "kode", "region", "wilayah", "kodebps", "bpscode", "kodekemendagri",
             "kemendagricode", "kodedagri", "code"),
    "name": ("regionname", "namawilayah", "nama", "name", "namadaerah"),
    "period": ("period", "periode", "tahun", "year", "waktu"),
    "value": ("value", "nilai", "angka"),
    "status": ("status",),
}
REGION_HEADER = re.compile(r"provinsi|kabupaten|kota|wilayah|region|daerah")
FOOTNOTE = re.compile(r"^(sumber|source|catatan|note|notes|keterangan|ket\b|ket\.|\*|¹|\d\))", re.IGNORECASE)
SCAN_ROWS = 40
#: Column groups a BPS table is broken down by (merged over their period columns): "Perkotaan" / "Perdesaan" /
#: "Perkotaan+Perdesaan", "Laki-laki" / "Perempuan" / "Jumlah". The store holds the total only.
BREAKDOWN = re.compile(r"(perkotaan|perdesaan|urban|rural|laki ?- ?laki|perempuan|male|female|jumlah|total)"
                       r"( ?(\+|dan|and|&) ?(perkotaan|perdesaan|urban|rural|laki ?- ?laki|perempuan|male|female))?")
TOTAL_GROUP = re.compile(r"jumlah|total|.+ ?(\+|dan|and|&) ?.+")
#: Headings of the columns agencies put before the region name: a running number and the region code.
INDEX_HEADER = re.compile(r"no|nomor|nourut|urut|kode\w*|kd\w*|code\w*|id")
INDEX_COLUMNS = 3
HEADER_ROWS = 4  # rows under the region header that may still be headers (breakdown, semester, year)


@dataclass
class Cell:
    column: str  # 'C (2024)': spreadsheet letter and header, used in every problem
    period: object  # raw period text for this cell (BPS column header) or None (tidy: from the period column)
    value: object


@dataclass
class Entry:
    row: int
    region: object
    region_column: str
    name: object = None  # a second region column (the name) when a tidy file has both code and name
    name_column: str | None = None
    indicator: object = None
    period: object = None
    period_column: str | None = None
    status: object = None
    status_column: str | None = None
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Table:
    layout: str  # tidy | bps
    entries: list[Entry]
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    code_hint: str | None = None  # 'bps' / 'kemendagri' when the file says which code system it uses
    title: str = ""
    default_period: str | None = None  # a single year in the title or file name


def _key(cell: object) -> str:
    return re.sub(r"[^0-9a-z]", "", clean(cell).lower())


def _tidy_header(row: list[object]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        key = _key(cell)
        for role, aliases in TIDY_COLUMNS.items():
            if key in {_key(a) for a in aliases} and role not in found:
                found[role] = index
    if "value" in found and ("code" in found or "name" in found):
        return found
    return None


def label(index: int, header: object) -> str:
    text = clean(header)
    return f"{column_letter(index)} ({text})" if text else column_letter(index)


def detect(grid: Grid, file_name: str = "") -> Table:
    for number, row in enumerate(grid.rows[:SCAN_ROWS]):
        header = _tidy_header(row)
        if header:
            return tidy(grid, number, header, file_name)
    for number, _row in enumerate(grid.rows[:SCAN_ROWS]):
        found = _region_columns(grid, number)
        if found:
            return bps_table(grid, number, found[0], file_name, code_col=found[1])
    return Table("unknown", [], problems=[Problem(None, None,
        "tidak ditemukan tabel: perlu kolom wilayah dan nilai (indikator, wilayah, periode, nilai) atau tabel BPS "
        "dengan kolom 'Provinsi/Kabupaten/Kota'",
        "no table found: need region and value columns (indicator, region, period, value) or a BPS table with a "
        "'Provinsi/Kabupaten/Kota' column")])


def _region_columns(grid: Grid, number: int) -> tuple[int, int | None] | None:
    """(name column, code column or None) when this row heads a BPS-style table: the region heading
    ("Provinsi/Kabupaten/Kota") is the first heading, after blank cells and the "No" / "Kode (Wilayah)" columns
    agencies put before it."""
    row = grid.rows[number]
    code_col = None
    for index, cell in enumerate(row[:INDEX_COLUMNS + 2]):
        if not clean(cell):
            continue
        key = _key(cell)
        if INDEX_HEADER.fullmatch(key):
            if key.startswith(("kode", "kd", "code")) and code_col is None:
                code_col = index
            continue
        return (index, code_col) if _is_region_header(grid, number, index) else None
    return None


def _is_region_header(grid: Grid, number: int, first: int) -> bool:
    """'Provinsi/Kabupaten/Kota' heading a column: short, with other headings beside it or periods just below
    (a title row such as 'UHH menurut Kabupaten/Kota, 2024' stands alone and is followed by the real header)."""
    text = clean(grid.rows[number][first])
    if len(text) > 60 or not REGION_HEADER.search(text.lower()):
        return False
    if sum(1 for c in grid.rows[number] if clean(c)) >= 2:
        return True
    below = grid.rows[number + 1] if number + 1 < len(grid.rows) else []
    return bool(below) and not clean(below[first] if first < len(below) else None) and \
        sum(1 for c in below if clean(c)) >= 1


def _code_hint(*texts: str) -> str | None:
    joined = re.sub(r"[^0-9a-z]+", " ", " ".join(texts).lower())
    if re.search(r"\bbps\b|badan pusat statistik", joined):
        return "bps"
    if "kemendagri" in joined or "dagri" in joined:
        return "kemendagri"
    return None


def tidy(grid: Grid, header_index: int, columns: dict[str, int], file_name: str) -> Table:
    header = grid.rows[header_index]
    labels = {role: label(i, header[i]) for role, i in columns.items()}
    region_role = "code" if "code" in columns else "name"
    entries = []
    for number, row in enumerate(grid.rows[header_index + 1:], start=header_index + 2):
        get = lambda role, row=row: row[columns[role]] if role in columns and columns[role] < len(row) else None  # noqa: E731
        if not any((c.strip() if isinstance(c, str) else c is not None) for c in row):
            continue
        entry = Entry(number, get(region_role), labels[region_role], indicator=get("indicator"),
                      period=get("period"), period_column=labels.get("period"), status=get("status"),
                      status_column=labels.get("status"),
                      cells=[Cell(labels["value"], None, get("value"))])
        if region_role == "code" and "name" in columns:
            entry.name, entry.name_column = get("name"), labels["name"]
        entries.append(entry)
    hint = _code_hint(clean(header[columns["code"]])) if "code" in columns else None
    years = years_in(file_name)
    return Table("tidy", entries, code_hint=hint, default_period=years[0] if len(years) == 1 else None)


def _period_columns(grid: Grid, header_index: int, name_col: int) -> tuple[dict[int, object], int, bool]:
    """Columns whose header (on the region header row or up to two rows below) is a period; the last header row;
    whether each period was made of two header rows (then the period text is also the column's label)."""
    best: dict[int, object] = {}
    last = header_index
    for offset in range(HEADER_ROWS):
        number = header_index + offset
        if number >= len(grid.rows):
            break
        row = grid.rows[number]
        found = {}
        for index, cell in enumerate(row):
            if index == name_col or not clean(cell):
                continue
            try:
                parse_period(cell)
            except CellError:
                continue
            found[index] = cell
        if len(found) > len(best):
            best, last = found, number
    return _with_sub_periods(grid, header_index, name_col, best, last)


def _with_sub_periods(grid: Grid, header_index: int, name_col: int, best: dict[int, object],
                      last: int) -> tuple[dict[int, object], int, bool]:
    """BPS semester and quarter tables head each column with two rows: the year (often one merged cell over its
    semesters, so only its left cell holds it) and "Semester 1 (Maret)" / "Triwulan II". Combine them into one
    period per column ("Semester 1 (Maret) 2024" -> 2024-03); columns stay as they are when no row fits."""
    if not best:
        return best, last, False
    rows = {n: grid.rows[n] for n in range(header_index, min(header_index + 4, len(grid.rows))) if n != last}
    year_row = grid.rows[last]
    for number, row in sorted(rows.items()):
        labels = {i: clean(c) for i, c in enumerate(row) if i != name_col and i > name_col and clean(c)}
        combined: dict[int, object] = {}
        year = None
        for index in range(min(best), max(len(row), len(year_row))):
            own = clean(year_row[index]) if index < len(year_row) else ""
            if own:
                try:
                    period = parse_period(own)[0]
                except CellError:
                    period = ""
                year = period if len(period) == 4 else None
            if year is None or index not in labels:
                continue
            try:
                period, _ = parse_period(f"{labels[index]} {year}")
            except CellError:
                continue
            if len(period) > 4:  # a month or quarter, more than the year alone
                combined[index] = f"{labels[index]} {year}"
        if len(combined) >= 2 and len(combined) >= len(best):
            return combined, max(last, number), True
    return best, last, False


def _breakdown_key(cell: object) -> str:
    return re.sub(r"\s+", " ", clean(cell).lower()).strip()


def _breakdown(grid: Grid, header_index: int, last_header: int, name_col: int,
               periods: dict[int, object]) -> tuple[dict[int, object], list[str], Problem | None]:
    """Keep the total's columns of a table broken down by area or sex. A header row with such group labels (each
    the left cell of a merged span) assigns every period column to the nearest label on its left. Returns the
    kept columns, notes, and a problem when the table has groups but no total ("Jumlah", "Perkotaan+Perdesaan")."""
    for number in range(header_index, last_header + 1):
        row = grid.rows[number]
        labels = {i: clean(c) for i, c in enumerate(row)
                  if i > name_col and BREAKDOWN.fullmatch(_breakdown_key(c))}
        if not labels or not any(i <= c for c in periods for i in labels):
            continue
        group = {c: labels[max(i for i in labels if i <= c)] for c in periods if any(i <= c for i in labels)}
        totals = {g for g in group.values() if TOTAL_GROUP.fullmatch(_breakdown_key(g))}
        names = list(dict.fromkeys(labels.values()))
        if not totals:
            return {}, [], Problem(number + 1, None,
                                   f"tabel dirinci menurut {', '.join(names)} tanpa kolom total (Jumlah / "
                                   f"Perkotaan+Perdesaan); indikator menyimpan angka total",
                                   f"the table is broken down by {', '.join(names)} with no total column (Jumlah / "
                                   f"Perkotaan+Perdesaan); the indicator holds the total")
        kept = {c: p for c, p in periods.items() if group.get(c) in totals}
        skipped = [n for n in names if n not in totals]
        total = ", ".join(sorted(totals))
        return kept, [f"rincian / breakdown: dimuat / loaded '{total}'; dilewati / skipped: {', '.join(skipped)}"], None
    return periods, [], None


def _period_label(grid: Grid, header: list, last_header: int, index: int) -> str:
    row = grid.rows[last_header]
    return label(index, row[index] if index < len(row) and clean(row[index]) else header[index])


def bps_table(grid: Grid, header_index: int, name_col: int, file_name: str, code_col: int | None = None) -> Table:
    """`code_col`: a region-code column beside the names; its code is used and the name checks it."""
    header = grid.rows[header_index]
    title = " ".join(clean(c) for row in grid.rows[:header_index] for c in row if clean(c))
    periods, last_header, combined = _period_columns(grid, header_index, name_col)
    problems: list[Problem] = []
    periods, breakdown_notes, refused = _breakdown(grid, header_index, last_header, name_col, periods)
    if refused:
        problems.append(refused)
    years = years_in(title) or years_in(file_name)
    default_period = years[0] if len(years) == 1 else None
    if not periods and not refused:
        value_cols = [i for i, c in enumerate(header) if i != name_col and clean(c)]
        periods = {i: None for i in value_cols}
        if len(value_cols) != 1:
            problems.append(Problem(header_index + 1, None,
                                    "kolom periode tidak dikenali: beri judul kolom tahun (2024) atau satu kolom nilai",
                                    "period columns not recognised: head the columns with years (2024) or use one "
                                    "value column"))
    entries: list[Entry] = []
    footnotes: list[str] = []
    for number, row in enumerate(grid.rows[last_header + 1:], start=last_header + 2):
        name = row[name_col] if name_col < len(row) else None
        values = [(i, row[i] if i < len(row) else None) for i in periods]
        filled = [v for _, v in values if clean(v)]
        rest = [clean(c) for i, c in enumerate(row) if i != name_col and i not in periods and clean(c)]
        if not clean(name) and not filled:
            if rest:
                footnotes.append(" ".join(rest))
            continue
        if entries and not filled and (FOOTNOTE.match(clean(name)) or len(clean(name)) > 60):
            footnotes.extend(clean(c) for r in grid.rows[number - 1:] for c in r if clean(c))
            break
        cells = [Cell(label(i, periods[i]) if combined else _period_label(grid, header, last_header, i),
                      periods[i], v) for i, v in values] if filled else []
        code = row[code_col] if code_col is not None and code_col < len(row) else None
        if code_col is not None and clean(code):
            entries.append(Entry(number, code, label(code_col, header[code_col]), name=name,
                                 name_column=label(name_col, header[name_col]), cells=cells))
        else:
            entries.append(Entry(number, name, label(name_col, header[name_col]), cells=cells))
    notes = [f"tabel BPS / BPS table: {len(periods)} kolom periode / period columns", *breakdown_notes]
    code_heading = clean(header[code_col]) if code_col is not None else ""
    return Table("bps", entries, notes=notes, problems=problems, code_hint=_code_hint(title, *footnotes, code_heading),
                 title=title, default_period=default_period)
