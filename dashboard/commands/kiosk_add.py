"""`python -m dashboard kiosk add NAME ...`: create or replace a named kiosk profile (`/kiosk?profil=NAME`)."""
from __future__ import annotations

import argparse
import sys

from services.config import Config

NAME = "kiosk add"
HELP = "create or replace a kiosk profile: region, indicator, panels and timing of one wall screen"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", help="profile name: lower-case letters, digits, hyphens (e.g. lobi-bappeda)")
    parser.add_argument("--title", help="title shown on the screen (default: the region's name)")
    parser.add_argument("--wilayah", dest="region", default="ID", help="Kemendagri region code, or ID for Indonesia")
    parser.add_argument("--indikator", dest="indicator", help="indicator code of the map, movers and target panels")
    parser.add_argument("--panel", default="peta,ringkasan,penggerak,target",
                        help="panels in order, comma-separated: peta, ringkasan, penggerak, target")
    parser.add_argument("--interval", type=int, default=20, help="seconds per panel (2-3600)")
    parser.add_argument("--refresh", type=int, default=60, help="seconds between data refreshes (2-3600)")
    parser.add_argument("--lang", default="id", choices=["id", "en"], help="screen language")
    parser.add_argument("--user", default="cli", help="who creates it (kept with the profile)")
    parser.add_argument("--database-url", help="store URL (default: DASHBOARD_DATABASE_URL or the SQLite file)")


def run(args: argparse.Namespace, config: Config) -> int:
    # imported on run: the parser imports every command module (see dashboard/commands/__init__.py)
    from dashboard.usercli import engine_for
    from data.errors import ValidationError
    from services.kiosk import save_profile

    engine = engine_for(config, args.database_url)
    values = {"name": args.name, "title": args.title, "wilayah": args.region, "indikator": args.indicator,
              "panels": args.panel, "interval_s": args.interval, "refresh_s": args.refresh, "lang": args.lang}
    try:
        profile = save_profile(engine, values, user=args.user)
    except ValidationError as exc:
        for problem in exc.problems:
            print(f"{problem.text('id')} / {problem.text('en')}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(f"kiosk profile saved: /kiosk?profil={profile['name']} ({profile['wilayah']}, {profile['panels']}, "
          f"{profile['interval_s']} s per panel, refresh {profile['refresh_s']} s)")
    return 0
