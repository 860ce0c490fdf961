"""`python -m dashboard ckan-import PORTAL DATASET [--resource R] [--indicator ...] [--dry-run]`: load a CSV/XLSX
resource of a CKAN dataset through the same import path as a file (preview, then one batch)."""
from __future__ import annotations

import argparse

from dashboard.config import Config

NAME = "ckan-import"
HELP = "import a CSV/XLSX resource of a CKAN dataset (package_show + download) through the import path"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("portal", help="CKAN portal address, e.g. https://data.jabarprov.go.id")
    parser.add_argument("dataset", help="dataset id or name")
    parser.add_argument("--resource", help="resource id or name (default: the dataset's only CSV/XLSX resource)")
    parser.add_argument("--indicator", help="indicator code for files without an indicator column")
    parser.add_argument("--period", help="period for values whose file gives none")
    parser.add_argument("--code-system", choices=("auto", "kemendagri", "bps"), default="auto")
    parser.add_argument("--dry-run", action="store_true", help="validate and preview only; write nothing")
    parser.add_argument("--user", default="cli", help="who is loading (recorded in the batch)")
    parser.add_argument("--database-url", help="store URL (default: DASHBOARD_DATABASE_URL or the SQLite file)")


def run(args: argparse.Namespace, config: Config) -> int:
    from dashboard.importing import print_problems, run_file  # noqa: PLC0415
    from data.ckan import fetch  # noqa: PLC0415
    from data.ingest import ImportOptions  # noqa: PLC0415
    from data.ingest.files import FileRefused  # noqa: PLC0415
    from data.store import open_engine  # noqa: PLC0415

    options = ImportOptions(indicator=args.indicator, period=args.period, code_system=args.code_system,
                            max_bytes=config.max_upload_mb * 1024 * 1024)
    try:
        got = fetch(args.portal, args.dataset, args.resource, max_bytes=options.max_bytes)
    except FileRefused as refused:
        print_problems(print, refused.problems)
        return 1
    print(f"CKAN: {got.dataset} / {got.resource_id} ({got.url})")
    engine = open_engine(args.database_url or config.database_url)
    try:
        return run_file(engine, got.content, got.file_name, options, dry_run=args.dry_run, user=args.user,
                        kind="ckan", note=f"CKAN {args.portal} dataset {got.dataset} resource {got.resource_id}")
    finally:
        engine.dispose()
