"""`python -m dashboard ckan-export --base-url URL [--out FILE]`: CKAN package JSON for every publik indicator."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from services.config import Config

NAME = "ckan-export"
HELP = "write CKAN-ready dataset metadata (package JSON, DCAT-style extras) of every publik indicator"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", default="http://127.0.0.1:8050",
                        help="public address of this dashboard (resource URLs point at its API)")
    parser.add_argument("--out", type=Path, help="file to write (default: print)")
    parser.add_argument("--database-url", help="store URL (default: DASHBOARD_DATABASE_URL or the SQLite file)")


def run(args: argparse.Namespace, config: Config) -> int:
    # imported on run: the parser imports every command module (see dashboard/commands/__init__.py)
    from dashboard.usercli import engine_for
    from services.ckan_export import packages

    engine = engine_for(config, args.database_url)
    try:
        text = json.dumps(packages(engine, args.base_url), ensure_ascii=False, indent=2)
    finally:
        engine.dispose()
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
        print(f"{args.out}: {len(json.loads(text))} paket / packages")
    else:
        print(text)
    return 0
