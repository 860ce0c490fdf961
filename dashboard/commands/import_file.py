"""`python -m dashboard import FILE --indicator CODE [--period P] [--code-system ...] [--dry-run]`.

Prints the preview and either the committed batch id or every problem; exit 0 only when committed (or, with
--dry-run, when the file is valid).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from dashboard.config import Config

NAME = "import"
HELP = "validate a CSV/XLSX file (tidy or a BPS table as published), preview it and commit it as one batch"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="CSV or XLSX file")
    parser.add_argument("--indicator", help="indicator code for files without an indicator column")
    parser.add_argument("--period", help="period for values whose file gives none (e.g. only in the title)")
    parser.add_argument("--code-system", choices=("auto", "kemendagri", "bps"), default="auto",
                        help="region codes in the file (auto: what the file says; ambiguous codes are refused)")
    parser.add_argument("--dry-run", action="store_true", help="validate and preview only; write nothing")
    parser.add_argument("--user", default="cli", help="who is loading (recorded in the batch)")
    parser.add_argument("--database-url", help="store URL (default: DASHBOARD_DATABASE_URL or the SQLite file)")


def run(args: argparse.Namespace, config: Config) -> int:
    from dashboard.importing import print_problems, run_file  # noqa: PLC0415
    from data.ingest import ImportOptions  # noqa: PLC0415
    from data.ingest.files import FileRefused, read_limited, too_big  # noqa: PLC0415
    from data.store import open_engine  # noqa: PLC0415

    options = ImportOptions(indicator=args.indicator, period=args.period, code_system=args.code_system,
                            max_bytes=config.max_upload_mb * 1024 * 1024)
    try:
        if args.file.stat().st_size > options.max_bytes:  # refused before reading it
            raise too_big(options.max_bytes)
        with args.file.open("rb") as stream:
            content = read_limited(stream, options.max_bytes)
    except FileRefused as refused:
        print_problems(print, refused.problems)
        return 1
    except OSError as exc:
        print(f"Berkas tidak dapat dibaca / cannot read the file: {exc}")
        return 1
    engine = open_engine(args.database_url or config.database_url)
    try:
        return run_file(engine, content, args.file.name, options, dry_run=args.dry_run, user=args.user)
    finally:
        engine.dispose()
