"""`python -m dashboard rollback BATCH_ID`: undo a committed batch (restores exactly the values it replaced)."""
from __future__ import annotations

import argparse

from services.config import Config

NAME = "rollback"
HELP = "undo a committed import batch (refused when a later batch replaced some of its values)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("batch_id", type=int)
    parser.add_argument("--user", default="cli", help="who rolls back (recorded in the batch)")
    parser.add_argument("--database-url", help="store URL (default: DASHBOARD_DATABASE_URL or the SQLite file)")


def run(args: argparse.Namespace, config: Config) -> int:
    # imported on run: the parser imports every command module (see dashboard/commands/__init__.py)
    from dashboard.usercli import engine_for
    from data.errors import ValidationError
    from data.writer import rollback_batch, writing
    from services.forecasts import batch_keys, refit_touched
    from services.importing import print_problems

    engine = engine_for(config, args.database_url)
    try:
        with writing(engine, f"rollback batch {args.batch_id}", args.user) as conn:
            done = rollback_batch(conn, args.batch_id, args.user)
        refit_touched(engine, batch_keys(engine, args.batch_id))
    except ValidationError as err:
        print_problems(print, err.problems)
        return 1
    finally:
        engine.dispose()
    print(f"Batch {done.batch_id} dibatalkan / rolled back: {done.restored} nilai lama dipulihkan / values "
          f"restored, {done.removed} nilai dihapus / values removed")
    return 0
