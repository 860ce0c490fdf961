"""Upload page: preview a dropped file through the import path, then commit it. Thin callbacks over plain functions.

The file stays in the browser (dcc.Upload `contents`) between preview and commit, so any app server can answer
either request; the commit re-validates everything inside its own transaction.
"""
from __future__ import annotations

from dash import Dash, Input, Output, State
from dash.exceptions import PreventUpdate
from flask import has_request_context, request

from i18n import fmt_number, normalise_lang, t
from layouts import unggah
from layouts.common import error_block
from layouts.unggah import ids
from services import queries, uploads
from services.auth import current_access
from services.context import AppContext
from services.errors import FileRefused, Problem, StoreError, ValidationError
from services.importing import import_options
from services.options import indicator_options


def problem_rows(problems: list[Problem], lang: str) -> list[dict]:
    """One row per problem, its reason in the page's language only."""
    return [{"row": p.row if p.row is not None else "–", "column": p.column or "–",
             "reason": p.reason_id if lang == "id" else p.reason_en} for p in problems]


def change_rows(prepared: uploads.Prepared, names: dict[str, str], decimals: dict[str, int], lang: str) -> list[dict]:
    if prepared.diff is None:
        return []
    rows = prepared.diff.rows
    shown = rows[rows["change"].isin(["new", "changed"])]
    out = []
    for r in shown.itertuples(index=False):
        d = decimals.get(r.indicator_code, 2)
        out.append({"indicator": r.indicator_code, "region": r.region_code, "name": names.get(r.region_code, ""),
                    "period": r.period, "change": t(f"unggah.{r.change}", lang),
                    "old": "–" if r.change == "new" else fmt_number(r.old_value, d, lang),
                    "new": fmt_number(r.value, d, lang)})
    return out


def options_from(ctx: AppContext, indicator: str | None, period: str | None, system: str | None):
    return import_options(ctx.config, indicator=indicator or None, period=(period or "").strip() or None,
                          code_system=system or "auto")


def preview_for(ctx: AppContext, contents: str, file_name: str, options: uploads.ImportOptions, lang: str,
                access) -> tuple[object, bool]:
    """The preview component and whether the file may be committed."""
    try:
        content = uploads.decode_upload(contents, options.max_bytes)
        prepared = uploads.preview_upload(ctx.engine, content, file_name, options, access)
    except FileRefused as refused:
        return unggah.refused(problem_rows(refused.problems, lang), lang), False
    except ValidationError as refused:
        return unggah.refused(problem_rows(refused.problems, lang), lang), False

    regions = queries.regions(ctx.engine)
    names = dict(zip(regions["code"], regions["name"], strict=True))
    meta = queries.indicators(ctx.engine, access)
    decimals = dict(zip(meta["code"], meta["decimals"].astype(int), strict=True))
    counts = prepared.counts()
    skipped = [{"row": s.row, "column": s.column, "marker": s.marker} for s in prepared.skipped]
    view = unggah.preview(file_name, counts, [n.text(lang) for n in prepared.notes], problem_rows(prepared.problems, lang),
                          change_rows(prepared, names, decimals, lang), skipped, lang)
    return view, prepared.ok and counts["new"] + counts["changed"] > 0


def commit_for(ctx: AppContext, contents: str, file_name: str, options: uploads.ImportOptions, lang: str, access):
    try:
        content = uploads.decode_upload(contents, options.max_bytes)
        done = uploads.commit_upload(ctx.engine, content, file_name, options, access,
                                     ip=request.remote_addr if has_request_context() else None)
    except (FileRefused, ValidationError) as refused:
        return unggah.refused(problem_rows(refused.problems, lang), lang)
    return unggah.committed(done.batch_id, done.counts(), lang, submitted=not access.can("approve"))


def page(ctx: AppContext):
    def layout(lang: str | None = None, **_query):
        lang = normalise_lang(lang or ctx.config.default_lang)
        try:
            options = indicator_options(ctx, lang, current_access())
        except StoreError:
            return error_block(lang)
        return unggah.layout(options, lang, ctx.config.max_upload_mb, submits=not current_access().can("approve"))

    return layout


def register(app: Dash, ctx: AppContext) -> None:
    @app.callback(Output(ids.PREVIEW, "children"), Output(ids.COMMIT, "disabled"), Output(ids.RESULT, "children"),
                  Input(ids.UPLOAD, "contents"), Input(ids.INDICATOR, "value"), Input(ids.PERIOD, "value"),
                  Input(ids.CODE_SYSTEM, "value"), State(ids.UPLOAD, "filename"), State(ids.LANG, "data"),
                  prevent_initial_call=True)
    def show_preview(contents, indicator, period, system, file_name, lang):
        if not contents:
            raise PreventUpdate
        lang = normalise_lang(lang)
        try:
            view, ok = preview_for(ctx, contents, file_name or "unggahan.csv", options_from(ctx, indicator, period,
                                                                                             system), lang,
                                   current_access())
        except StoreError:
            return error_block(lang), True, None
        return view, not ok, None

    @app.callback(Output(ids.RESULT, "children", allow_duplicate=True),
                  Output(ids.COMMIT, "disabled", allow_duplicate=True),
                  Input(ids.COMMIT, "n_clicks"), State(ids.UPLOAD, "contents"), State(ids.UPLOAD, "filename"),
                  State(ids.INDICATOR, "value"), State(ids.PERIOD, "value"), State(ids.CODE_SYSTEM, "value"),
                  State(ids.LANG, "data"), prevent_initial_call=True)
    def commit(n_clicks, contents, file_name, indicator, period, system, lang):
        if not n_clicks or not contents:
            raise PreventUpdate
        lang = normalise_lang(lang)
        try:
            result = commit_for(ctx, contents, file_name or "unggahan.csv",
                                options_from(ctx, indicator, period, system), lang, current_access())
        except StoreError:
            return error_block(lang), True
        return result, True
