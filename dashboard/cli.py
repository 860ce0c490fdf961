"""The command line: builds argparse subcommands from the modules in dashboard/commands/.

Names with a space form groups: a module with NAME = "users add" becomes `python -m dashboard users add`.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

from dashboard import commands
from data.errors import StoreError
from i18n import display_timezone
from services.config import Config, ConfigError


def command_modules() -> list[ModuleType]:
    found = [importlib.import_module(f"{commands.__name__}.{m.name}") for m in pkgutil.iter_modules(commands.__path__)]
    return sorted((m for m in found if hasattr(m, "NAME")), key=lambda m: m.NAME)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Dasbor Satu Data command line")
    top = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    groups: dict[str, argparse._SubParsersAction] = {}
    for module in command_modules():
        words = module.NAME.split()
        sub = top
        for depth, word in enumerate(words[:-1]):
            key = " ".join(words[: depth + 1])
            if key not in groups:
                group = sub.add_parser(word, help=f"{word} commands")
                groups[key] = group.add_subparsers(dest=f"sub_{depth}", required=True, metavar="SUBCOMMAND")
            sub = groups[key]
        leaf = sub.add_parser(words[-1], help=module.HELP, description=module.HELP)
        module.configure(leaf)
        leaf.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        config = Config.from_env()
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    try:
        with display_timezone(config.timezone):  # times the command prints, in the configured zone
            return int(args._module.run(args, config) or 0)
    except StoreError as exc:
        print(f"store error: {exc}", file=sys.stderr)
        return 2
