"""The one import path: read -> recognise layout -> resolve regions -> validate every cell -> diff -> apply.

`preview` only reads; `commit` re-runs everything inside ONE transaction and writes nothing unless the whole file
is valid, so a refused import leaves the store byte-for-byte unchanged. Used by the CLI, the upload page, CKAN
and the seed.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection, insert, select
from sqlalchemy.engine import Engine

from data import writer
from data.errors import Problem, ValidationError
from data.ingest import definitions
from data.ingest.files import FileRefused, Grid, read_grid
from data.ingest.layout import Entry, Table, detect
from data.ingest.regions import SYSTEMS, RegionResolver, looks_like_code
from data.ingest.values import (
    COMMA,
    POINT,
    CellError,
    Status,
    check_frequency,
    clean,
    convention_evidence,
    is_not_available,
    parse_number,
    parse_period,
    split_stars,
)
from data.schema import PENDING, Indicator, utcnow

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: A file with more problems than this lists the first ones and says how many more there are.
MAX_PROBLEMS = 2000


@dataclass(frozen=True)
class ImportOptions:
    indicator: str | None = None  # for rows whose file has no indicator column
    period: str | None = None  # for values whose file gives no period (BPS table with the year only in the title)
    code_system: str = "auto"  # auto | kemendagri | bps
    skip_unresolved: bool = False  # seed only: leave out (and report) regions the code map cannot translate
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class Skipped:
    """A value marked not available ("-", "...", "…") or left empty: skipped and reported, never read as zero."""

    row: int
    column: str
    region: str
    period: str | None
    marker: str


@dataclass
class Prepared:
    """Everything an import would do; `diff` is set once the file is valid."""

    file_name: str
    file_hash: str
    size: int
    layout: str = "unknown"
    code_system: str | None = None
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unresolved: list[Problem] = field(default_factory=list)
    frame: pd.DataFrame | None = None
    diff: writer.Diff | None = None
    batch_id: int | None = None
    new_indicators: list[dict] = field(default_factory=list)  # defined in the upload's `indikator` sheet

    @property
    def ok(self) -> bool:
        return not self.problems and self.frame is not None

    def counts(self) -> dict[str, int]:
        d = self.diff
        return {"rows": 0 if self.frame is None else len(self.frame), "new": d.new if d else 0,
                "changed": d.changed if d else 0, "unchanged": d.unchanged if d else 0,
                "skipped": len(self.skipped), "problems": len(self.problems)}


def _problem(row, column, err: CellError) -> Problem:
    return Problem(row, column, err.reason_id, err.reason_en)


def load_indicators(conn: Connection) -> dict[str, dict]:
    rows = conn.execute(select(Indicator.code, Indicator.frequency, Indicator.min_value, Indicator.max_value)).all()
    return {r.code: r._asdict() for r in rows}


def choose_code_system(table: Table, resolver: RegionResolver, requested: str) -> tuple[str, list[Problem], str]:
    """Which system the codes are in. auto: what the file says (column name, 'BPS' in title or source line),
    else what the names beside the codes agree with, else codes valid in only one system decide, else
    Kemendagri when no code means different regions in the two; otherwise every ambiguous row is a problem."""
    if requested != "auto":
        return requested, [], f"sistem kode / code system: {requested}"
    coded = [e for e in table.entries if e.cells and looks_like_code(e.region) and clean(e.region) != "ID"]
    if not coded:
        return "kemendagri", [], "wilayah menurut nama / regions by name"
    if table.code_hint:
        return table.code_hint, [], f"sistem kode / code system: {table.code_hint} (tertulis di berkas / stated in the file)"
    meanings = {e.row: resolver.systems_for(e.region) for e in coded}
    votes: Counter[str] = Counter()
    for e in coded:
        if e.name is not None and clean(e.name):
            try:
                named = resolver.by_name(e.name)
            except CellError:
                continue
            votes.update(s for s, c in meanings[e.row].items() if c == named)
    if votes and votes["bps"] != votes["kemendagri"]:
        chosen = "bps" if votes["bps"] > votes["kemendagri"] else "kemendagri"
        return chosen, [], f"sistem kode / code system: {chosen} (cocok dengan nama / agrees with the names)"
    only = {s for m in meanings.values() for s in m if m[s] and not m["bps" if s == "kemendagri" else "kemendagri"]}
    if len(only) == 1:
        chosen = only.pop()
        return chosen, [], f"sistem kode / code system: {chosen} (kode hanya sah di sistem ini / codes only valid there)"
    differing = [e for e in coded if all(meanings[e.row].values()) and len(set(meanings[e.row].values())) > 1]
    if not differing:
        return "kemendagri", [], "sistem kode / code system: kemendagri (kode sama di kedua sistem / same in both)"
    problems = []
    for e in differing:
        k, b = str(meanings[e.row]["kemendagri"]), str(meanings[e.row]["bps"])
        problems.append(Problem(
            e.row, e.region_column,
            f"kode {clean(e.region)} berarti {resolver.label(k)} menurut Kemendagri tetapi {resolver.label(b)} menurut "
            "BPS; pilih sistem kode (kemendagri atau bps)",
            f"code {clean(e.region)} means {resolver.label(k)} in Kemendagri codes but {resolver.label(b)} in BPS codes; "
            "choose the code system (kemendagri or bps)"))
    return "ambiguous", problems, "sistem kode / code system: ?"


def decimal_convention(grid: Grid, table: Table) -> str:
    """The file's decimal mark: what its numbers prove (majority), else comma for ';'-separated CSV, else point."""
    votes: Counter[str] = Counter()
    for e in table.entries:
        for cell in e.cells:
            if isinstance(cell.value, str):
                evidence = convention_evidence(split_stars(clean(cell.value))[0])
                if evidence:
                    votes[evidence] += 1
    if votes and votes[COMMA] != votes[POINT]:
        return COMMA if votes[COMMA] > votes[POINT] else POINT
    return COMMA if grid.delimiter == ";" else POINT


