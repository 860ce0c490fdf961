"""What the `import` and `ckan-import` commands share (no NAME: not a command itself): their options, the
ImportOptions those give (`options_from`) and the run on the store with its printed outcome (`run_on_store`); they
differ only in where the bytes come from. Light on purpose: every command's options are built on each CLI start,
so the import path is imported only when a command runs."""
from __future__ import annotations

import argparse
from collections.abc import Callable


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every import command takes after its source arguments."""
    parser.add_argument("--indicator", help="indicator code for files without an indicator column")
    parser.add_argument("--period", help="period for values whose file gives none (e.g. only in the title)")
    parser.add_argument("--code-system", choices=("auto", "kemendagri", "bps", "idm"), default="auto",
                        help="region codes in the file (auto: what the file says; ambiguous codes are refused; idm: the village "
                             "codes of a Kemendes IDM download, translated through the bundled IDM code map)")
    parser.add_argument("--dry-run", action="store_true", help="validate and preview only; write nothing")
    parser.add_argument("--user", default="cli", help="who is loading (recorded in the batch)")
    parser.add_argument("--database-url", help="store URL (default: DASHBOARD_DATABASE_URL or the SQLite file)")


def options_from(args: argparse.Namespace, config):
    """The data.ingest.ImportOptions of the command's arguments, with the configured size and sheet limits."""
    # imported on run: the parser imports every command module (see dashboard/commands/__init__.py)
    from services.importing import import_options

    return import_options(config, indicator=args.indicator, period=args.period, code_system=args.code_system)


def run_on_store(args: argparse.Namespace, config, content: bytes, file_name: str, options, *, kind: str = "upload",
                 note: str | None = None, out: Callable[[str], None] = print) -> int:
    """Open the store named by the options, run `run_file` (the CLI is trusted: it publishes directly), close it."""
    # imported on run: the parser imports every command module (see dashboard/commands/__init__.py)
    from dashboard.usercli import engine_for
    from services.importing import run_file

    engine = engine_for(config, args.database_url)
    try:
        return run_file(engine, content, file_name, options, dry_run=args.dry_run, user=args.user, kind=kind,
                        note=note, out=out)
    finally:
        engine.dispose()
