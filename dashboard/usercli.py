"""Shared pieces of the `users ...` and `indicators set-tier` commands (dashboard/commands/users_*.py)."""
from __future__ import annotations

import getpass
import sys

from services import audit, users
from services.access import ROLES
from services.config import Config

ROLE_CHOICES = [r for r in ROLES if r != "publik"]


class CommandError(Exception):
    """A request that cannot be carried out; `run` prints it and exits with status 2, never a traceback."""


def engine_for(config: Config, url: str | None = None, *, fit_missing: bool = False):
    """The store of `config` (or `url`), ready as the app would leave it: commands may run on a fresh checkout
    before the app ever started, so with auto-seed on (the default) an empty store gets the bundled seed and its
    forecasts, exactly once (`data.seed.load_seed` holds the store lock); otherwise it is only migrated.
    `fit_missing`: a command that reads forecasts (brief) also fits them when the store has values but none."""
    # imported on run: command modules import this one while the parser is built (dashboard/commands/__init__.py)
    from data.seed import load_seed
    from data.store import migrate, open_engine
    from services.forecasts import fit_every_series, forecasts_missing

    engine = open_engine(url or config.database_url)
    engine.update_execution_options(write_wait=config.write_wait)
    if not config.auto_seed:
        migrate(engine)
    elif not load_seed(engine).skipped or (fit_missing and forecasts_missing(engine)):
        fit_every_series(engine)
    return engine


def read_password(prompt: str = "Password: ") -> str:
    """From a terminal: asked twice without echo; from a pipe: the first line of standard input."""
    if sys.stdin.isatty():
        first, second = getpass.getpass(prompt), getpass.getpass("Again: ")
        if first != second:
            raise CommandError("the passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def reported(fn):
    """Run a command body; a CommandError or UserError becomes `error: ...` on stderr and exit status 2."""

    def run(args, config: Config) -> int:
        try:
            return int(fn(args, config) or 0)
        except (CommandError, users.UserError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2

    return run


def change_user(config: Config, name: str, **values) -> int:
    engine = engine_for(config)
    before = users.get_user(engine, name)
    after = users.update_user(engine, name, **values)
    detail = ({"password": "changed"} if "password" in values else
              {k: [getattr(before, k), getattr(after, k)] for k, v in values.items() if v is not None})
    audit.record(engine, "user_change", actor="cli", target=name, detail=detail)
    print(f"updated {after.username} ({after.role}{', disabled' if not after.active else ''})")
    return 0