@dataclass
class _Reader:
    """Walks the entries of one table, collecting rows, problems and skipped cells."""

    table: Table
    resolver: RegionResolver
    indicators: dict[str, dict]
    options: ImportOptions
    system: str
    convention: str
    out: Prepared
    rows: list[tuple] = field(default_factory=list)
    seen: dict[tuple, int] = field(default_factory=dict)
    context: str | None = None

    def problem(self, row, column, err: CellError) -> None:
        self.out.problems.append(_problem(row, column, err))

    def region(self, e: Entry) -> str | None:
        try:
            if looks_like_code(e.region):
                code = self.resolver.by_code(e.region, self.system if self.system != "ambiguous" else "kemendagri")
            else:
                code = self.resolver.by_name(e.region, self.context if self.table.layout == "bps" else None)
        except CellError as err:
            if not e.cells:
                return None
            if self.options.skip_unresolved:
                self.out.unresolved.append(_problem(e.row, e.region_column, err))
            elif not (self.system == "ambiguous" and looks_like_code(e.region)):
                self.problem(e.row, e.region_column, err)
            return None
        level = self.resolver.places[code].level
        if self.table.layout == "bps" and level != "regency":
            self.context = code if level == "province" else None
        if e.name is not None and clean(e.name):
            try:
                named = self.resolver.by_name(e.name)
            except CellError:
                named = code  # a spelling we do not know is no evidence against the code
            if named != code:
                self.problem(e.row, e.name_column, CellError(
                    f"kode {clean(e.region)} adalah {self.resolver.label(code)}, tetapi nama menyebut "
                    f"{self.resolver.label(named)}; periksa sistem kode",
                    f"code {clean(e.region)} is {self.resolver.label(code)} but the name says "
                    f"{self.resolver.label(named)}; check the code system"))
                return None
        return code

    def indicator(self, e: Entry) -> str | None:
        code = clean(e.indicator) or self.options.indicator
        if e.indicator is not None and clean(e.indicator) and self.options.indicator \
                and clean(e.indicator) != self.options.indicator:
            self.problem(e.row, "indikator", CellError(
                f"berkas menyebut indikator {clean(e.indicator)!r}, bukan {self.options.indicator!r} yang dipilih",
                f"the file names indicator {clean(e.indicator)!r}, not the chosen {self.options.indicator!r}"))
            return None
        if not code:
            self.problem(e.row, "indikator", CellError("indikator kosong; isi kodenya atau pilih indikator",
                                                      "empty indicator; fill in its code or choose the indicator"))
            return None
        if code not in self.indicators:
            self.problem(e.row, "indikator", CellError(f"indikator {code!r} tidak dikenal",
                                                      f"unknown indicator {code!r}"))
            return None
        return code

    def period(self, e: Entry, raw: object, column: str | None, indicator: str | None) -> tuple[str, bool] | None:
        if raw is None or not clean(raw):
            fallback = self.options.period or self.table.default_period
            if not fallback:
                self.problem(e.row, column, CellError(
                    "periode tidak ada (di kolom, judul atau nama berkas); pilih periode",
                    "no period (in a column, the title or the file name); choose the period"))
                return None
            raw = fallback
        try:
            period, starred = parse_period(raw)
            if indicator is not None:
                check_frequency(period, self.indicators[indicator]["frequency"], indicator)
        except CellError as err:
            self.problem(e.row, column, err)
            return None
        return period, starred

    def number(self, e: Entry, column: str, raw: object, indicator: str | None) -> tuple[float, bool] | None:
        if isinstance(raw, bool) or not isinstance(raw, int | float | str):
            self.problem(e.row, column, CellError(f"{clean(raw)!r} bukan angka", f"{clean(raw)!r} is not a number"))
            return None
        starred = False
        try:
            if isinstance(raw, str):
                text, starred = split_stars(clean(raw))
                value = parse_number(text, self.convention)
            else:
                value = float(raw)
        except CellError as err:
            self.problem(e.row, column, err)
            return None
        if indicator is None:
            return value, starred
        meta = self.indicators[indicator]
        low, high = meta["min_value"], meta["max_value"]
        if value != value or (low is not None and value < low) or (high is not None and value > high):
            bounds = f"{'' if low is None else low:g} – {'' if high is None else high:g}".replace("–  ", "– ")
            self.problem(e.row, column, CellError(
                f"nilai {value:g} di luar rentang sah indikator {indicator} ({bounds})",
                f"value {value:g} is outside the valid range of {indicator} ({bounds})"))
            return None
        return value, starred

    def entry(self, e: Entry) -> None:
        region = self.region(e)
        indicator = self.indicator(e)
        if not e.cells:
            return
        status = None
        if e.status is not None and clean(e.status):
            try:
                status = Status.parse(clean(e.status))
            except CellError as err:
                self.problem(e.row, e.status_column, err)
                return
        for cell in e.cells:
            self.cell(e, cell, region, indicator, status)

    def cell(self, e: Entry, cell, region: str | None, indicator: str | None, status: str | None) -> None:
        """Check one value; with an unknown region or indicator the cell is still read so every problem shows."""
        raw_period = cell.period if cell.period is not None else e.period
        column = cell.column if cell.period is not None else (e.period_column or cell.column)
        found = self.period(e, raw_period, column, indicator)
        period, period_star = found if found is not None else (None, False)
        known = region is not None and indicator is not None and period is not None
        key = (indicator, region, period)
        if known and key in self.seen:
            self.problem(e.row, cell.column, CellError(
                f"{indicator} {self.resolver.label(str(region))} {period} sudah ada di baris {self.seen[key]}",
                f"{indicator} {self.resolver.label(str(region))} {period} already appears on row {self.seen[key]}"))
            return
        if known:
            self.seen[key] = e.row
        raw = cell.value
        if raw is None or isinstance(raw, str) or (isinstance(raw, float) and raw != raw):
            text = clean(raw) if isinstance(raw, str) else ""
            if is_not_available(split_stars(text)[0]):
                if known:
                    self.out.skipped.append(Skipped(e.row, cell.column, str(region), period, text or "(kosong/empty)"))
                return
        read = self.number(e, cell.column, cell.value, indicator)
        if read is None or not known:
            return
        value, value_star = read
        final = status or ("preliminary" if period_star or value_star else "final")
        self.rows.append((indicator, region, period, value, final, e.row))


