"""`python -m dashboard users password NAME`: set a password, read from standard input."""
from __future__ import annotations

import argparse

from dashboard.usercli import change_user, read_password, reported
from services.config import Config

NAME = "users password"
HELP = "set a user's password (read from standard input)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name")


@reported
def run(args: argparse.Namespace, config: Config) -> int:
    return change_user(config, args.name, password=read_password())
