"""`python -m dashboard kiosk remove NAME`: delete a kiosk profile (a screen using it falls back to defaults)."""
from __future__ import annotations

import argparse
import sys

from services.config import Config

NAME = "kiosk remove"
HELP = "delete a kiosk profile"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", help="profile name")
    parser.add_argument("--database-url", help="store URL (default: DASHBOARD_DATABASE_URL or the SQLite file)")


def run(args: argparse.Namespace, config: Config) -> int:
    # imported on run: the parser imports every command module (see dashboard/commands/__init__.py)
    from dashboard.usercli import engine_for
    from services.kiosk import delete_profile

    engine = engine_for(config, args.database_url)
    removed = delete_profile(engine, args.name)
    engine.dispose()
    if not removed:
        print(f"no kiosk profile {args.name!r}", file=sys.stderr)
        return 1
    print(f"kiosk profile {args.name!r} removed")
    return 0
