"""`python -m dashboard rollback BATCH_ID`: undo a committed batch (restores exactly the values it replaced)."""
from __future__ import annotations

import argparse

from dashboard.config import Config

NAME = "rollback"
HELP = "undo a committed import batch (refused when a later batch replaced some of its values)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("batch_id", type=int)
    parser.add_argument("--user", default="cli", help="who rolls back (recorded in the batch)")
    parser.add_argument("--database-url", help="store URL (default: DASHBOARD_DATABASE_URL or the SQLite file)")


def run(args: argparse.Namespace, config: Config) -> int:
    from dashboard.forecasts import batch_keys, refit_touched  # noqa: PLC0415
    from dashboard.importing import print_problems  # noqa: PLC0415
    from dashboard.usercli import engine_for  # noqa: PLC0415
    from data.errors import ValidationError  # noqa: PLC0415
    from data.writer import rollback_batch  # noqa: PLC0415

    engine = engine_for(config, args.database_url)
    try:
        with engine.begin() as conn:
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