def prepare(conn: Connection, content: bytes, file_name: str, options: ImportOptions = ImportOptions(), *,
            resolver: RegionResolver | None = None) -> Prepared:
    """Read and validate the whole file against the store; nothing is written and nothing is diffed.

    `resolver` may be handed in when many files are checked against the same regions (tests, bulk loads)."""
    out = Prepared(file_name, hashlib.sha256(content).hexdigest(), len(content))
    if options.code_system not in SYSTEMS:
        out.problems.append(Problem(None, None, f"sistem kode {options.code_system!r} tidak dikenal",
                                    f"unknown code system {options.code_system!r}"))
        return out
    try:
        grid = read_grid(content, file_name, options.max_bytes)
    except FileRefused as refused:
        out.problems.extend(refused.problems)
        return out
    table = detect(grid, file_name)
    for other in grid.others if table.layout == "unknown" else ():  # a cover sheet first: the table is further on
        found = detect(other, file_name)
        if found.layout != "unknown":
            grid, table = other, found
            break
    out.layout, out.notes = table.layout, [*grid.notes, *table.notes]
    if grid.formulas:
        out.problems.extend(grid.formulas)
        return out
    out.problems.extend(table.problems)
    if table.layout == "unknown":
        return out
    resolver = resolver or RegionResolver(conn)
    out.code_system, system_problems, note = choose_code_system(table, resolver, options.code_system)
    out.problems.extend(system_problems)
    out.notes.append(note)
    indicators = load_indicators(conn)
    _read_definitions(content, grid, indicators, out)
    if options.indicator and options.indicator not in indicators:
        out.problems.append(Problem(None, None, f"indikator {options.indicator!r} tidak dikenal",
                                    f"unknown indicator {options.indicator!r}"))
        return out
    if not options.indicator and not any(clean(e.indicator) for e in table.entries):
        out.problems.append(Problem(None, None, "berkas tidak menyebut indikator; pilih indikator",
                                    "the file names no indicator; choose the indicator"))
        return out
    convention = decimal_convention(grid, table)
    out.notes.append("desimal / decimal: " + ("koma (74,20)" if convention == COMMA else "titik (74.20)"))
    reader = _Reader(table, resolver, indicators, options, out.code_system, convention, out)
    for e in table.entries:
        reader.entry(e)
    if len(out.problems) > MAX_PROBLEMS:
        more = len(out.problems) - MAX_PROBLEMS
        out.problems[MAX_PROBLEMS:] = [Problem(None, None, f"... dan {more} masalah lain", f"... and {more} more problems")]
    if not reader.rows and not out.problems:
        out.problems.append(Problem(None, None, "tidak ada nilai untuk dimuat (semua kosong atau tidak tersedia)",
                                    "no values to load (all empty or not available)"))
    out.frame = pd.DataFrame(reader.rows, columns=[*writer.KEY, "value", "status", "row"])
    return out


