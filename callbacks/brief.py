"""Executive-brief downloads on the overview (/) and priorities (/prioritas) pages, for the caller's access.

The overview's brief is of the region shown; the priorities page's is of the chosen parent region.
"""
from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, dcc
from dash.exceptions import PreventUpdate

from callbacks.shell import lang_of
from dashboard import brief
from dashboard.auth import current_access
from dashboard.context import AppContext
from data.errors import NoDataError
from layouts.brief import ids
from layouts.prioritas import ids as prioritas_ids
from layouts.ringkasan import ids as ringkasan_ids
from layouts.shell import ids as shell_ids

#: page -> the component and property holding the brief's region
REGION_OF = {"ringkasan": (ringkasan_ids.CURRENT, "data"), "prioritas": (prioritas_ids.PARENT, "value")}


def selection_of(indicators, weights, weight_ids) -> brief.Selection:
    """The /prioritas page's indicator and weight controls as the brief's priority basis."""
    chosen = {w["index"]: v for w, v in zip(weight_ids or [], weights or [], strict=False) if v is not None}
    return brief.Selection.of(indicators, chosen)


def brief_file(ctx: AppContext, code: str | None, kind: str, search: str | None,
               selection: brief.Selection | None = None) -> dict:
    """The dcc.Download payload of the brief of `code` (kind `pdf` or `xlsx`) for the current caller; the
    priorities are ranked on `selection` (the defaults when None)."""
    if not code:
        raise PreventUpdate
    lang = lang_of(search, ctx.config.default_lang)
    access = current_access()
    try:
        if kind == "pdf":
            return dcc.send_bytes(brief.pdf_bytes(ctx, code, lang, access, selection=selection), f"ringkasan-{code}.pdf",
                                  type="application/pdf")
        return dcc.send_bytes(brief.xlsx_bytes(ctx, code, lang, access, selection=selection), f"ringkasan-{code}.xlsx",
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
            return brief_file(ctx, code, kind, search, selection_of(indicators, weights, weight_ids))
        return

    @app.callback(Output(ids.of(target, page), "data"), Input(ids.of(button, page), "n_clicks"),
                  State(component, prop), State(shell_ids.URL, "search"), prevent_initial_call=True)
    def download(n_clicks, code, search):
        if not n_clicks:
            raise PreventUpdate
        return brief_file(ctx, code, kind, search)
