"""`python -m dashboard ckan-import PORTAL DATASET [--resource R] [--indicator ...] [--dry-run]`: load a CSV/XLSX
resource of a CKAN dataset through the same import path as a file (preview, then one batch)."""
from __future__ import annotations

import argparse

from dashboard.commands._import_options import add_arguments, options_from, run_on_store
from services.config import Config

NAME = "ckan-import"
HELP = "import a CSV/XLSX resource of a CKAN dataset (package_show + download) through the import path"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("portal", help="CKAN portal address, e.g. https://data.jabarprov.go.id")
    parser.add_argument("dataset", help="dataset id or name")
    parser.add_argument("--resource", help="resource id or name (default: the dataset's only CSV/XLSX resource)")
    add_arguments(parser)


def run(args: argparse.Namespace, config: Config) -> int:
    # imported on run: the parser imports every command module (see dashboard/commands/__init__.py)
    from data.ckan import fetch
    from data.ingest.files import FileRefused
    from services.importing import print_problems

    options = options_from(args, config)
    try:
        got = fetch(args.portal, args.dataset, args.resource, max_bytes=options.max_bytes)
    except FileRefused as refused:
        print_problems(print, refused.problems)
        return 1
    print(f"CKAN: {got.dataset} / {got.resource_id} ({got.url})")
    return run_on_store(args, config, got.content, got.file_name, options, kind="ckan",
                        note=f"CKAN {args.portal} dataset {got.dataset} resource {got.resource_id}")
