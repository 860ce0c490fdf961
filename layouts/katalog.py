"""The data catalogue page: the indicator table, one indicator's metadata and its availability matrix."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from i18n import fmt_number, t
from layouts.common import WRAP, confidence_badge, dropdown_labels, grid_locale, page_header


class ids:
    GRID = "katalog-grid"
    DETAIL = "katalog-detail"
    THEME = "katalog-theme"
    SDG = "katalog-sdg"
    SMARTCITY = "katalog-smartcity"
    TAG_FORM = "katalog-tag-form"
    TAG_SDG = "katalog-tag-sdg"
    TAG_SMARTCITY = "katalog-tag-smartcity"
    TAG_THEME = "katalog-tag-theme"
    TAG_SAVE = "katalog-tag-save"
    TAG_MESSAGE = "katalog-tag-message"
    DOWNLOAD_BUTTON = "katalog-download-button"
    DOWNLOAD = "katalog-download"
    LANG = "katalog-lang"


#: The qualifiers the SDG tag may carry (data.ingest.definitions.SDG_CODE), stored in Indonesian.
SDG_QUALIFIERS = {"(terkait)": "katalog.sdg.related", "(proksi nasional)": "katalog.sdg.national_proxy"}


def sdg_label(text: str | None, lang: str) -> str:
    """"1.2.1, 10.1 (terkait)" in the page language: the codes as stored, the qualifier translated."""
    out = text or ""
    for stored, key in SDG_QUALIFIERS.items():
        out = out.replace(stored, f"({t(key, lang)})")
    return out


#: Room per character and around the text of a code cell (14 px sans-serif; lower case, digits and "_" are at most
#: ~7.5 px wide; ag-grid pads a cell ~17 px each side).
CODE_CHAR_PX, CELL_PADDING_PX = 7.5, 36


def code_width(codes: Sequence[str]) -> int:
    """Pixels that show the longest indicator code whole: a code is what a user copies into an API address or an
    upload, so it never ends in "…" ("pdrb_per_…" at 1366 px), and it has no spaces to wrap at."""
    longest = max((len(c) for c in codes if c), default=0)
    return max(110, round(longest * CODE_CHAR_PX + CELL_PADDING_PX))


def grid_columns(lang: str, codes: Sequence[str] = ()) -> list[dict]:
    col = lambda field, key, **kw: {"field": field, "headerName": t(key, lang), **kw}
    return [
        # The name stays in view while a narrow screen (1366 px) scrolls the other twelve columns sideways; the
        # name, theme, unit and producer wrap instead of ending in "…" (a full indicator name is the point here).
        col("name", "katalog.col.name", flex=3, minWidth=280, tooltipField="name", pinned="left", **WRAP),
        col("code", "katalog.col.code", flex=1, minWidth=code_width(codes)),
        col("theme", "katalog.col.theme", flex=1, minWidth=140, tooltipField="theme", **WRAP),
        col("sdg", "katalog.col.sdg", flex=1, minWidth=90, tooltipField="sdg", **WRAP),
        col("smartcity", "katalog.col.smartcity", flex=1, minWidth=100, tooltipField="smartcity"),
        col("flag", "katalog.col.flag", flex=1, minWidth=110, tooltipField="flag",
            cellClass="text-warning-emphasis small", **WRAP),
        col("unit", "katalog.col.unit", flex=1, minWidth=150, tooltipField="unit", **WRAP),
        col("frequency", "katalog.col.frequency", flex=1, minWidth=120, **WRAP),
        col("producer", "katalog.col.producer", flex=2, minWidth=180, tooltipField="producer", **WRAP),
        col("tier", "katalog.col.tier", flex=1, minWidth=80),
        col("periods", "katalog.col.periods", flex=1, minWidth=170),
        col("values", "katalog.col.values", flex=1, minWidth=110, type="rightAligned"),
        col("loaded", "katalog.col.loaded", flex=1, minWidth=130),
    ]


def filters(themes: Sequence[Mapping], sdgs: Sequence[str], lang: str, theme: str | None,
            sdg: str | None, smartcity: Sequence[str] = (), iso: str | None = None) -> dbc.Row:
    return dbc.Row([
        dbc.Col([dbc.Label(t("katalog.filter.theme", lang), html_for=ids.THEME),
                 dcc.Dropdown(id=ids.THEME, options=list(themes), value=theme,
                              placeholder=t("katalog.filter.all", lang), labels=dropdown_labels(lang))], md=4),
        dbc.Col([dbc.Label(t("katalog.filter.sdg", lang), html_for=ids.SDG),
                 dcc.Dropdown(id=ids.SDG, options=[{"label": s, "value": s} for s in sdgs], value=sdg,
                              placeholder=t("katalog.filter.all", lang), labels=dropdown_labels(lang))], md=4),
        dbc.Col([dbc.Label(t("katalog.filter.smartcity", lang), html_for=ids.SMARTCITY),
                 dcc.Dropdown(id=ids.SMARTCITY, options=[{"label": s, "value": s} for s in smartcity], value=iso,
                              placeholder=t("katalog.filter.all", lang), labels=dropdown_labels(lang))], md=4),
    ], className="mb-3 g-3")


def layout(rows: Sequence[Mapping] = (), lang: str = "id", selected: str | None = None,
           notices: Sequence = (), themes: Sequence[Mapping] = (), sdgs: Sequence[str] = (),
           theme: str | None = None, sdg: str | None = None, smartcity: Sequence[str] = (),
           iso: str | None = None, editor=None) -> dbc.Container:
    """`rows`: one dict per indicator with the grid's fields (already formatted for `lang`)."""
    selected_rows = [r for r in rows if r.get("code") == selected]
    return dbc.Container([
        page_header(t("katalog.title", lang), t("katalog.subtitle", lang)),
        *notices,
        filters(themes, sdgs, lang, theme, sdg, smartcity, iso),
        dcc.Store(id=ids.LANG, data=lang),
        dag.AgGrid(
            id=ids.GRID, rowData=list(rows), columnDefs=grid_columns(lang, [r.get("code") or "" for r in rows]),
            defaultColDef={"sortable": True, "filter": True, "resizable": True,
                           "wrapHeaderText": True, "autoHeaderHeight": True},
            dashGridOptions={"localeText": grid_locale(lang), "rowSelection": {"mode": "singleRow", "enableClickSelection": True},
                             "selectionColumnDef": {"pinned": "left"},
                             "domLayout": "autoHeight", "tooltipShowDelay": 300,
                             "suppressColumnVirtualisation": True},
            getRowId="params.data.code",
            selectedRows=selected_rows, className="mb-3", style={"width": "100%"},
        ),
        dbc.Button([html.I(className="bi bi-download me-2"), t("katalog.download", lang)],
                   id=ids.DOWNLOAD_BUTTON, color="primary", outline=True, className="mb-3",
                   disabled=not selected_rows),
        editor if editor is not None else tag_form((), lang, visible=False),
        html.Div(dbc.Alert(t("katalog.detail.pick", lang), color="light"), id=ids.DETAIL),
        dcc.Download(id=ids.DOWNLOAD),
    ], fluid=True, className="pb-4")


