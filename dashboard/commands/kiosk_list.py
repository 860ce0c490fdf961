"""`python -m dashboard kiosk list`: the stored kiosk profiles."""
from __future__ import annotations

import argparse

from services.config import Config

NAME = "kiosk list"
HELP = "list the kiosk profiles"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", help="store URL (default: DASHBOARD_DATABASE_URL or the SQLite file)")


def run(args: argparse.Namespace, config: Config) -> int:
    # imported on run: the parser imports every command module (see dashboard/commands/__init__.py)
    from dashboard.usercli import engine_for
    from services.kiosk import list_profiles

    engine = engine_for(config, args.database_url)
    frame = list_profiles(engine)
    engine.dispose()
    if frame.empty:
        print("no kiosk profiles")
        return 0
    for p in frame.to_dict("records"):
        print(f"{p['name']}\t/kiosk?profil={p['name']}\t{p['wilayah']}\t{p['indikator'] or '-'}\t{p['panels']}\t"
              f"{p['interval_s']}s/{p['refresh_s']}s\t{p['lang']}\t{p['title'] or ''}")
    return 0
