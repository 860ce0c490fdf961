"""`python -m dashboard import FILE --indicator CODE [--period P] [--code-system ...] [--dry-run]`.

Prints the preview and either the committed batch id or every problem; exit 0 only when committed (or, with
--dry-run, when the file is valid).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from dashboard.commands._import_options import add_arguments, options_from, run_on_store
from services.config import Config

NAME = "import"
HELP = "validate a CSV/XLSX file (tidy or a BPS table as published), preview it and commit it as one batch"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="CSV or XLSX file")
    add_arguments(parser)


def run(args: argparse.Namespace, config: Config) -> int:
    # imported on run: the parser imports every command module (see dashboard/commands/__init__.py)
    from data.ingest.files import FileRefused, read_limited, too_big
    from services.importing import print_problems

    options = options_from(args, config)
    try:
        if args.file.stat().st_size > options.max_bytes:  # refused before reading it
            raise too_big(options.max_bytes)
        with args.file.open("rb") as stream:
            content = read_limited(stream, options.max_bytes)
    except FileRefused as refused:
        print_problems(print, refused.problems)
        return 1
    except OSError as exc:
        print(f"Berkas tidak dapat dibaca / cannot read the file: {exc}")
        return 1
    return run_on_store(args, config, content, args.file.name, options)
