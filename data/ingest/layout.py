"""Recognising a grid's layout: tidy long (indicator, region, period, value[, status]) or a BPS table as published.

A BPS table has title rows, a header row whose first cell names the regions ("Provinsi/Kabupaten/Kota[/Indonesia]"),
periods as columns (possibly on the header row below), upper-case province rows, "-" / "..." for no figure and
footnotes after the data. Produces Entry rows in file order; no store access, no value parsing beyond periods.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from data.errors import Note, Problem
from data.ingest.files import Grid, column_letter
from data.ingest.values import CellError, clean, parse_period, years_in

#: Column headings per role, the preferred first: a file with both a province and a kab/kota code column (Satu
#: Data portals' `kode_provinsi, ..., kode_kabupaten_kota`) is keyed by the kab/kota one.
#: A village table keys its rows by the desa code or name (the first two lists) and may name the kecamatan and the
#: kab/kota beside it (roles `district` and `regency`): a desa name is resolved inside them (data.ingest.regions).
VILLAGE_CODES = ("kodedesa", "kodedesakelurahan", "kodekelurahan", "kodedesakel", "villagecode")
VILLAGE_NAMES = ("namadesa", "namadesakelurahan", "namakelurahan", "namadesakel", "desa", "desakelurahan",
                 "kelurahan", "desakel", "village", "villagename")
TIDY_COLUMNS = {
    "indicator": ("indicator", "indikator", "indicatorcode", "kodeindikator", "indicator_code"),
    "code": (*VILLAGE_CODES, "regioncode", "kodewilayah", "kodekabupatenkota", "kodekabkota", "kodekab", "kodwil",
             "kodeprovinsi", "kode", "region", "wilayah", "kodebps", "bpscode", "kodekemendagri", "kemendagricode",
             "kodedagri", "code"),
    "name": (*VILLAGE_NAMES, "regionname", "namawilayah", "namakabupatenkota", "namakabkota", "kabkota",
             "namaprovinsi", "nama", "name", "namadaerah", "namadata"),
    "district": ("kodekecamatan", "kodekec", "namakecamatan", "kecamatan", "kec", "district", "districtname"),
    "regency": ("namakabupatenkota", "namakabkota", "kabupatenkota", "kabkota", "kabupaten", "kodekabupatenkota",
                "kodekabkota", "kodekab", "regency", "regencyname"),
    "period": ("period", "periode", "tahun", "tahundata", "year", "waktu"),
    "value": ("value", "nilai", "angka"),
    "status": ("status",),
}
#: Headings that never hold the value (a running number, units, sources), so that a tidy file whose value column
#: is named after its indicator ('indeks_tpt', 'garis_kemiskinan') is still read: the one column left is the value.
NOT_VALUES = {"id", "no", "nomor", "satuan", "unit", "sumber", "source", "keterangan", "catatan"}
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
HEADER_ROWS = 5  # rows under the region header that may still be headers (title, breakdown, year, semester)


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
    #: A village table's kecamatan and kab/kota cells (code or name) the region lies in: (raw, column label).
    district: tuple[object, str] | None = None
    regency: tuple[object, str] | None = None


@dataclass
class Table:
    layout: str  # tidy | bps
    entries: list[Entry]
    notes: list[Note] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    code_hint: str | None = None  # 'bps' / 'kemendagri' when the file says which code system it uses
    title: str = ""
    headings: str = ""  # the heading rows' text (indicator and period names), for the indicator guess
    default_period: str | None = None  # a single year in the title or file name
    header_row: int | None = None
    #: An agency table with one column per indicator and no period columns: column label per value column.
    indicator_columns: dict[int, str] = field(default_factory=dict)
    #: 'village' or 'district' when the rows are desa or kecamatan by their columns' headings (names are then only
    #: resolved inside a kecamatan or kab/kota); None otherwise.
    local_level: str | None = None
    #: A BPS table whose period columns sit under several measures ("Stunting" / "Persentase Stunting", each over
    #: 2021-2023): each value column's label -> its measure heading; the indicator's measure is kept (data.ingest.guess).
    measure_groups: dict[str, str] = field(default_factory=dict)


def _key(cell: object) -> str:
    return re.sub(r"[^0-9a-z]", "", clean(cell).lower())


def _tidy_header(row: list[object]) -> dict[str, int] | None:
    keys = [_key(c) for c in row]
    found: dict[str, int] = {}
    for role, aliases in TIDY_COLUMNS.items():
        for alias in (_key(a) for a in aliases):
            if alias in keys and keys.index(alias) not in found.values():
                found[role] = keys.index(alias)
                break
    if "value" not in found and "period" in found:
        known = {_key(a) for aliases in TIDY_COLUMNS.values() for a in aliases} | NOT_VALUES
        rest = [i for i, k in enumerate(keys) if k and k not in known and i not in found.values()]
        if len(rest) == 1:
            found["value"] = rest[0]
    if "value" in found and ("code" in found or "name" in found or "district" in found):
        return found
    if "value" not in found and "period" not in found and "code" in found and keys[found["code"]] in VILLAGE_CODES:
        # A desa table with one column per indicator (a Kemendes IDM file: IDM, IKS, IKE, IKL, status): the
        # indicator's column is chosen once it is known (indicator_columns); 'status' there is IDM's category.
        found.pop("status", None)
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
    heading = _names_by_period(grid)
    if heading is not None:
        return bps_table(grid, heading, 0, file_name)
    return Table("unknown", [], problems=[Problem(None, None,
        "tidak ditemukan tabel: perlu kolom wilayah dan nilai (indikator, wilayah, periode, nilai) atau tabel BPS "
        "dengan kolom 'Provinsi/Kabupaten/Kota'",
        "no table found: need region and value columns (indicator, region, period, value) or a BPS table with a "
        "'Provinsi/Kabupaten/Kota' column")])


def _is_period(cell: object) -> bool:
    try:
        parse_period(cell)
    except CellError:
        return False
    return True


def _names_by_period(grid: Grid) -> int | None:
    """A compiled sheet: a first column of names under any heading ('Tahun', 'Wilayah', 'Nama Daerah' or none) and
    every other heading a period; the row below starts with a name. Returns that heading row."""
    for number, row in enumerate(grid.rows[:min(SCAN_ROWS, len(grid.rows)) - 1]):
        others = [c for c in row[1:] if clean(c)]
        below = grid.rows[number + 1]
        first_below = clean(below[0]) if below else ""
        if others and all(_is_period(c) for c in others) and first_below and not _is_period(first_below) \
                and not re.fullmatch(r"[-\d.,]+", first_below):
            return number
    return None


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
    others = [clean(c) for i, c in enumerate(grid.rows[number]) if i != first and clean(c)]
    if others and all(re.fullmatch(r"[-\d.,]+", o) and not _is_period(o) for o in others):
        return False  # 'Kota Kendari,351085': a data row (its name holds 'Kota'), not the header
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
    region_role = "code" if "code" in columns else "name" if "name" in columns else "district"
    keys = {role: _key(header[i]) for role, i in columns.items()}
    local_level = None
    if keys.get("code") in VILLAGE_CODES or keys.get("name") in VILLAGE_NAMES:
        local_level = "village"
    elif "district" in columns:  # a 'nama' column beside a 'kecamatan' one: desa; the 'kecamatan' column alone
        local_level = "district" if region_role == "district" else "village"
    # kecamatan and kab/kota columns place a desa or kecamatan; in any other table they are not read
    context = [r for r in ("district", "regency") if r in columns and r != region_role] if local_level else []
    known = {_key(a) for aliases in TIDY_COLUMNS.values() for a in aliases} | NOT_VALUES
    indicator_columns = {} if "value" in columns else {
        i: label(i, c) for i, c in enumerate(header) if _key(c) and i not in columns.values()
        and (_key(c) not in known or _key(c) == "status")}
    entries = []
    for number, row in enumerate(grid.rows[header_index + 1:], start=header_index + 2):
        get = lambda role, row=row: row[columns[role]] if role in columns and columns[role] < len(row) else None
        if not any((c.strip() if isinstance(c, str) else c is not None) for c in row):
            continue
        entry = Entry(number, get(region_role), labels[region_role], indicator=get("indicator"),
                      period=get("period"), period_column=labels.get("period"), status=get("status"),
                      status_column=labels.get("status"),
                      cells=[Cell(labels["value"], None, get("value"))] if "value" in columns else
                      [Cell(text, None, row[i] if i < len(row) else None) for i, text in indicator_columns.items()])
        if region_role == "code" and "name" in columns:
            entry.name, entry.name_column = get("name"), labels["name"]
        if "district" in context:
            entry.district = (get("district"), labels["district"])
        if "regency" in context:
            entry.regency = (get("regency"), labels["regency"])
        entries.append(entry)
    hint = _code_hint(clean(header[columns["code"]])) if "code" in columns else None
    years = years_in(file_name)
    return Table("tidy", entries, code_hint=hint, default_period=years[0] if len(years) == 1 else None,
                 headings=clean(header[columns["value"]]) if "value" in columns else "", local_level=local_level,
                 indicator_columns=indicator_columns)


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
    rows = {n: grid.rows[n] for n in range(header_index, min(header_index + HEADER_ROWS, len(grid.rows)))
            if n != last}
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
               periods: dict[int, object]) -> tuple[dict[int, object], list[Note], Problem | None]:
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
        return kept, [Note(f"rincian: dimuat '{total}'; dilewati: {', '.join(skipped)}",
                           f"breakdown: loaded '{total}'; skipped: {', '.join(skipped)}")], None
    return periods, [], None


def _measure_groups(grid: Grid, header_index: int, last_header: int, name_col: int,
                    periods: dict[int, object]) -> dict[int, str]:
    """Period columns under two or more measure headings (each the left cell of a merged span on a header row
    above the periods; not a period, a month or semester, or an area/sex breakdown): column -> its measure."""
    for number in range(header_index, last_header):
        row = grid.rows[number]
        labels = {i: clean(c) for i, c in enumerate(row) if i > name_col and clean(c) and not _is_period(c)
                  and not _is_period(f"{clean(c)} 2000") and not BREAKDOWN.fullmatch(_breakdown_key(c))}
        if len(set(labels.values())) < 2 or not all(any(i <= c for i in labels) for c in periods):
            continue
        return {c: labels[max(i for i in labels if i <= c)] for c in periods}
    return {}


def _period_label(grid: Grid, header: list, last_header: int, index: int) -> str:
    row = grid.rows[last_header]
    return label(index, row[index] if index < len(row) and clean(row[index]) else header[index])


def bps_table(grid: Grid, header_index: int, name_col: int, file_name: str, code_col: int | None = None) -> Table:
    """`code_col`: a region-code column beside the names; its code is used and the name checks it."""
    header = grid.rows[header_index]
    title = " ".join(clean(c) for row in grid.rows[:header_index] for c in row if clean(c))
    periods, last_header, combined = _period_columns(grid, header_index, name_col)
    problems: list[Problem] = []
    indicator_columns: dict[int, str] = {}
    periods, breakdown_notes, refused = _breakdown(grid, header_index, last_header, name_col, periods)
    if refused:
        problems.append(refused)
    groups = {} if breakdown_notes or refused or combined else _measure_groups(grid, header_index, last_header, name_col, periods)
    years = years_in(title) or years_in(file_name)
    default_period = years[0] if len(years) == 1 else None
    if not periods and not refused:
        value_cols = [i for i, c in enumerate(header) if i != name_col and clean(c)]
        periods = {i: None for i in value_cols}
        if len(value_cols) != 1:  # an agency table with one column per indicator: chosen once the indicator is known
            indicator_columns = {i: label(i, header[i]) for i in value_cols}
    entries: list[Entry] = []
    footnotes: list[str] = []

    def column_label(i: int) -> str:
        return label(i, periods[i]) if combined else _period_label(grid, header, last_header, i)

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
        cells = [Cell(column_label(i), periods[i], v) for i, v in values] if filled else []
        code = row[code_col] if code_col is not None and code_col < len(row) else None
        if code_col is not None and clean(code):
            entries.append(Entry(number, code, label(code_col, header[code_col]), name=name,
                                 name_column=label(name_col, header[name_col]), cells=cells))
        else:
            entries.append(Entry(number, name, label(name_col, header[name_col]), cells=cells))
    notes = [Note(f"tabel BPS: {len(periods)} kolom periode", f"BPS table: {len(periods)} period columns"),
             *breakdown_notes]
    code_heading = clean(header[code_col]) if code_col is not None else ""
    headings = " ".join(clean(c) for row in grid.rows[header_index:last_header + 1] for c in row if clean(c))
    return Table("bps", entries, notes=notes, problems=problems, code_hint=_code_hint(title, *footnotes, code_heading),
                 title=title, headings=headings, default_period=default_period, header_row=header_index + 1,
                 indicator_columns=indicator_columns,
                 measure_groups={column_label(i): group for i, group in groups.items()})
