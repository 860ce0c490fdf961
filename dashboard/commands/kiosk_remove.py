"""`python -m dashboard kiosk remove NAME`: delete a kiosk profile (a screen using it falls back to defaults)."""
from __future__ import annotations

import argparse
import sys

from dashboard.config import Config

NAME = "kiosk remove"
HELP = "delete a kiosk profile"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", help="profile name")
    parser.add_argument("--database-url", help="store URL (default: DASHBOARD_DATABASE_URL or the SQLite file)")


def run(args: argparse.Namespace, config: Config) -> int:
    from dashboard.kiosk import delete_profile  # noqa: PLC0415
    from data.store import migrate, open_engine  # noqa: PLC0415

    engine = open_engine(args.database_url or config.database_url)
    migrate(engine)
    removed = delete_profile(engine, args.name)
    engine.dispose()
    if not removed:
        print(f"no kiosk profile {args.name!r}", file=sys.stderr)
        return 1
    print(f"kiosk profile {args.name!r} removed")
    return 0