def tag_form(themes: Sequence[Mapping] = (), lang: str = "id", visible: bool = False) -> html.Div:
    """The walidata's editor of the selected indicator's SDG targets, smart-city codes and theme (hidden for
    everyone else; the server refuses their saves anyway)."""
    field = lambda label, control: dbc.Col([dbc.Label(t(label, lang), className="small mb-0"), control], md=4)
    return html.Div(dbc.Card(dbc.CardBody([
        html.H2(t("katalog.tags.title", lang), className="h6"),
        dbc.Row([
            field("katalog.tags.sdg", dbc.Input(id=ids.TAG_SDG, placeholder="1.2.1, 8.5.2", size="sm",
                                                maxLength=64)),
            field("katalog.tags.smartcity", dbc.Input(id=ids.TAG_SMARTCITY, placeholder="37120:5.1", size="sm",
                                                      maxLength=128)),
            field("katalog.col.theme", dcc.Dropdown(id=ids.TAG_THEME, options=list(themes), clearable=False,
                                                    labels=dropdown_labels(lang))),
        ], className="g-2 mb-2"),
        html.Div([dbc.Button(t("katalog.tags.save", lang), id=ids.TAG_SAVE, color="primary", size="sm"),
                  html.Small(t("katalog.tags.hint", lang), className="text-muted ms-2")]),
        dbc.Alert(id=ids.TAG_MESSAGE, is_open=False, className="py-2 mt-2 mb-0"),
    ]), className="mb-3"), id=ids.TAG_FORM, style={} if visible else {"display": "none"})


def _meta_row(label: str, value) -> html.Tr:
    return html.Tr([html.Th(label, className="w-25 fw-semibold"), html.Td(value)])


def polarity_text(higher_is_better: bool | None, lang: str) -> str:
    key = {True: "katalog.detail.higher", False: "katalog.detail.lower"}.get(higher_is_better,
                                                                          "katalog.detail.neutral")
    return t(key, lang)