def _read_definitions(content: bytes, grid: Grid, indicators: dict[str, dict], out: Prepared) -> None:
    """New indicators defined in the workbook's `indikator` sheet join the known ones (validated first)."""
    if grid.kind != "xlsx":
        return
    found = definitions.definition_rows(content)
    if found is None:
        return
    sheet, rows = found
    out.new_indicators, problems = definitions.parse(sheet, rows, set(indicators))
    out.problems.extend(problems)
    for d in out.new_indicators:
        indicators[d["code"]] = {k: d[k] for k in ("code", "frequency", "min_value", "max_value")}
    if out.new_indicators:
        out.notes.append(f"indikator baru / new indicators: {', '.join(d['code'] for d in out.new_indicators)}")


#: An extra check run on a valid file before it is diffed (the caller's rights); returns more problems.
Check = Callable[[Prepared], list[Problem]]


def preview(conn: Connection, content: bytes, file_name: str, options: ImportOptions = ImportOptions(), *,
            resolver: RegionResolver | None = None, check: Check | None = None) -> Prepared:
    """A dry run: validation plus the new / changed (old -> new) / unchanged counts; reads only."""
    out = prepare(conn, content, file_name, options, resolver=resolver)
    if out.ok and check is not None:
        out.problems.extend(check(out))
    if out.ok and out.frame is not None:
        out.diff = writer.diff(conn, out.frame)
    return out


def write_batch(conn: Connection, out: Prepared, user: str, kind: str, note: str | None = None, *,
                pending: bool = False) -> int:
    """Record the batch and apply its diff inside the caller's transaction (`pending`: submitted for review)."""
    assert out.frame is not None and out.diff is not None, "write_batch needs a prepared, diffed file"
    counts = out.counts()
    indicators = sorted(set(out.frame["indicator_code"]))
    out.batch_id = writer.new_batch(
        conn, kind=kind, created_by=user, file_name=out.file_name[:300], file_hash=out.file_hash,
        indicator_code=indicators[0] if len(indicators) == 1 else None, rows_total=counts["rows"],
        rows_new=counts["new"], rows_changed=counts["changed"], rows_unchanged=counts["unchanged"],
        rows_skipped=counts["skipped"] + len(out.unresolved), status=PENDING if pending else "committed",
        note=note)
    if out.new_indicators:  # before the values that refer to them
        now = utcnow()
        # Submitted for review: held back from analysts until published (data.writer opens them on approval).
        tier = {"tier": writer.PENDING_DEFINITION_TIER} if pending else {}
        conn.execute(insert(Indicator), [{**d, **tier, "updated_at": now} for d in out.new_indicators])
    writer.apply(conn, out.diff, out.batch_id, pending=pending)
    return out.batch_id


def commit(engine: Engine, content: bytes, file_name: str, options: ImportOptions = ImportOptions(), *,
           user: str = "system", kind: str = "upload", note: str | None = None,
           resolver: RegionResolver | None = None, check: Check | None = None, pending: bool = False) -> Prepared:
    """Validate, diff and write in ONE transaction; raises ValidationError (nothing written) when invalid.

    `pending`: the batch is submitted for a walidata's review (status diajukan) and none of its values is current.
    """
    with engine.begin() as conn:
        out = preview(conn, content, file_name, options, resolver=resolver, check=check)
        if not out.ok:
            raise ValidationError(out.problems)
        write_batch(conn, out, user, kind, note, pending=pending)
    return out
