"""Pieces shared by page layouts: graph config (offline map outlines), messages, download buttons."""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import dcc, html

from i18n import t

#: plotly.js fetches map outlines from its CDN unless told otherwise; these are served by the app itself.
TOPOJSON_URL = "/assets/00_vendor/topojson/"

#: An AG Grid column whose text wraps onto more lines (with grid.css's line spacing) instead of ending in "…".
WRAP = {"wrapText": True, "autoHeight": True}

#: Official province names too long for a chart axis or a ranked row, with the short forms in common use.
SHORT_NAMES = {"Daerah Khusus Ibukota Jakarta": "DKI Jakarta", "Daerah Istimewa Yogyakarta": "DI Yogyakarta"}


def graph_config(filename: str = "dasbor-satu-data") -> dict:
    """dcc.Graph config: PNG export kept, local map outlines, no plotly logo."""
    return {
        "displaylogo": False,
        "topojsonURL": TOPOJSON_URL,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def separators(lang: str) -> str:
    """plotly `layout.separators`: decimal mark then thousands mark."""
    return ",." if lang == "id" else ".,"


DROPDOWN_LABELS = ("search", "no_options_found", "clear_search", "clear_selection", "select_all", "deselect_all",
                   "selected_count")


def dropdown_labels(lang: str = "id", search: str | None = None) -> dict:
    """Dash 4 dropdown texts (search box, no match, clear, "n selected") in the page language: every dcc.Dropdown
    gets them, or an Indonesian page shows "Search" and "4 selected". `search` overrides the search placeholder."""
    labels = {key: t(f"common.dd.{key}", lang) for key in DROPDOWN_LABELS}
    if search:
        labels["search"] = search
    return labels


GRID_TEXTS = ("noRowsToShow", "loadingOoo", "page", "to", "of", "more", "firstPage", "previousPage", "nextPage",
              "lastPage", "pageSizeSelectorLabel", "filterOoo", "selectAll", "searchOoo", "noMatches", "contains",
              "notContains", "equals", "notEqual", "startsWith", "endsWith", "blank", "notBlank", "lessThan", "greaterThan",
              "lessThanOrEqual", "greaterThanOrEqual", "inRange", "inRangeStart", "inRangeEnd", "before", "after",
              "andCondition", "orCondition", "applyFilter", "resetFilter", "clearFilter", "cancelFilter", "true", "false",
              "sortAscending", "sortDescending", "sortUnSort", "ariaFilterInput", "ariaFilterValue", "ariaSearch",
              "ariaChecked", "ariaUnchecked", "ariaRowSelect", "ariaRowDeselect")


def region_choices(options: Sequence[Mapping]) -> list[dict]:
    """Dropdown options from services.options.region_options: a kab/kota's label is indented in the list
    (assets/shell.css: .region-option-regency) and flush once chosen; `level` is not an option property."""
    return [{**{k: v for k, v in o.items() if k != "level"},
             "label": html.Span(o["label"], className="region-option-regency") if o.get("level") == "regency"
             else o["label"]} for o in options]


def grid_locale(lang: str = "id") -> dict:
    """AG Grid's own texts (empty table, "1 to 20 of 35", "Page 1 of 2", filter menu) in the page language, for
    `dashGridOptions={"localeText": ...}` of every grid."""
    return {key: t(f"common.grid.{key}", lang) for key in GRID_TEXTS}


def notice(text: str, color: str = "warning") -> dbc.Alert:
    return dbc.Alert(text, color=color, className="py-2 my-2", dismissable=True)


def page_header(title: str, subtitle: str | None = None) -> html.Div:
    children = [html.H1(title, className="h3 mb-1")]
    if subtitle:
        children.append(html.P(subtitle, className="text-muted mb-3"))
    return html.Div(children, className="page-header mt-3")


def error_block(lang: str = "id") -> dbc.Alert:
    return dbc.Alert([html.H2(t("error.title", lang), className="h5"), html.P(t("error.store", lang))],
                     color="danger", className="mt-4")


def forbidden(lang: str = "id", signed_in: bool = False, next_path: str | None = None) -> dbc.Alert:
    """The refusal a page shows instead of its content (never an empty chart)."""

    children = [html.H2(t("security.forbidden.title", lang), className="h5"),
                html.P(t("security.forbidden.signed_in" if signed_in else "security.forbidden.anonymous", lang))]
    if not signed_in:
        query = urlencode({k: v for k, v in {"next": next_path, "lang": lang if lang != "id" else None}.items() if v})
        children.append(dbc.Button(t("security.sign_in", lang), href="/masuk" + (f"?{query}" if query else ""),
                                   color="primary", external_link=True))
    return dbc.Alert(children, color="warning", className="mt-4 forbidden-block")


def cite_line(text: str, lang: str = "id") -> html.Div:
    """The "cite this" line under a chart: plain text the reader can copy."""
    return html.Div([html.I(className="bi bi-quote me-1"), html.Strong(t("common.cite", lang) + ": "),
                     html.Span(text, className="cite-text user-select-all")],
                    className="cite-line small text-muted mt-2")


def confidence_badge(confidence: str | None, lang: str = "id") -> dbc.Badge | None:
    """The warning a weak series carries wherever it is shown ("data tidak lengkap: dari pemberitaan")."""
    if not confidence or not isinstance(confidence, str):
        return None
    return dbc.Badge(t("confidence." + confidence, lang), color="warning", text_color="dark",
                     className="confidence-badge ms-1", title=t("confidence." + confidence + ".hint", lang))


#: Pattern-matching id type of every page's theme picker ({"type": THEME_PICKER, "index": page}); one clientside
#: callback in callbacks/shell.py writes the choice into the URL's `tema`, so a narrowed view is a link.
THEME_PICKER = "theme-picker"


def theme_picker(options: Sequence[Mapping] = (), value: str | None = None, page: str = "page",
                 lang: str = "id") -> html.Div:
    """A compact "Tema" selector; empty = every theme."""
    return html.Div([
        dbc.Label(t("common.theme", lang), html_for=f"theme-picker-{page}", className="small mb-0 me-2"),
        dcc.Dropdown(id={"type": THEME_PICKER, "index": page}, options=list(options), value=value,
                     placeholder=t("common.all_themes", lang), clearable=True, searchable=False,
                     className="theme-picker", style={"minWidth": "220px"}, labels=dropdown_labels(lang)),
    ], className="theme-picker-wrap d-flex align-items-center my-2")


def with_theme_picker(container, picker):
    """Put the theme picker right under a page's header (the first child of its container)."""
    children = container.children if isinstance(container.children, list) else [container.children]
    container.children = [children[0], picker, *children[1:]]
    return container


class export_ids:
    """Ids of a chart's citation and downloads (pattern-matching dicts keyed by the chart's name)."""

    @staticmethod
    def cite(chart: str) -> dict:
        return {"type": "chart-cite", "chart": chart}

    @staticmethod
    def csv(chart: str) -> dict:
        return {"type": "chart-csv", "chart": chart}

    @staticmethod
    def xlsx(chart: str) -> dict:
        return {"type": "chart-xlsx", "chart": chart}

    @staticmethod
    def download(chart: str) -> dict:
        return {"type": "chart-download", "chart": chart}

    @staticmethod
    def feedback(chart: str) -> dict:
        return {"type": "chart-feedback", "chart": chart}


def chart_export(chart: str, lang: str = "id") -> html.Div:
    """Under a chart: "Kutip: ..." (filled by callbacks.chart_export) and CSV / XLSX of exactly its data."""
    button = lambda ident, key, icon: dbc.Button(
        [html.I(className=f"bi {icon} me-1"), t(key, lang)], id=ident, color="primary", outline=True, size="sm",
        className="me-2 mb-1")
    return html.Div([
        html.Div([html.I(className="bi bi-quote me-1"), html.Strong(t("common.cite", lang) + ": "),
                  html.Span(id=export_ids.cite(chart), className="cite-text user-select-all")],
                 className="cite-line small text-muted mb-1"),
        html.Div([button(export_ids.csv(chart), "common.download_csv", "bi-filetype-csv"),
                  button(export_ids.xlsx(chart), "common.download_xlsx", "bi-file-earmark-spreadsheet"),
                  html.Span(id=export_ids.feedback(chart), className="ms-1")],
                 className="d-flex flex-wrap align-items-center"),
        dcc.Download(id=export_ids.download(chart)),
    ], className="chart-export mt-2", **{"data-chart": chart})


def plain_figures(layout):
    """`layout` with every dcc.Graph figure as a plain dict, for caching: a cached go.Figure costs ~10 ms to
    unpickle (plotly re-validates it), a dict almost nothing, and Dash sends both the same way."""
    for component in layout._traverse():
        figure = getattr(component, "figure", None) if isinstance(component, dcc.Graph) else None
        if figure is not None and hasattr(figure, "to_plotly_json"):
            component.figure = figure.to_plotly_json()
    return layout


def dom_id(component_id: str | Mapping) -> str:
    """The id a component has in the page: a pattern-matching id is written as Dash writes it (sorted JSON), so a
    <label for> can name it."""
    if isinstance(component_id, str):
        return component_id
    return json.dumps(dict(component_id), sort_keys=True, separators=(",", ":"))
