"""The forecast page: history with fitted values, the 80/95 forecast fan, target markers, the model and its
quality in words, the attainment summary, a table of every peer region and the editable target grid.
Pure functions of plain data; no store access."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from i18n import fmt_chance, fmt_number, fmt_period, fmt_signed, t
from layouts.common import chart_export, dropdown_labels, graph_config, grid_locale, page_header, region_choices, separators
from layouts.on_track import STATUS_COLOURS, observed_outcome

BLUE, GREY, FAN, TARGET = "#0d6efd", "#6c757d", "13,110,253", "#d63384"


class ids:
    REGION = "proyeksi-region"
    INDICATOR = "proyeksi-indicator"
    GRAPH = "proyeksi-graph"
    SUMMARY = "proyeksi-summary"
    GRID = "proyeksi-grid"
    DOWNLOAD_TABLE_BUTTON = "proyeksi-download-table-button"
    DOWNLOAD = "proyeksi-download"
    TARGETS = "proyeksi-targets"
    TARGETS_ADD = "proyeksi-targets-add"
    TARGETS_SAVE = "proyeksi-targets-save"
    TARGETS_MESSAGE = "proyeksi-targets-message"
    STATE = "proyeksi-state"


def period_date(period: str) -> str:
    """An x position: 2024 -> 2024-01-01, 2024-03 -> 2024-03-01."""
    return f"{period[:4]}-{period[5:7] if len(period) == 7 else '01'}-01"


def _hover(values: Sequence[float], periods: Sequence[str], decimals: int, lang: str, label: str) -> list[str]:
    return [f"{label} {fmt_period(p, lang)}: {fmt_number(v, decimals, lang)}" for p, v in zip(periods, values,
                                                                                              strict=True)]


def figure(history: Sequence[Mapping], fitted: Sequence[tuple[str, float]], points: Sequence[Mapping],
           targets: Sequence[Mapping], unit: str = "", decimals: int = 2, lang: str = "id",
           target_month: str | None = None) -> go.Figure:
    """`history`: {period, value}; `points`: {period, mean, lo80, hi80, lo95, hi95}; `targets`: {year, low, high, plan}."""
    fig = go.Figure()
    if points:
        xs = [period_date(p["period"]) for p in points]
        last = history[-1] if history else None
        x0 = [period_date(last["period"])] if last else []
        v0 = [last["value"]] if last else []
        for level, opacity in (("95", 0.12), ("80", 0.25)):
            lo = v0 + [p[f"lo{level}"] for p in points]
            hi = v0 + [p[f"hi{level}"] for p in points]
            fig.add_trace(go.Scatter(x=x0 + xs + (x0 + xs)[::-1], y=hi + lo[::-1], fill="toself",
                                     fillcolor=f"rgba({FAN},{opacity})", line={"width": 0}, hoverinfo="skip",
                                     name=t(f"proyeksi.band{level}", lang)))
        periods = [p["period"] for p in points]
        means = [p["mean"] for p in points]
        fig.add_trace(go.Scatter(
            x=x0 + xs, y=v0 + means, mode="lines+markers", line={"color": BLUE, "dash": "dash"},
            marker={"size": 5}, name=t("proyeksi.forecast", lang),
            hovertext=([""] if x0 else []) + [
                f"{h}<br>80%: {fmt_number(p['lo80'], decimals, lang)}–{fmt_number(p['hi80'], decimals, lang)}"
                f"<br>95%: {fmt_number(p['lo95'], decimals, lang)}–{fmt_number(p['hi95'], decimals, lang)}"
                for h, p in zip(_hover(means, periods, decimals, lang, t("proyeksi.forecast", lang)), points,
                                strict=True)],
            hoverinfo="text"))
    if fitted:
        fig.add_trace(go.Scatter(x=[period_date(p) for p, _ in fitted], y=[v for _, v in fitted], mode="lines",
                                 line={"color": GREY, "dash": "dot", "width": 1.5}, name=t("proyeksi.fitted", lang),
                                 hoverinfo="skip"))
    if history:
        periods = [h["period"] for h in history]
        values = [h["value"] for h in history]
        fig.add_trace(go.Scatter(x=[period_date(p) for p in periods], y=values, mode="lines+markers",
                                 line={"color": "#212529"}, marker={"size": 7}, name=t("proyeksi.history", lang),
                                 hovertext=_hover(values, periods, decimals, lang, t("proyeksi.history", lang)),
                                 hoverinfo="text"))
    for target in targets:
        x = period_date(f"{target['year']}-{target_month}" if target_month else str(target["year"]))
        mid = (target["low"] + target["high"]) / 2
        half = (target["high"] - target["low"]) / 2
        text = t("proyeksi.target_line", lang, plan=target["plan"], year=target["year"],
                 value=target_text(target, decimals, lang))
        fig.add_trace(go.Scatter(x=[x], y=[mid], mode="markers", name=t("proyeksi.target", lang),
                                 marker={"symbol": "diamond", "size": 11, "color": TARGET},
                                 error_y={"type": "constant", "value": half, "color": TARGET, "thickness": 2,
                                          "width": 6} if half > 0 else None,
                                 hovertext=[text], hoverinfo="text", showlegend=target is targets[0]))
    fig.update_layout(
        separators=separators(lang), margin={"l": 50, "r": 20, "t": 20, "b": 40}, height=420,
        legend={"orientation": "h", "y": -0.15}, yaxis={"title": unit}, xaxis={"type": "date"},
        template="plotly_white", hovermode="closest")
    return fig


def target_text(target: Mapping, decimals: int, lang: str) -> str:
    low, high = target["low"], target["high"]
    if low == high:
        return fmt_number(low, decimals, lang)
    return f"{fmt_number(low, decimals, lang)}–{fmt_number(high, decimals, lang)}"


def model_line(model: str | None, mase: float | None, quality: str | None, lang: str) -> list:
    if not model:
        return []
    parts = [html.Strong(t("proyeksi.model", lang) + ": "), t(f"proyeksi.model.{model}", lang)]
    if quality:
        parts += [" — ", html.Span(t("proyeksi.quality", lang, word=t(f"proyeksi.quality.{quality}", lang),
                                     mase=fmt_number(mase, 1, lang)), className="proyeksi-quality",
                                   title=t("proyeksi.quality.help", lang))]
    return [html.P(parts, className="mb-1")]


def status_badge(status: str | None, lang: str) -> dbc.Badge:
    colour, text_colour = STATUS_COLOURS.get(status, ("secondary", "white"))
    return dbc.Badge(t(f"proyeksi.status.{status or 'none'}", lang), color=colour, text_color=text_colour,
                     className="proyeksi-status me-2", title=t("proyeksi.status.help", lang))


def attainment_block(on_track: Mapping | None, decimals: int, lang: str) -> list:
    if not on_track:
        return [html.P(t("proyeksi.no_target", lang), className="text-muted mb-1")]
    lines = [html.P([status_badge(on_track.get("status"), lang),
                     t("proyeksi.target_line", lang, plan=on_track["plan"], year=on_track["year"],
                       value=target_text(on_track, decimals, lang))], className="mb-1")]
    if on_track.get("achievement") is not None:
        lines.append(html.P(t("proyeksi.achievement", lang, period=fmt_period(on_track["latest_period"], lang),
                              value=fmt_number(on_track["achievement"], 1, lang))
                            + f" ({t('proyeksi.band.' + on_track['band'], lang)})", className="mb-1"))
    if on_track.get("probability") is not None and observed_outcome(on_track) is None:  # observed: capaian says it
        period = on_track.get("forecast_period") or str(on_track["year"])
        lines.append(html.P([t("proyeksi.probability", lang, period=fmt_period(period, lang),
                               value=fmt_chance(on_track["probability"], lang)),
                             html.Small(f" ({t('proyeksi.probability.help', lang)})", className="text-muted")],
                            className="mb-1"))
    if on_track.get("required_change") is not None and on_track.get("historical_change") is not None:
        lines.append(html.P(t("proyeksi.pace", lang, required=fmt_signed(on_track["required_change"], decimals, lang),
                              historical=fmt_signed(on_track["historical_change"], decimals, lang)), className="mb-1"))
    return lines


def summary(model_lines: Sequence, attainment: Sequence, notes: Sequence[str], reason: str | None, lang: str) -> list:
    body = list(model_lines)
    if reason:
        body.append(dbc.Alert(t("proyeksi.no_forecast", lang, reason=reason), color="secondary", className="py-2 mb-2"))
    body += list(attainment)
    if notes:
        body.append(html.Details([html.Summary(t("proyeksi.notes", lang)),
                                  html.Ul([html.Li(n) for n in notes], className="small mb-0")],
                                 open=True, className="mt-2 proyeksi-notes"))
    return body


def grid_columns(lang: str) -> list[dict]:
    col = lambda field, key, **kw: {"field": field, "headerName": t(key, lang), **kw}
    return [
        col("name", "proyeksi.col.region", flex=2, minWidth=170, pinned="left", wrapText=True, autoHeight=True),
        col("latest", "proyeksi.col.latest", flex=1, minWidth=100, type="rightAligned",
            valueFormatter={"function": "params.data.latest_text"}),
        col("period", "proyeksi.col.period", flex=1, minWidth=150),
        # long texts wrap rather than end in "…" at 1366 px (the target names its plan and range)
        col("target", "proyeksi.col.target", flex=2, minWidth=180, wrapText=True, autoHeight=True),
        # wide enough that the English header "Achievement (%)" does not break inside the word at 1366 px
        col("achievement", "proyeksi.col.achievement", flex=1, minWidth=135, type="rightAligned",
            valueFormatter={"function": "params.data.achievement_text"}),
        col("probability", "proyeksi.col.probability", flex=1, minWidth=120, type="rightAligned",
            valueFormatter={"function": "params.data.probability_text"}),
        col("status_text", "proyeksi.col.status", flex=1, minWidth=140, wrapText=True, autoHeight=True),
        col("model_text", "proyeksi.col.model", flex=2, minWidth=160, wrapText=True, autoHeight=True),
        col("mase", "proyeksi.col.mase", flex=1, minWidth=90, type="rightAligned",
            valueFormatter={"function": "params.data.mase_text"}),
    ]


def target_columns(lang: str, editable: bool) -> list[dict]:
    col = lambda field, key, **kw: {"field": field, "headerName": t(key, lang), "editable": editable, **kw}
    # raw numbers (they are edited) shown as the page's locale writes them; the save accepts "8,5" as well
    number = {"valueFormatter": {"function": f"numberInLocale(params.value, '{lang}')"}}
    return [
        col("region_code", "proyeksi.col.code", minWidth=110, flex=1),
        {"field": "region_name", "headerName": t("proyeksi.col.region", lang), "minWidth": 160, "flex": 2},
        col("year", "proyeksi.col.year", minWidth=90, flex=1),
        col("low", "proyeksi.col.low", minWidth=100, flex=1, type="rightAligned", **number),
        col("high", "proyeksi.col.high", minWidth=100, flex=1, type="rightAligned", **number),
        col("plan", "proyeksi.col.plan", minWidth=160, flex=2),
        col("source", "proyeksi.col.source", minWidth=220, flex=3, tooltipField="source"),
        {"field": "updated", "headerName": t("proyeksi.col.updated", lang), "minWidth": 150, "flex": 1},
    ] + ([{"field": "delete", "headerName": t("proyeksi.col.delete", lang), "editable": True,
           "cellDataType": "boolean", "maxWidth": 90}] if editable else [])


#: up to this many rows the attainment table is as tall as its rows; a longer one (38 provinces, 27 kab/kota of a
#: province) scrolls inside a fixed height, so that only the rows on screen are drawn: every wrapped row of a full
#: height table was measured on the main thread before the page's chart was drawn (0.25-0.5 s on /proyeksi)
FULL_HEIGHT_ROWS = 12
SCROLL_HEIGHT = "560px"


def grid_sizing(rows: int) -> dict:
    return {"domLayout": "autoHeight"} if rows <= FULL_HEIGHT_ROWS else {}


def grid_height(rows: int) -> dict:
    return {} if rows <= FULL_HEIGHT_ROWS else {"height": SCROLL_HEIGHT}


def targets_section(rows: Sequence[Mapping], editable: bool, lang: str) -> html.Div:
    buttons = [dbc.Button([html.I(className="bi bi-plus-lg me-1"), t("proyeksi.targets.add", lang)],
                          id=ids.TARGETS_ADD, color="secondary", outline=True, size="sm", className="me-2",
                          disabled=not editable),
               dbc.Button([html.I(className="bi bi-save me-1"), t("proyeksi.targets.save", lang)],
                          id=ids.TARGETS_SAVE, color="primary", size="sm", disabled=not editable)]
    help_key = "proyeksi.targets.help" if editable else "proyeksi.targets.readonly"
    return html.Div([
        html.H2(t("proyeksi.targets.title", lang), className="h5 mt-4"),
        html.P(t(help_key, lang), className="small text-muted mb-2"),
        dag.AgGrid(id=ids.TARGETS, rowData=list(rows), columnDefs=target_columns(lang, editable),
                   defaultColDef={"sortable": True, "resizable": True, "filter": True, "wrapHeaderText": True,
                                  "autoHeaderHeight": True},
                   dashGridOptions={"localeText": grid_locale(lang), "domLayout": "autoHeight", "tooltipShowDelay": 300,
                                    "singleClickEdit": True, "stopEditingWhenCellsLoseFocus": True},
                   style={"width": "100%"}, className="mb-2"),
        html.Div(buttons, className="mb-2"),
        html.Div(id=ids.TARGETS_MESSAGE),
    ], className="proyeksi-targets")


def layout(regions: Sequence[dict] = (), indicators: Sequence[dict] = (), region: str | None = None,
           indicator: str | None = None, fig: go.Figure | None = None, summary_children: Sequence = (),
           rows: Sequence[Mapping] = (), table_title: str = "", target_rows: Sequence[Mapping] = (),
           editable: bool = False, notices: Sequence = (), lang: str = "id") -> dbc.Container:
    """The whole page for one checked state (region, indicator, language)."""
    controls = dbc.Row([
        dbc.Col([dbc.Label(t("common.region", lang), html_for=ids.REGION, className="small mb-1"),
                 dcc.Dropdown(id=ids.REGION, options=region_choices(regions), value=region, clearable=False,
                              labels=dropdown_labels(lang))],
                lg=5, md=6, className="mb-2"),
        dbc.Col([dbc.Label(t("common.indicator", lang), html_for=ids.INDICATOR, className="small mb-1"),
                 dcc.Dropdown(id=ids.INDICATOR, options=list(indicators), value=indicator, clearable=False,
                              labels=dropdown_labels(lang))],
                lg=5, md=6, className="mb-2"),
    ], className="g-3 align-items-end")
    chart = dbc.Row([
        dbc.Col(dcc.Graph(id=ids.GRAPH, figure=fig or go.Figure(), config=graph_config("proyeksi"),
                          className="proyeksi-graph"), lg=8),
        dbc.Col(html.Div(list(summary_children), id=ids.SUMMARY, className="proyeksi-summary small"), lg=4),
    ], className="mb-2")
    downloads = html.Div([
        chart_export("proyeksi", lang),
        dbc.Button([html.I(className="bi bi-download me-1"), t("proyeksi.download_table", lang)],
                   id=ids.DOWNLOAD_TABLE_BUTTON, color="primary", outline=True, size="sm", className="mt-2"),
    ], className="mb-3")
    grid = dag.AgGrid(id=ids.GRID, rowData=list(rows), columnDefs=grid_columns(lang),
                      defaultColDef={"sortable": True, "filter": True, "resizable": True, "wrapHeaderText": True,
                                     "autoHeaderHeight": True},
                      dashGridOptions={"localeText": grid_locale(lang), "tooltipShowDelay": 300, "animateRows": False,
                                       **grid_sizing(len(rows))},
                      getRowId="params.data.code", style={"width": "100%", **grid_height(len(rows))},
                      className="proyeksi-grid")
    return dbc.Container([
        page_header(t("proyeksi.title", lang), t("proyeksi.subtitle", lang)),
        *notices,
        dcc.Store(id=ids.STATE, data={"region": region, "indicator": indicator, "lang": lang}),
        controls,
        chart,
        downloads,
        html.H2(table_title, className="h5"),
        grid,
        targets_section(target_rows, editable, lang),
        dcc.Download(id=ids.DOWNLOAD),
    ], fluid=True, className="pb-4")
