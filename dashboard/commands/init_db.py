"""`python -m dashboard init-db`: create the schema (all Alembic heads) and load the bundled seed, then the villages
(unless DASHBOARD_VILLAGES is off); idempotent."""
from __future__ import annotations

import argparse
import os

from services.config import Config

NAME = "init-db"
HELP = "create the schema, load the bundled seed data and fit its forecasts (running it twice changes nothing)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", help="store URL (default: DASHBOARD_DATABASE_URL or the SQLite file)")


def run(args: argparse.Namespace, config: Config) -> int:
    # imported on run: the parser imports every command module (see dashboard/commands/__init__.py)
    from data.seed import load_seed
    from data.store import open_engine
    from data.villages import load_villages
    from services.forecasts import refit_series

    engine = open_engine(args.database_url or config.database_url)
    report = load_seed(engine)
    if report.skipped:
        print(f"store already initialised ({engine.url.render_as_string(hide_password=True)}); nothing changed")
    else:
        counts = ", ".join(f"{k}={v}" for k, v in report.loaded.items())
        print(f"store initialised: {counts}")
        for indicator, code, period in report.untranslated:
            print(f"  not translated (left out): {indicator} BPS {code} {period}")
        refit = refit_series(engine, None, processes=min(2, os.cpu_count() or 1), progress=True)
        print(f"forecasts stored: {refit.fitted} series ({refit.refused} without a forecast)")
    if config.villages:
        villages = load_villages(engine)
        if not villages.skipped:
            print(f"villages loaded in {villages.seconds:.1f} s: regions {villages.regions}, values "
                  f"{villages.observations}; {len(villages.unmatched)} IDM codes without a 2025 code left out")
    engine.dispose()
    return 0
