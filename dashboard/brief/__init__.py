"""The executive brief of a region: content from the store (`content`), as a one-page PDF (`pdf`, the map
drawn by `chart` through kaleido) and as XLSX tables (`xlsx`). Used by `python -m dashboard brief` and by the
download buttons on / and /prioritas. No Dash here.
"""
from __future__ import annotations

from dashboard.access import PUBLIC, Access
from dashboard.brief.content import Brief, Selection, build_brief
from dashboard.context import AppContext
from data.errors import NoDataError


def parent_name(ctx: AppContext, brief: Brief) -> str | None:
    from dashboard import queries  # noqa: PLC0415

    code = brief.map.parent if brief.map else brief.region.get("parent_code")
    if brief.region["level"] == "province":
        return brief.region["name"]
    try:
        return queries.region(ctx.engine, code)["name"] if code and code != "ID" else None
    except NoDataError:
        return None


def pdf_bytes(ctx: AppContext, code: str, lang: str = "id", access: Access = PUBLIC,
              draw_map: bool = True, selection: Selection | None = None) -> bytes:
    """The brief of region `code` as PDF; NoDataError for an unknown region."""
    from dashboard.brief.chart import map_png  # noqa: PLC0415
    from dashboard.brief.pdf import render_pdf  # noqa: PLC0415

    brief = build_brief(ctx, code, access, selection=selection)
    png = map_png(brief.map, lang) if draw_map else None
    return render_pdf(brief, lang, png, parent_name(ctx, brief))


def xlsx_bytes(ctx: AppContext, code: str, lang: str = "id", access: Access = PUBLIC,
               selection: Selection | None = None) -> bytes:
    from dashboard.brief.xlsx import render_xlsx  # noqa: PLC0415

    return render_xlsx(build_brief(ctx, code, access, selection=selection), lang)


__all__ = ["Brief", "Selection", "build_brief", "parent_name", "pdf_bytes", "xlsx_bytes"]