#: the levels of the matrix, top down; the kecamatan and desa columns appear once the store holds those levels
LEVELS = ("country", "province", "regency", "district", "village")
VILLAGE_LEVELS = ("district", "village")


def availability_table(matrix: Sequence[Mapping], totals: Mapping[str, int], lang: str) -> html.Div:
    """`matrix`: rows of {period, country, province, regency, district, village} counts; `totals`: regions per
    level (a store without the villages has no kecamatan and desa: no columns for them)."""
    levels = [lv for lv in LEVELS if lv not in VILLAGE_LEVELS or totals.get(lv)]
    head = html.Thead(html.Tr([html.Th(t("common.period", lang))] + [
        html.Th(f"{t('common.level.' + lv, lang)} ({fmt_number(totals.get(lv, 0), 0, lang)})", className="text-end",
                **{"data-level": lv}) for lv in levels]))
    body = []
    for row in matrix:
        cells = [html.Td(row["period"])]
        for lv in levels:
            n = row.get(lv) or 0
            share = n / totals[lv] if totals.get(lv) else 0
            cells.append(html.Td(fmt_number(n, 0, lang) if n else "–", className="text-end",
                                 style={"background": f"rgba(13,110,253,{0.08 + 0.5 * share:.2f})" if n else None}))
        body.append(html.Tr(cells))
    table = dbc.Table([head, html.Tbody(body)], bordered=True, size="sm", className="availability-table",
                      responsive=True)
    village_values = any(row.get("village") for row in matrix)
    note = html.P(t("katalog.availability.villages", lang), className="small text-muted mb-0") if village_values \
        else None
    return html.Div([table, note])


def detail(meta: Mapping, matrix: Sequence[Mapping], totals: Mapping[str, int], lang: str = "id",
           feedback_button=None) -> dbc.Card:
    """One indicator's definition, metadata and availability, with the CSV download button."""
    name = meta["name_id"] if lang == "id" else meta["name_en"]
    definition = meta.get("definition_id") if lang == "id" else (meta.get("definition_en") or meta.get("definition_id"))
    low, high = meta.get("min_value"), meta.get("max_value")
    bounds = f"{'' if low is None else fmt_number(low, 0, lang)} – {'' if high is None else fmt_number(high, 0, lang)}"
    table = dbc.Table(html.Tbody([
        _meta_row(t("katalog.col.code", lang), html.Code(meta["code"])),
        _meta_row(t("katalog.col.unit", lang), meta["unit"] if lang == "id" else (meta.get("unit_en") or meta["unit"])),
        # the producer's own frequency note is Indonesian free text: the English page gives the frequency code's name
        _meta_row(t("katalog.col.frequency", lang), (meta.get("frequency_label") if lang == "id" else None)
                  or t("freq." + meta["frequency"], lang)),
        _meta_row(t("katalog.col.producer", lang), meta.get("producer")),
        _meta_row(t("katalog.detail.custodian", lang), meta.get("custodian")),
        _meta_row(t("katalog.detail.polarity", lang), polarity_text(meta.get("higher_is_better"), lang)),
        _meta_row(t("katalog.detail.bounds", lang), bounds),
        _meta_row(t("katalog.detail.sdg", lang), sdg_label(meta.get("sdg_target"), lang) or "–"),
        _meta_row(t("katalog.col.smartcity", lang), meta.get("smartcity_codes") or "–"),
        _meta_row(t("katalog.col.theme", lang), t("theme." + meta["theme"], lang) if meta.get("theme") else "–"),
        _meta_row(t("katalog.col.tier", lang), t("tier." + meta["tier"], lang)),
        _meta_row(t("katalog.detail.source", lang), [f"{meta.get('source') or ''} · {meta.get('licence') or ''}",
                                                     confidence_badge(meta.get("confidence"), lang)]),
    ]), size="sm", className="mb-3")
    return dbc.Card(dbc.CardBody([
        html.Div([html.H2(name, className="h5 me-3 mb-0"), feedback_button],
                  className="d-flex flex-wrap align-items-center gap-2"),
        html.H3(t("katalog.detail.definition", lang), className="h6 mt-3"),
        html.P(definition or "–"),
        html.H3(t("katalog.detail.metadata", lang), className="h6"),
        table,
        html.H3(t("katalog.availability", lang), className="h6"),
        availability_table(matrix, totals, lang),
    ]), className="mb-4 katalog-detail")
