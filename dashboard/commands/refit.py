"""`python -m dashboard refit`: recompute the stored forecast of every series whose input changed."""
from __future__ import annotations

import argparse
import os
import time

from services.config import Config

NAME = "refit"
HELP = "recompute stored forecasts (every indicator x region series; unchanged series are skipped)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", help="store URL (default: DASHBOARD_DATABASE_URL or the SQLite file)")
    parser.add_argument("--force", action="store_true", help="refit every series, changed or not")
    parser.add_argument("--processes", type=int, default=min(2, os.cpu_count() or 1),
                        help="worker processes for many series (default: 2 or the number of cores)")
    parser.add_argument("--indicator", help="only this indicator's series")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace, config: Config) -> int:
    # imported on run: the parser imports every command module (see dashboard/commands/__init__.py)
    from dashboard.usercli import engine_for
    from services.forecasts import refit_indicator, refit_series

    engine = engine_for(config, args.database_url)
    started = time.perf_counter()
    if args.indicator:
        report = refit_indicator(engine, args.indicator, processes=args.processes, force=args.force,
                                 progress=not args.quiet)
    else:
        report = refit_series(engine, None, processes=args.processes, force=args.force, progress=not args.quiet)
    elapsed = time.perf_counter() - started
    models = ", ".join(f"{k}={v}" for k, v in sorted(report.models.items())) or "-"
    print(f"refit: {report.fitted} series fitted ({report.refused} without a forecast), {report.unchanged} "
          f"unchanged, {report.removed} removed, in {elapsed:.1f} s; chosen models: {models}")
    engine.dispose()
    return 0
