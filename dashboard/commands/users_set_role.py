"""`python -m dashboard users set-role NAME ROLE [--region CODE] [--agency ..]`."""
from __future__ import annotations

import argparse

from dashboard.usercli import ROLE_CHOICES, change_user, reported
from services.config import Config

NAME = "users set-role"
HELP = "change a user's role (and region scope or agency)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name")
    parser.add_argument("role", choices=ROLE_CHOICES)
    parser.add_argument("--region", help="new region scope; an empty string for every region")
    parser.add_argument("--agency", help="new agency; an empty string clears it")


@reported
def run(args: argparse.Namespace, config: Config) -> int:
    return change_user(config, args.name, role=args.role, region_scope=args.region, agency=args.agency)
