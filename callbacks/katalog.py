"""Catalogue page: builds the page from the store, shows an indicator's detail, serves its CSV."""
from __future__ import annotations

from dash import Dash, Input, Output, State, dcc
from dash.exceptions import PreventUpdate

from callbacks import katalog_batches
from i18n import fmt_date, fmt_number, fmt_period, normalise_lang, t
from layouts import feedback as feedback_view
from layouts import katalog
from layouts.common import error_block, notice
from layouts.katalog import ids
from services import metadata, queries
from services.access import PUBLIC, Access
from services.audit import record_export
from services.auth import client_ip, current_access
from services.context import AppContext
from services.errors import NoDataError, StoreError
from services.export import safe_csv
from services.options import THEMES


def grid_rows(ctx: AppContext, lang: str, access: Access = PUBLIC) -> list[dict]:
    """One formatted row per visible indicator."""
    meta = queries.indicators(ctx.engine, access)
    summary = queries.indicator_summary(ctx.engine, access).set_index("indicator_code")
    loaded = queries.last_loaded(ctx.engine, access)
    rows = []
    for m in meta.to_dict("records"):
        s = summary.loc[m["code"]] if m["code"] in summary.index else None
        rows.append({
            "code": m["code"],
            "theme_code": m["theme"],
            "sdg_target": m["sdg_target"] if isinstance(m["sdg_target"], str) else "",  # as stored (tag editor, filters)
            "sdg": katalog.sdg_label(m["sdg_target"] if isinstance(m["sdg_target"], str) else "", lang),
            "smartcity": m["smartcity_codes"] if isinstance(m.get("smartcity_codes"), str) else "",
            "flag": t("confidence." + m["confidence"], lang) if isinstance(m.get("confidence"), str) else "",
            "name": m["name_id"] if lang == "id" else m["name_en"],
            "theme": t("theme." + (m["theme"] or "economy"), lang),
            "unit": m["unit"] if lang == "id" else (m["unit_en"] or m["unit"]),
            "frequency": t("freq." + m["frequency"], lang),
            "producer": m["producer"],
            "tier": t("tier." + m["tier"], lang),
            "periods": period_range(s, lang),
            "values": fmt_number(int(s["values"]) if s is not None else 0, 0, lang),
            "loaded": fmt_date(loaded.get(m["code"]), lang, short=True),
        })
    return rows


def period_range(summary, lang: str) -> str:
    if summary is None:
        return t("common.no_data", lang)
    first = fmt_period(summary["first_period"], lang, short=True)
    last = fmt_period(summary["last_period"], lang, short=True)
    return first if first == last else f"{first} – {last}"


def availability_matrix(ctx: AppContext, code: str, access: Access = PUBLIC) -> tuple[list[dict], dict]:
    frame = queries.availability(ctx.engine, code, access)
    wide = frame.pivot_table(index="period", columns="level", values="regions", aggfunc="sum").fillna(0)
    matrix = [{"period": period, **{k: int(v) for k, v in row.items()}} for period, row in wide.iterrows()]
    return matrix, queries.level_counts(ctx.engine)


def detail_for(ctx: AppContext, code: str, lang: str, access: Access = PUBLIC):
    meta = queries.indicator(ctx.engine, code, access)
    matrix, totals = availability_matrix(ctx, code, access)
    latest = matrix[-1]["period"] if matrix else None
    return katalog.detail(meta, matrix, totals, lang, feedback_button=feedback_view.button(code, "ID", latest, lang))


def csv_for(ctx: AppContext, code: str, access: Access = PUBLIC) -> str:
    queries.indicator(ctx.engine, code, access)  # NoDataError when the caller may not see it
    return safe_csv(queries.observations(ctx.engine, code, access))


def split_codes(text: str | None) -> list[str]:
    """"1.2.1, 10.1 (terkait)" -> ["1.2.1", "10.1"]: the codes of a tag column, without qualifiers."""
    return [part.split()[0] for part in (text or "").split(",") if part.strip()]


def _numeric(code: str) -> list:
    return [int(p) if p.isdigit() else 0 for p in code.replace(":", ".").split(".")]


def sdg_goals(rows: list[dict]) -> list[str]:
    """SDG target codes present (e.g. "1.2.1", "8.1"), without the "(terkait)" qualifier, sorted by number."""
    return sorted({c for r in rows for c in split_codes(r.get("sdg_target"))}, key=_numeric)


def smartcity_codes(rows: list[dict]) -> list[str]:
    """Smart-city indicator codes present (e.g. "37120:5.1"), sorted by number."""
    return sorted({c for r in rows for c in split_codes(r.get("smartcity"))}, key=_numeric)


def filter_rows(rows: list[dict], theme: str | None, sdg: str | None, smartcity: str | None = None) -> list[dict]:
    """Rows of one theme, tagged with an SDG target (a goal "1" matches "1.2.1") and/or a smart-city code."""
    out = rows
    if theme:
        out = [r for r in out if r["theme_code"] == theme]
    if sdg:
        out = [r for r in out if any((c + ".").startswith(sdg + ".") for c in split_codes(r["sdg_target"]))]
    if smartcity:
        out = [r for r in out if smartcity in split_codes(r.get("smartcity"))]
    return out


