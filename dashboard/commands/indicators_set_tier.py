"""`python -m dashboard indicators set-tier CODE publik|internal|dikecualikan`: who may read an indicator."""
from __future__ import annotations

import argparse

from dashboard.usercli import CommandError, engine_for, reported
from data.errors import NoDataError
from data.schema import TIERS
from services import metadata
from services.config import Config

NAME = "indicators set-tier"
HELP = "set an indicator's access tier (publik, internal, dikecualikan)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code")
    parser.add_argument("tier", choices=TIERS)


@reported
def run(args: argparse.Namespace, config: Config) -> int:
    try:
        old = metadata.set_tier(engine_for(config), args.code, args.tier, actor="cli")
    except NoDataError as exc:
        raise CommandError(str(exc)) from exc
    print(f"{args.code}: {old} -> {args.tier}")
    return 0
