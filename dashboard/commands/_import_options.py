"""The options the `import` and `ckan-import` commands share (no NAME: not a command itself). Light on purpose:
every command's options are built on each CLI start, so nothing heavy is imported here."""
from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every import command takes after its source arguments."""
    parser.add_argument("--indicator", help="indicator code for files without an indicator column")
    parser.add_argument("--period", help="period for values whose file gives none (e.g. only in the title)")
    parser.add_argument("--code-system", choices=("auto", "kemendagri", "bps"), default="auto",
                        help="region codes in the file (auto: what the file says; ambiguous codes are refused)")
    parser.add_argument("--dry-run", action="store_true", help="validate and preview only; write nothing")
    parser.add_argument("--user", default="cli", help="who is loading (recorded in the batch)")
    parser.add_argument("--database-url", help="store URL (default: DASHBOARD_DATABASE_URL or the SQLite file)")
