"""`python -m dashboard users add NAME --role ROLE [--agency ..] [--region CODE]`; password from stdin."""
from __future__ import annotations

import argparse

from dashboard.usercli import ROLE_CHOICES, engine_for, read_password, reported
from services import audit, users
from services.config import Config

NAME = "users add"
HELP = "add a user who signs in; the password is read from standard input"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name")
    parser.add_argument("--role", required=True, choices=ROLE_CHOICES)
    parser.add_argument("--agency", help="the data producer (OPD) a produsen uploads for, as in the indicator metadata")
    parser.add_argument("--region", help="limit to one province or kab/kota (Kemendagri code, e.g. 32 or 32.73)")
    parser.add_argument("--sso-only", action="store_true", help="no password: single sign-on only")


@reported
def run(args: argparse.Namespace, config: Config) -> int:
    engine = engine_for(config)
    password = None if args.sso_only else read_password()
    account = users.add_user(engine, args.name, password, args.role, args.agency, args.region)
    audit.record(engine, "user_add", actor="cli", target=account.username,
                 detail={"role": account.role, "agency": account.agency, "region": account.region_scope})
    print(f"added {account.username} ({account.role})")
    return 0
