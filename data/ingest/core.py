"""The one import path: read -> recognise layout -> resolve regions -> validate every cell -> diff -> apply.

`preview` only reads; `commit` re-runs everything inside ONE transaction and writes nothing unless the whole file
is valid, so a refused import leaves the store byte-for-byte unchanged. Used by the CLI, the upload page, CKAN
and the seed.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

import pandas as pd
from sqlalchemy import Connection, insert, select
from sqlalchemy.engine import Engine

from data import writer
from data.errors import Note, Problem, ValidationError
from data.ingest import definitions, guess, idm_codes
from data.ingest.files import FileRefused, Grid, read_grid
from data.ingest.layout import Table, detect
from data.ingest.prepared import BATCH_FILE, BATCH_USER, MAX_PROBLEMS, ImportOptions, Prepared
from data.ingest.reader import Reader
from data.ingest.regions import SYSTEMS, RegionResolver, code_key, local_key, looks_like_code
from data.ingest.values import (
    COMMA,
    POINT,
    CellError,
    clean,
    convention_evidence,
    split_stars,
)
from data.schema import PENDING, Indicator, utcnow


def load_indicators(conn: Connection) -> dict[str, dict]:
    rows = conn.execute(select(Indicator.code, Indicator.frequency, Indicator.min_value, Indicator.max_value,
                               Indicator.unit, Indicator.unit_en)).all()
    return {r.code: r._asdict() for r in rows}


def choose_code_system(table: Table, resolver: RegionResolver, requested: str) -> tuple[str, list[Problem], Note]:
    """Which system the codes are in. auto: what the file says (column name, 'BPS' in title or source line),
    else what the names beside the codes agree with, else codes valid in only one system decide, else
    Kemendagri when no code means different regions in the two; otherwise every ambiguous row is a problem."""
    if requested != "auto":
        return requested, [], Note(f"sistem kode: {requested}", f"code system: {requested}")  # idm: see _idm_note
    coded = [e for e in table.entries if e.cells and looks_like_code(e.region) and clean(e.region) != "ID"]
    if not coded:
        return "kemendagri", [], Note("wilayah menurut nama", "regions by name")
    if table.code_hint:
        return table.code_hint, [], Note(f"sistem kode: {table.code_hint} (tertulis di berkas)",
                                         f"code system: {table.code_hint} (stated in the file)")
    idm = _idm_choice(coded, resolver)
    if idm is not None:
        return idm
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
        return chosen, [], Note(f"sistem kode: {chosen} (cocok dengan nama)", f"code system: {chosen} (agrees with the names)")
    only = {s for m in meanings.values() for s in m if m[s] and not m["bps" if s == "kemendagri" else "kemendagri"]}
    if len(only) == 1:
        chosen = only.pop()
        return chosen, [], Note(f"sistem kode: {chosen} (kode hanya sah di sistem ini)",
                                f"code system: {chosen} (codes only valid there)")
    differing = [e for e in coded if all(meanings[e.row].values()) and len(set(meanings[e.row].values())) > 1]
    if not differing:
        return "kemendagri", [], Note("sistem kode: kemendagri (kode sama di kedua sistem)",
                                      "code system: kemendagri (same in both)")
    problems = []
    for e in differing:
        k, b = str(meanings[e.row]["kemendagri"]), str(meanings[e.row]["bps"])
        problems.append(Problem(
            e.row, e.region_column,
            f"kode {clean(e.region)} berarti {resolver.label(k)} menurut Kemendagri tetapi {resolver.label(b)} menurut "
            "BPS; pilih sistem kode (kemendagri atau bps)",
            f"code {clean(e.region)} means {resolver.label(k)} in Kemendagri codes but {resolver.label(b)} in BPS codes; "
            "choose the code system (kemendagri or bps)"))
    return "ambiguous", problems, Note("sistem kode: ?", "code system: ?")


def _idm_choice(coded: list, resolver: RegionResolver) -> tuple[str, list[Problem], Note] | None:
    """'idm' when every code is a 10-digit village code and they fit the IDM code map better than the 2025
    Kemendagri list (a Kemendes IDM download): by the names beside them, else by how many each system knows. None when
    the two read every code alike (then the rest of choose_code_system decides); every row that differs is a problem
    when neither wins."""
    if not all(len(code_key(e.region)) == 10 for e in coded):
        return None
    meanings = {e.row: (code_key(e.region) if code_key(e.region) in resolver.places else None,
                        idm_codes.translate(code_key(e.region))) for e in coded}
    differing = [e for e in coded if meanings[e.row][1] is not None and meanings[e.row][0] != meanings[e.row][1]]
    if not differing:
        return None
    votes: Counter[str] = Counter()
    for e in coded:
        if e.name is None or not local_key(e.name):
            continue
        for system, code in zip(("kemendagri", "idm"), meanings[e.row], strict=True):
            if code in resolver.places and local_key(resolver.places[code].name) == local_key(e.name):
                votes[system] += 1
    how_id, how_en = "cocok dengan nama", "agrees with the names"
    if votes["idm"] == votes["kemendagri"]:
        votes = Counter({s: sum(1 for m in meanings.values() if m[i] is not None)
                         for i, s in enumerate(("kemendagri", "idm"))})
        how_id, how_en = "kode lebih banyak dikenal peta kode IDM", "more codes known to the IDM code map"
    if votes["idm"] > votes["kemendagri"]:
        return "idm", [], Note(f"sistem kode: idm (kode desa Kemendes PDTT, {how_id}); diterjemahkan ke kode "
                               "Kemendagri 2025 lewat peta kode IDM 2024",
                               f"code system: idm (Kemendes PDTT village codes, {how_en}); translated to 2025 "
                               "Kemendagri codes through the IDM 2024 code map")
    if votes["kemendagri"] > votes["idm"]:
        return None
    problems = []
    for e in differing:
        k, i = meanings[e.row]
        k_id = resolver.label(k) if k else "tidak ada"
        k_en = resolver.label(k) if k else "nothing"
        problems.append(Problem(
            e.row, e.region_column,
            f"kode {clean(e.region)} berarti {k_id} menurut kode Kemendagri 2025 tetapi {resolver.label(str(i))} "
            "menurut kode IDM (Kemendes); pilih sistem kode (kemendagri atau idm)",
            f"code {clean(e.region)} means {k_en} in 2025 Kemendagri codes but {resolver.label(str(i))} in IDM "
            "(Kemendes) codes; choose the code system (kemendagri or idm)"))
    return "ambiguous", problems, Note("sistem kode: ?", "code system: ?")


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
        grid = read_grid(content, file_name, options.max_bytes, options.limits)
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
    if table.local_level or any(len(code_key(e.region)) in (6, 10) for e in table.entries if looks_like_code(e.region)):
        resolver.load_local(conn)  # kecamatan and desa: read only for files that hold them
    out.code_system, system_problems, note = choose_code_system(table, resolver, options.code_system)
    out.problems.extend(system_problems)
    out.notes.append(note)
    indicators = load_indicators(conn)
    _read_definitions(grid, indicators, out)
    if options.indicator and options.indicator not in indicators:
        out.problems.append(Problem(None, None, f"indikator {options.indicator!r} tidak dikenal",
                                    f"unknown indicator {options.indicator!r}"))
        return out
    known = known_titles(conn)
    if not options.indicator and not any(clean(e.indicator) for e in table.entries):
        options = _guessed(known, table, file_name, options, out)
        if options.indicator is None:
            return out
    meta = indicators.get(options.indicator or "", {})
    bounds = (meta.get("min_value"), meta.get("max_value"))
    out.problems.extend(guess.keep_indicator_columns(table, options.indicator or "", known, bounds))
    measure_problems, measure_note = guess.keep_measure(table, options.indicator or "", known, bounds)
    out.problems.extend(measure_problems)
    out.notes.extend([measure_note] if measure_note else [])
    convention = decimal_convention(grid, table)
    out.notes.append(Note("desimal: koma (74,20)", "decimal: comma (74,20)") if convention == COMMA
                     else Note("desimal: titik (74.20)", "decimal: point (74.20)"))
    reader = Reader(table, resolver, indicators, options, out.code_system, convention, out,
                     year=guess.table_year(table, options.period or table.default_period),
                     level=None if table.local_level else guess.table_level(table, resolver, file_name),
                     titles=known)
    for e in table.entries:
        reader.entry(e)
    out.notes.extend(_reading_notes(reader))
    if len(out.problems) > MAX_PROBLEMS:
        more = len(out.problems) - MAX_PROBLEMS
        out.problems[MAX_PROBLEMS:] = [Problem(None, None, f"... dan {more} masalah lain", f"... and {more} more problems")]
    if not reader.rows and not out.problems:
        out.problems.append(Problem(None, None, "tidak ada nilai untuk dimuat (semua kosong atau tidak tersedia)",
                                    "no values to load (all empty or not available)"))
    out.frame = pd.DataFrame(reader.rows, columns=[*writer.KEY, "value", "status", "row"])
    return out


def known_titles(conn: Connection) -> dict[str, tuple[str, ...]]:
    """Each indicator in the store with its own names (beside the bundled titles), for the guess."""
    rows = conn.execute(select(Indicator.code, Indicator.name_id, Indicator.short_id)).all()
    return {r.code: tuple(n for n in (r.name_id, r.short_id) if n) for r in rows}


def _guessed(known: dict[str, tuple[str, ...]], table: Table, file_name: str, options: ImportOptions,
             out: Prepared) -> ImportOptions:
    """The options with the indicator the title or file name names (a note asks to confirm it); a problem when
    the file names none."""
    # A table with one column per indicator names many in its headings: only its title or file name may say which.
    text = guess.described(table, file_name) if not table.indicator_columns else f"{table.title} {file_name}"
    found = guess.guess_indicator(text, known)
    if found is None:
        out.problems.append(Problem(None, None, "berkas tidak menyebut indikator; pilih indikator",
                                    "the file names no indicator; choose the indicator"))
        return options
    code, title = found
    out.indicator_guess = code
    out.notes.append(Note(f"indikator ditebak dari judul/nama berkas: {code} ('{title}'); periksa sebelum menyimpan",
                          f"indicator guessed from the title/file name: {code} ('{title}'); check before saving"))
    return replace(options, indicator=code)


def _renumbered_note(reader: Reader) -> Note | None:
    """Rows whose IDM village code the code map sends to another 2025 code, those where the same code is ANOTHER
    2025 village first: the preview says so, values are never moved silently."""
    if not reader.renumbered:
        return None
    places = reader.resolver.places
    clash = [r for r in reader.renumbered if r[1] in places]
    shown = (clash + [r for r in reader.renumbered if r[1] not in places])[:8]
    label = reader.resolver.label
    more = " ..." if len(reader.renumbered) > len(shown) else ""
    parts_id = "; ".join(f"baris {row}: IDM {idm} = {label(code)}" + (f", bukan {label(idm)}" if idm in places else "")
                         for row, idm, code in shown)
    parts_en = "; ".join(f"row {row}: IDM {idm} = {label(code)}" + (f", not {label(idm)}" if idm in places else "")
                         for row, idm, code in shown)
    return Note(f"{len(reader.renumbered)} kode desa IDM diterjemahkan ke kode Kemendagri 2025 yang lain; "
                f"{len(clash)} di antaranya adalah desa LAIN menurut kode Kemendagri yang sama: {parts_id}{more}",
                f"{len(reader.renumbered)} IDM village codes translated to another 2025 Kemendagri code; "
                f"{len(clash)} of them are ANOTHER village under the same Kemendagri code: {parts_en}{more}")


def _reading_notes(reader: Reader) -> list[Note]:
    notes = []
    renumbered = _renumbered_note(reader)
    if renumbered is not None:
        notes.append(renumbered)
    if reader.system == "idm" and any(e.district or e.regency for e in reader.table.entries):
        notes.append(Note("kolom kecamatan dan kab/kota tidak dipakai: kode desa IDM menempatkan desa lewat peta kode",
                          "kecamatan and kab/kota columns not used: the IDM village code places the desa through "
                          "the code map"))
    if reader.level == "province":
        notes.append(Note("tabel provinsi: nama yang juga nama kab/kota dibaca sebagai provinsi",
                          "province table: names shared with a kab/kota read as the province"))
    if reader.moved_rows:
        rows = ", ".join(str(r) for r in reader.moved_rows[:8]) + (" ..." if len(reader.moved_rows) > 8 else "")
        notes.append(Note(f"{len(reader.moved_rows)} kab/kota tercantum di bawah provinsi sebelum pemekaran 2022 "
                          f"(baris {rows}); dihitung sekali di provinsinya kini",
                          f"{len(reader.moved_rows)} kab/kota listed under their province before the 2022 split "
                          f"(rows {rows}); counted once, under their current province"))
    return notes


def _read_definitions(grid: Grid, indicators: dict[str, dict], out: Prepared) -> None:
    """New indicators defined in the workbook's `indikator` sheet join the known ones (validated first)."""
    if grid.definitions is None:
        return
    sheet, rows = grid.definitions
    out.new_indicators, problems = definitions.parse(sheet, rows, set(indicators))
    out.problems.extend(problems)
    for d in out.new_indicators:
        indicators[d["code"]] = {k: d.get(k) for k in ("code", "frequency", "min_value", "max_value", "unit", "unit_en")}
    if out.new_indicators:
        codes = ", ".join(d["code"] for d in out.new_indicators)
        out.notes.append(Note(f"indikator baru: {codes}", f"new indicators: {codes}"))


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
        conn, kind=kind, created_by=user[:BATCH_USER], file_name=out.file_name[:BATCH_FILE], file_hash=out.file_hash,
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
           resolver: RegionResolver | None = None, check: Check | None = None, pending: bool = False,
           wait: float | None = None) -> Prepared:
    """Validate, diff and write in ONE transaction under the store's write lock; raises ValidationError (nothing
    written) when invalid, or when another write held the lock for `wait` seconds (default: the engine's
    write_wait, data.writer).

    `pending`: the batch is submitted for a walidata's review (status diajukan) and none of its values is current.
    """
    with writer.writing(engine, f"{kind} {file_name}", user, wait) as conn:
        out = preview(conn, content, file_name, options, resolver=resolver, check=check)
        if not out.ok:
            raise ValidationError(out.problems)
        write_batch(conn, out, user, kind, note, pending=pending)
    return out
