"""`python -m dashboard brief --wilayah CODE --out FILE.pdf`: the one-page executive brief of a region."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from services.config import Config

NAME = "brief"
HELP = "write the one-page executive brief of a region as PDF (and optionally XLSX tables)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wilayah", dest="region", required=True,
                        help="Kemendagri region code: ID, a province (32), a kab/kota (3273)")
    parser.add_argument("--out", required=True, type=Path, help="PDF file to write")
    parser.add_argument("--xlsx", type=Path, help="also write the same content as XLSX tables to this file")
    parser.add_argument("--lang", choices=("id", "en"), default=None, help="language (default: DASHBOARD_LANG)")
    parser.add_argument("--no-map", action="store_true", help="leave the map picture out (no Chromium needed)")
    parser.add_argument("--database-url", help="store URL (default: DASHBOARD_DATABASE_URL or the SQLite file)")


def run(args: argparse.Namespace, config: Config) -> int:
    """The public's brief (tier `publik` only): a command line has no signed-in user."""
    # imported on run: the parser imports every command module (see dashboard/commands/__init__.py)
    from dashboard.usercli import engine_for
    from i18n import normalise_lang, t
    from layouts.brief.chart import map_png, village_png
    from layouts.brief.pdf import render_pdf
    from layouts.brief.xlsx import render_xlsx
    from services.access import PUBLIC
    from services.brief import build_brief, map_shapes, parent_name, village_shapes
    from services.context import AppContext
    from services.errors import NoDataError
    from services.options import lift_below

    lang = normalise_lang(args.lang or config.default_lang)
    code = args.region.strip().upper() if args.region.strip().upper() == "ID" else args.region.strip().replace(".", "")
    engine = engine_for(config, args.database_url, fit_missing=True)
    try:
        ctx = AppContext(engine=engine, config=config, cache=None)
        lifted = lift_below(engine, code, lang)
        if lifted.region:  # a kecamatan or desa: the brief of its kab/kota, said so
            print(" / ".join(str(lift_below(engine, code, lg).notice) for lg in ("id", "en")), file=sys.stderr)
            code = lifted.region
        try:
            brief = build_brief(ctx, code, PUBLIC)
        except NoDataError:
            print(t("brief.unknown_region", "id", code=code) + " / " + t("brief.unknown_region", "en", code=code),
                  file=sys.stderr)
            return 1
        png = None if args.no_map else map_png(brief.map, map_shapes(brief.map), lang)
        if png is None and not args.no_map and brief.map is not None:
            print(t("brief.map.missing", lang), file=sys.stderr)
        villages = None if args.no_map else village_png(brief.villages, village_shapes(brief), lang)
        args.out.write_bytes(render_pdf(brief, lang, png, parent_name(ctx, brief), villages))
        print(f"brief: {args.out}")
        if args.xlsx:
            args.xlsx.write_bytes(render_xlsx(brief, lang))
            print(f"brief: {args.xlsx}")
        return 0
    finally:
        engine.dispose()
