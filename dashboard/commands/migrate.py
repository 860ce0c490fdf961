"""`python -m dashboard migrate`: upgrade the store's schema to every Alembic head, loading no data."""
from __future__ import annotations

import argparse

from services.config import Config

NAME = "migrate"
HELP = "upgrade the schema of the store (Alembic, all heads); loads no data"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", help="store URL (default: DASHBOARD_DATABASE_URL or the SQLite file)")


def run(args: argparse.Namespace, config: Config) -> int:
    # imported on run: the parser imports every command module (see dashboard/commands/__init__.py)
    from data.store import migrate, open_engine, pending_heads

    engine = open_engine(args.database_url or config.database_url)
    pending = pending_heads(engine)
    migrate(engine)
    print("schema upgraded to the current version" if pending else "schema already up to date")
    engine.dispose()
    return 0