def page(ctx: AppContext):
    def layout(lang: str | None = None, indikator: str | None = None, tema: str | None = None,
               sdg: str | None = None, iso: str | None = None, **_query):
        lang = normalise_lang(lang or ctx.config.default_lang)
        access = current_access()
        try:
            rows = grid_rows(ctx, lang, access)
        except StoreError:
            return error_block(lang)
        notices = []
        if indikator and indikator not in {r["code"] for r in rows}:
            notices.append(katalog_notice(indikator, lang))
            indikator = None
        themes = sorted({r["theme_code"] for r in rows if r["theme_code"]})
        theme_options = [{"label": t("theme." + th, lang), "value": th} for th in themes]
        if tema and tema not in themes:
            notices.append(katalog_notice(tema, lang, "common.unknown_theme"))
        tema = tema if tema in themes else None
        sdg = sdg if sdg in sdg_goals(rows) or sdg in {c.split(".")[0] for c in sdg_goals(rows)} else None
        iso = iso if iso in smartcity_codes(rows) else None
        page_layout = katalog.layout(filter_rows(rows, tema, sdg, iso), lang, selected=indikator, notices=notices,
                                     themes=theme_options, sdgs=sdg_goals(rows), theme=tema, sdg=sdg,
                                     smartcity=smartcity_codes(rows), iso=iso,
                                     editor=katalog.tag_form(all_theme_options(lang), lang,
                                                             visible=access.can("edit_metadata")))
        try:
            page_layout.children.append(katalog_batches.section(ctx, lang, current_access()))
        except StoreError:
            pass  # the indicator table is there; the history needs the store too and says nothing rather than fail
        return page_layout

    return layout


def katalog_notice(code: str, lang: str, key: str = "common.unknown_indicator"):
    return notice(t(key, lang, code=code, theme=code))


def all_theme_options(lang: str) -> list[dict]:
    return [{"label": t("theme." + th, lang), "value": th} for th in THEMES]


def save_tags(ctx: AppContext, code: str | None, sdg, smartcity, theme, lang: str, access: Access = PUBLIC):
    """Save the tag form; (message, colour). Refused in server code for anyone without edit_metadata."""
    if not code:
        return t("katalog.tags.pick", lang), "warning"
    try:
        metadata.set_tags(ctx.engine, access, code, sdg, smartcity, theme, THEMES, client_ip())
    except PermissionError:
        return t("katalog.tags.refused", lang), "danger"
    except metadata.TagProblem as problem:
        return problem.text(lang), "danger"
    except NoDataError:
        return t("common.unknown_indicator", lang, code=code), "danger"
    return t("katalog.tags.saved", lang, code=code), "success"


def register(app: Dash, ctx: AppContext) -> None:
    katalog_batches.register(app, ctx)

    @app.callback(Output(ids.GRID, "rowData"), Input(ids.THEME, "value"), Input(ids.SDG, "value"),
                  Input(ids.SMARTCITY, "value"), State(ids.LANG, "data"), prevent_initial_call=True)
    def narrow(theme, sdg, smartcity, lang):
        return filter_rows(grid_rows(ctx, normalise_lang(lang), current_access()), theme, sdg, smartcity)

    @app.callback(Output(ids.TAG_MESSAGE, "children"), Output(ids.TAG_MESSAGE, "color"),
                  Output(ids.TAG_MESSAGE, "is_open"), Output(ids.GRID, "rowData", allow_duplicate=True),
                  Input(ids.TAG_SAVE, "n_clicks"), State(ids.GRID, "selectedRows"), State(ids.TAG_SDG, "value"),
                  State(ids.TAG_SMARTCITY, "value"), State(ids.TAG_THEME, "value"), State(ids.THEME, "value"),
                  State(ids.SDG, "value"), State(ids.SMARTCITY, "value"), State(ids.LANG, "data"),
                  prevent_initial_call=True)
    def save(n, selected, sdg, smartcity, theme, f_theme, f_sdg, f_city, lang):
        if not n:
            raise PreventUpdate
        lang, access = normalise_lang(lang), current_access()
        code = selected[0]["code"] if selected else None
        text, colour = save_tags(ctx, code, sdg, smartcity, theme, lang, access)
        return text, colour, True, filter_rows(grid_rows(ctx, lang, access), f_theme, f_sdg, f_city)

    @app.callback(Output(ids.TAG_SDG, "value"), Output(ids.TAG_SMARTCITY, "value"), Output(ids.TAG_THEME, "value"),
                  Input(ids.GRID, "selectedRows"), prevent_initial_call=True)
    def fill_form(selected):
        if not selected:
            raise PreventUpdate
        row = selected[0]
        return row.get("sdg_target") or "", row.get("smartcity") or "", row.get("theme_code")

    @app.callback(Output(ids.DETAIL, "children"), Output(ids.DOWNLOAD_BUTTON, "disabled"),
                  Input(ids.GRID, "selectedRows"), State(ids.LANG, "data"))
    def show_detail(selected, lang):
        if not selected:
            raise PreventUpdate from None
        try:
            return detail_for(ctx, selected[0]["code"], normalise_lang(lang), current_access()), False
        except NoDataError:
            raise PreventUpdate from None

    @app.callback(Output(ids.DOWNLOAD, "data"), Input(ids.DOWNLOAD_BUTTON, "n_clicks"),
                  State(ids.GRID, "selectedRows"), prevent_initial_call=True)
    def download(n_clicks, selected):
        if not n_clicks or not selected:
            raise PreventUpdate from None
        code = selected[0]["code"]
        access = current_access()
        try:
            text = csv_for(ctx, code, access)
        except NoDataError:
            raise PreventUpdate from None
        record_export(ctx.engine, access, [code], f"{code}.csv", client_ip())
        return dcc.send_string(text, f"{code}.csv", type="text/csv")
