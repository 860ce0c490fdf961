"""`python -m dashboard users enable NAME`: enable a user's sign-in (a disabled user's session ends at once)."""
from __future__ import annotations

import argparse

from dashboard.usercli import change_user, reported
from services.config import Config

NAME = "users enable"
HELP = "enable a user's sign-in"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name")


@reported
def run(args: argparse.Namespace, config: Config) -> int:
    return change_user(config, args.name, active=True)
