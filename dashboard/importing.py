"""Running the import path for a person: preview and commit a file, print the outcome (CLI and CKAN commands).

The `import` and `ckan-import` commands share their options (dashboard/commands/_import_options.py), the options
object (`options_from`) and the run on the store with its printed outcome (`run_on_store`); they differ only in where
the bytes come from. No Dash here; the upload page has its own view of the same `data.ingest.Prepared`.
"""
from __future__ import annotations

import argparse
from collections.abc import Callable

from dashboard.forecasts import refit_touched, touched_keys
from dashboard.i18n import fmt_number
from data import ingest
from data.errors import Problem, StoreError, ValidationError

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
        f"{c['unchanged']} tetap / unchanged; {c['skipped']} dilewati (tidak tersedia) / skipped (not available)")
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


def options_from(args: argparse.Namespace, config) -> ingest.ImportOptions:
    return ingest.ImportOptions(indicator=args.indicator, period=args.period, code_system=args.code_system,
                                max_bytes=config.max_upload_mb * 1024 * 1024)


def run_on_store(args: argparse.Namespace, config, content: bytes, file_name: str, options: ingest.ImportOptions,
                 *, kind: str = "upload", note: str | None = None, out: Out = print) -> int:
    """Open the store named by the options, run `run_file` (the CLI is trusted: it publishes directly), close it."""
    from dashboard.usercli import engine_for  # noqa: PLC0415

    engine = engine_for(config, args.database_url)
    try:
        return run_file(engine, content, file_name, options, dry_run=args.dry_run, user=args.user, kind=kind,
                        note=note, out=out)
    finally:
        engine.dispose()
