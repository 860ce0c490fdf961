"""`python -m dashboard brief --wilayah CODE --out FILE.pdf`: the one-page executive brief of a region."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.config import Config

NAME = "brief"
HELP = "write the one-page executive brief of a region as PDF (and optionally XLSX tables)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wilayah", required=True, help="Kemendagri region code: ID, a province (32), a kab/kota (3273)")
    parser.add_argument("--out", required=True, type=Path, help="PDF file to write")
    parser.add_argument("--xlsx", type=Path, help="also write the same content as XLSX tables to this file")
    parser.add_argument("--lang", choices=("id", "en"), default=None, help="language (default: DASHBOARD_LANG)")
    parser.add_argument("--no-map", action="store_true", help="leave the map picture out (no Chromium needed)")
    parser.add_argument("--database-url", help="store URL (default: DASHBOARD_DATABASE_URL or the SQLite file)")


def run(args: argparse.Namespace, config: Config) -> int:
    """The public's brief (tier `publik` only): a command line has no signed-in user."""
    from dashboard.access import PUBLIC  # noqa: PLC0415
    from dashboard.brief import build_brief, parent_name  # noqa: PLC0415
    from dashboard.brief.chart import map_png  # noqa: PLC0415
    from dashboard.brief.pdf import render_pdf  # noqa: PLC0415
    from dashboard.brief.xlsx import render_xlsx  # noqa: PLC0415
    from dashboard.context import AppContext  # noqa: PLC0415
    from dashboard.i18n import normalise_lang, t  # noqa: PLC0415
    from dashboard.usercli import engine_for  # noqa: PLC0415
    from data.errors import NoDataError  # noqa: PLC0415

    lang = normalise_lang(args.lang or config.default_lang)
    code = args.wilayah.strip().upper() if args.wilayah.strip().upper() == "ID" else args.wilayah.strip().replace(".", "")
    engine = engine_for(config, args.database_url, fit_missing=True)
    try:
        ctx = AppContext(engine=engine, config=config, cache=None)
        try:
            brief = build_brief(ctx, code, PUBLIC)
        except NoDataError:
            print(t("brief.unknown_region", "id", code=code) + " / " + t("brief.unknown_region", "en", code=code),
                  file=sys.stderr)
            return 1
        png = None if args.no_map else map_png(brief.map, lang)
        if png is None and not args.no_map and brief.map is not None:
            print(t("brief.map.missing", lang), file=sys.stderr)
        args.out.write_bytes(render_pdf(brief, lang, png, parent_name(ctx, brief)))
        print(f"brief: {args.out}")
        if args.xlsx:
            args.xlsx.write_bytes(render_xlsx(brief, lang))
            print(f"brief: {args.xlsx}")
        return 0
    finally:
        engine.dispose()
