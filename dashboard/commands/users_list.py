"""`python -m dashboard users list`: name, role, agency, region scope, state (tab-separated)."""
from __future__ import annotations

import argparse

from dashboard.usercli import engine_for, reported
from services import users
from services.config import Config

NAME = "users list"
HELP = "list the users"


def configure(parser: argparse.ArgumentParser) -> None:
    pass


@reported
def run(args: argparse.Namespace, config: Config) -> int:
    for u in users.list_users(engine_for(config)):
        print("\t".join([u.username, u.role, u.agency or "-", u.region_scope or "-",
                         "active" if u.active else "disabled"]))
    return 0
