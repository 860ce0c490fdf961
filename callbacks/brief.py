"""Executive-brief downloads on the overview (/) and priorities (/prioritas) pages, for the caller's access.

The overview's brief is of the region shown; the priorities page's is of the chosen parent region.
"""
from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, dcc
from dash.exceptions import PreventUpdate

from callbacks.shell import lang_of
from layouts.brief import ids
from layouts.brief.chart import map_png, village_png
from layouts.brief.pdf import render_pdf
from layouts.brief.xlsx import render_xlsx
from layouts.prioritas import ids as prioritas_ids
from layouts.ringkasan import ids as ringkasan_ids
from layouts.shell import ids as shell_ids
from models.brief import Selection
from services import village_priorities
from services.access import PUBLIC, Access
from services.auth import current_access
from services.brief import build_brief, map_shapes, parent_name, village_shapes
from services.context import AppContext
from services.errors import NoDataError

#: page -> the component and property holding the brief's region
REGION_OF = {"ringkasan": (ringkasan_ids.CURRENT, "data"), "prioritas": (prioritas_ids.PARENT, "value")}


def pdf_bytes(ctx: AppContext, code: str, lang: str = "id", access: Access = PUBLIC,
              draw_map: bool = True, selection: Selection | None = None) -> bytes:
    """The brief of region `code` as PDF; NoDataError for an unknown region."""
    brief = build_brief(ctx, code, access, selection=selection)
    png = map_png(brief.map, map_shapes(brief.map), lang) if draw_map else None
    villages = village_png(brief.villages, village_shapes(brief), lang) if draw_map else None
    return render_pdf(brief, lang, png, parent_name(ctx, brief), villages)


def xlsx_bytes(ctx: AppContext, code: str, lang: str = "id", access: Access = PUBLIC,
               selection: Selection | None = None) -> bytes:
    return render_xlsx(build_brief(ctx, code, access, selection=selection), lang)


def selection_of(indicators, weights, weight_ids) -> Selection:
    """The /prioritas page's indicator and weight controls as the brief's priority basis."""
    chosen = {w["index"]: v for w, v in zip(weight_ids or [], weights or [], strict=False) if v is not None}
    return Selection.of(indicators, chosen)


def brief_basis(parent: str | None, indicators, weights, weight_ids) -> tuple[str | None, Selection | None]:
    """The region and priority basis of /prioritas' brief: the chosen parent on the page's indicators and weights;
    for a kab/kota's own matrix (its kecamatan or desa on the IDM dimensions), the kab/kota on the default basis."""
    local = village_priorities.split_parent(parent or "")
    if local:
        return local[0], None
    return parent, selection_of(indicators, weights, weight_ids)


def brief_file(ctx: AppContext, code: str | None, selection: Selection | None = None, *, kind: str,
               search: str | None) -> dict:
    """The dcc.Download payload of the brief of `code` (kind `pdf` or `xlsx`) for the current caller; the
    priorities are ranked on `selection` (the defaults when None)."""
    if not code:
        raise PreventUpdate
    lang = lang_of(search, ctx.config.default_lang)
    access = current_access()
    try:
        if kind == "pdf":
            return dcc.send_bytes(pdf_bytes(ctx, code, lang, access, selection=selection), f"ringkasan-{code}.pdf",
                                  type="application/pdf")
        return dcc.send_bytes(xlsx_bytes(ctx, code, lang, access, selection=selection), f"ringkasan-{code}.xlsx",
                              type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    except NoDataError:
        raise PreventUpdate from None


def register(app: Dash, ctx: AppContext) -> None:
    for page, (component, prop) in REGION_OF.items():
        for kind, button, target in (("pdf", ids.PDF_BUTTON, ids.PDF), ("xlsx", ids.XLSX_BUTTON, ids.XLSX)):
            _register_one(app, ctx, page, kind, button, target, component, prop)


def _register_one(app: Dash, ctx: AppContext, page: str, kind: str, button: str, target: str, component: str,
                  prop: str) -> None:
    if page == "prioritas":  # the brief ranks on what the page shows: its indicators and weight sliders
        @app.callback(Output(ids.of(target, page), "data"), Input(ids.of(button, page), "n_clicks"),
                      State(component, prop), State(shell_ids.URL, "search"),
                      State(prioritas_ids.INDICATORS, "value"),
                      State({"type": prioritas_ids.WEIGHT, "index": ALL}, "value"),
                      State({"type": prioritas_ids.WEIGHT, "index": ALL}, "id"), prevent_initial_call=True)
        def download_chosen(n_clicks, code, search, indicators, weights, weight_ids):
            if not n_clicks:
                raise PreventUpdate
            return brief_file(ctx, *brief_basis(code, indicators, weights, weight_ids), kind=kind, search=search)
        return

    @app.callback(Output(ids.of(target, page), "data"), Input(ids.of(button, page), "n_clicks"),
                  State(component, prop), State(shell_ids.URL, "search"), prevent_initial_call=True)
    def download(n_clicks, code, search):
        if not n_clicks:
            raise PreventUpdate
        return brief_file(ctx, code, kind=kind, search=search)
