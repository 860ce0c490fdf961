"""Running the import path for a person: the configured import options, preview and commit a file, print the
outcome (`run_file`, for the `import` and `ckan-import` commands: their arguments and the store they open live in
dashboard/commands/_import_options.py). No Dash here; the upload page has its own view of the same
`data.ingest.Prepared`.
"""
from __future__ import annotations

from collections.abc import Callable

from data import ingest
from data.errors import Problem, StoreError, ValidationError
from data.ingest.limits import MB, ReadLimits
from i18n import fmt_number
from services.forecasts import refit_touched, touched_keys

#: How many changed values and skipped cells a printed preview lists before summing up the rest.
SHOW = 50
Out = Callable[[str], None]


def print_problems(out: Out, problems: list[Problem]) -> None:
    out(f"DITOLAK / REFUSED: {len(problems)} masalah / problem(s); tidak ada yang ditulis / nothing was written")
    for problem in problems:
        out(f"  - {problem.text('id')}")
        out(f"    {problem.text('en')}")


def print_preview(out: Out, prepared: ingest.Prepared) -> None:
    out(f"Berkas / file: {prepared.file_name} ({prepared.size} byte, sha256 {prepared.file_hash[:16]}…), "
        f"tata letak / layout: {prepared.layout}")
    for note in prepared.notes:
        out(f"  {note}")
    c = prepared.counts()
    out(f"Pratinjau / preview: {c['rows']} nilai / values: {c['new']} baru / new, {c['changed']} berubah / changed, "
        f"{c['unchanged']} tidak berubah / unchanged; {c['skipped']} dilewati (tidak tersedia) / skipped (not available)")
    if prepared.diff is not None:
        changed = prepared.diff.rows[prepared.diff.rows["change"] == "changed"]
        for r in changed.head(SHOW).itertuples(index=False):
            out(f"  berubah / changed: {r.indicator_code} {r.region_code} {r.period}: "
                f"{fmt_number(r.old_value, 4, 'en')} -> {fmt_number(r.value, 4, 'en')}"
                + (f" ({r.old_status} -> {r.status})" if r.old_status != r.status else ""))
        if len(changed) > SHOW:
            out(f"  … +{len(changed) - SHOW}")
    for s in prepared.skipped[:SHOW]:
        out(f"  dilewati / skipped: baris/row {s.row}, {s.column}: {s.marker!r}")
    if len(prepared.skipped) > SHOW:
        out(f"  … +{len(prepared.skipped) - SHOW}")


def run_file(engine, content: bytes, file_name: str, options: ingest.ImportOptions, *, dry_run: bool, user: str,
             kind: str = "upload", note: str | None = None, out: Out = print) -> int:
    """Preview or commit `content` and print the outcome; the exit status (0 = committed / valid dry run)."""
    try:
        if dry_run:
            with engine.connect() as conn:
                prepared = ingest.preview(conn, content, file_name, options)
        else:
            prepared = ingest.commit(engine, content, file_name, options, user=user, kind=kind, note=note)
            refit_touched(engine, touched_keys(prepared))
        problems = prepared.problems
    except ValidationError as err:
        prepared, problems = None, err.problems
    except StoreError as exc:
        out(f"Basis data gagal / store failed: {exc}")
        return 1
    if prepared is not None:
        print_preview(out, prepared)
    if problems:
        print_problems(out, problems)
        return 1
    if dry_run:
        out("Berkas sah (uji coba, tidak ada yang ditulis) / file valid (dry run, nothing written)")
    else:
        out(f"Tersimpan sebagai batch / committed as batch {prepared.batch_id}")
    return 0


def import_options(config, **fields) -> ingest.ImportOptions:
    """ImportOptions with the configured size and sheet limits (the upload page, the CLI and CKAN imports)."""
    limits = ReadLimits(unpacked_bytes=config.max_unpacked_mb * MB, rows=config.max_sheet_rows,
                        columns=config.max_sheet_columns, cells=config.max_sheet_cells)
    return ingest.ImportOptions(max_bytes=config.max_upload_mb * MB, limits=limits, **fields)

