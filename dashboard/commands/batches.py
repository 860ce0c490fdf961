"""`python -m dashboard batches`: the import history (audit trail), newest first."""
from __future__ import annotations

import argparse
from datetime import datetime

from services.config import Config

NAME = "batches"
HELP = "list the import batches, newest first"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--database-url", help="store URL (default: DASHBOARD_DATABASE_URL or the SQLite file)")


def run(args: argparse.Namespace, config: Config) -> int:
    # imported on run: the parser imports every command module (see dashboard/commands/__init__.py)
    from dashboard.usercli import engine_for
    from i18n import local_time
    from services import queries
    from services.access import access_for

    engine = engine_for(config, args.database_url)
    try:
        frame = queries.batches(engine, access_for("admin", "cli"), limit=args.limit)  # the CLI is trusted
    finally:
        engine.dispose()
    print(f"{'id':>5}  {'status':<11} {'kind':<7} {'created_at':<20}  {'by':<12} {'indicator':<14} "
          f"{'new':>6} {'chg':>6} {'same':>6} {'skip':>5}  file")
    for r in frame.itertuples(index=False):
        when = local_time(r.created_at).strftime("%Y-%m-%d %H:%M %Z") if isinstance(r.created_at, datetime) else ""
        indicator = r.indicator_code if isinstance(r.indicator_code, str) else "-"
        print(f"{r.id:>5}  {r.status:<11} {r.kind:<7} {when:<20}  {str(r.created_by)[:12]:<12} {indicator[:14]:<14} "
              f"{r.rows_new:>6} {r.rows_changed:>6} {r.rows_unchanged:>6} {r.rows_skipped:>5}  {r.file_name or ''}")
    return 0
