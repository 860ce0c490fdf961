"""The trends page (/tren): indicator and region pickers, the trend chart, break and target notes. Pure.

`trend_figure(lines, meta, lang, targets=None, breaks=(), extra_traces=())` draws the chart from plain frames, so
other features (forecasts) can add rows or traces without touching the page code.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from i18n import chart_text, fmt_number, fmt_period, t
from layouts import on_track
from layouts.common import chart_export, dropdown_labels, graph_config, page_header, region_choices, separators
from layouts.embed import share as embed_share
from layouts.ringkasan import region_dropdown_labels, target_value, unit_text

#: Okabe-Ito, colour-blind safe, for the chosen regions (black is kept for nothing: references are grey)
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
REFERENCE_COLOURS = {"country": "#495057", "province": "#868e96", "regency": "#adb5bd"}
MAX_REGIONS = 8


class ids:
    INDICATOR = "tren-indicator"
    REGIONS = "tren-regions"
    REFERENCE = "tren-reference"
    GRAPH = "tren-graph"
    NOTES = "tren-notes"
    MESSAGE = "tren-message"
    LANG = "tren-lang"
    URL_SYNC = "tren-url-sync"
    TRACK = "tren-on-track"


def region_label(row: Mapping, lang: str) -> str:
    return t("common.indonesia", lang) if row["region_code"] == "ID" else str(row["region_name"])


def _line(part: pd.DataFrame, name: str, colour: str, reference: bool, decimals: int, lang: str) -> go.Scatter:
    values = [None if pd.isna(v) else float(v) for v in part["value"]]
    prelim = [s == "preliminary" for s in part["status"].fillna("")]
    hover = [
        "" if v is None else f"{name}<br>{fmt_period(p, lang)}: {fmt_number(v, decimals, lang)}"
        + (f" ({t('common.preliminary', lang)})" if pre else "")
        for p, v, pre in zip(part["period"], values, prelim, strict=True)]
    return go.Scatter(
        x=list(part["date"]), y=values, name=name + (f" {t('tren.reference_suffix', lang)}" if reference else ""),
        mode="lines+markers", connectgaps=False, legendgroup=name, hovertext=hover, hoverinfo="text",
        line={"color": colour, "width": 1.6 if reference else 2.6, "dash": "dash" if reference else "solid"},
        marker={"size": 5 if reference else 7, "color": colour,
                "symbol": ["circle-open" if pre else "circle" for pre in prelim]},
    )


def _target_trace(rows: pd.DataFrame, name: str, colour: str, decimals: int, lang: str) -> go.Scatter:
    """Plan targets of one region: a marker for a single value, a bar from low to high for a range."""
    low, high = rows["low"].astype(float), rows["high"].astype(float)
    mid = (low + high) / 2
    hover = [t("tren.target_hover", lang, year=int(r["year"]), plan=r["plan"], value=target_value(r, decimals, lang))
             for r in rows.to_dict("records")]
    return go.Scatter(
        x=[pd.Timestamp(int(y), 7, 1) for y in rows["year"]], y=list(mid), mode="markers",
        name=f"{t('tren.target', lang)} {name}", legendgroup=name, hovertext=hover, hoverinfo="text",
        marker={"symbol": "diamond-open", "size": 11, "color": colour, "line": {"width": 2}},
        error_y={"type": "data", "array": list((high - low) / 2), "visible": True, "color": colour, "thickness": 2,
                 "width": 6},
    )


def colours_for(lines: pd.DataFrame) -> dict[str, str]:
    """One colour per region: palette colours for chosen regions in order, greys by level for references."""
    colours: dict[str, str] = {}
    chosen = [c for c in dict.fromkeys(lines.loc[lines["role"] == "selected", "region_code"])]
    for i, code in enumerate(chosen):
        colours[code] = PALETTE[i % len(PALETTE)]
    for row in lines[lines["role"] == "reference"].drop_duplicates("region_code").to_dict("records"):
        colours.setdefault(row["region_code"], REFERENCE_COLOURS.get(row.get("level") or "country", "#6c757d"))
    return colours


def trend_figure(lines: pd.DataFrame, meta: Mapping, lang: str = "id", targets: pd.DataFrame | None = None,
                 breaks: Sequence[Mapping] = (), extra_traces: Sequence = ()) -> go.Figure:
    """The trend chart. `lines`: region_code, region_name, level, role (selected/reference), period, date, value,
    status, in plotting order, with an empty-value row where a line must break. `targets`: region_code, year, low,
    high, plan. `breaks`: {date, label} vertical markers."""
    decimals = int(meta.get("decimals") or 0)
    colours = colours_for(lines)
    fig = go.Figure()
    for code, part in lines.groupby("region_code", sort=False):
        first = part.iloc[0]
        fig.add_trace(_line(part, region_label(first, lang), colours[code], first["role"] == "reference", decimals,
                            lang))
    if targets is not None and not targets.empty:
        names = {r["region_code"]: region_label(r, lang) for r in lines.drop_duplicates("region_code").to_dict("records")}
        for code, rows in targets.groupby("region_code", sort=False):
            if code in colours:
                fig.add_trace(_target_trace(rows, names[code], colours[code], decimals, lang))
    for trace in extra_traces:
        fig.add_trace(trace)
    for item in breaks:
        fig.add_shape(type="line", x0=item["date"], x1=item["date"], yref="paper", y0=0, y1=1,
                      line={"color": "#6c757d", "width": 1.5, "dash": "dot"})
        fig.add_annotation(x=item["date"], yref="paper", y=1, text=f"⟂ {item['label']}", showarrow=False,
                           xanchor="left", yanchor="bottom", font={"size": 11, "color": "#495057"})
    # The short name on the axis (the full name is in the picker and the citation): a long one is cut off.
    name = meta.get(f"short_{lang}") or meta.get(f"name_{lang}") or meta.get("code", "")
    fig.update_layout(
        separators=separators(lang), height=520, margin={"l": 60, "r": 20, "t": 40, "b": 40},
        paper_bgcolor="white", plot_bgcolor="white", hovermode="closest",
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "xanchor": "left", "x": 0},
        yaxis={"title": {"text": f"{name} ({chart_text(unit_text(meta, lang))})"}, "gridcolor": "#e9ecef", "zeroline": False},
        xaxis={"type": "date", "gridcolor": "#f1f3f5", "hoverformat": "%b %Y"},
    )
    return fig


def target_paths(lines: pd.DataFrame, found: Sequence[Mapping], lang: str = "id") -> list[go.Scatter]:
    """A dotted line from each chosen region's latest value to the target its on-track badge judges (the
    target's midpoint, where its marker sits), in the region's colour."""
    colours = colours_for(lines)
    traces = []
    for item in found:
        code = item["region"]
        own = lines[(lines["region_code"] == code) & lines["value"].notna()]
        if own.empty or code not in colours:
            continue
        last = own.iloc[-1]
        goal = (float(item["low"]) + float(item["high"])) / 2
        traces.append(go.Scatter(
            x=[last["date"], pd.Timestamp(int(item["year"]), 7, 1)], y=[float(last["value"]), goal], mode="lines",
            line={"color": colours[code], "width": 1.4, "dash": "dot"}, hoverinfo="skip", showlegend=False,
            legendgroup=region_label({"region_code": code, "region_name": item.get("region_name", "")}, lang),
            name=t("tren.target_path", lang)))
    return traces


def on_track_block(found: Sequence[Mapping], meta: Mapping, lang: str) -> html.Div | None:
    """One line per chosen region with a target: its coloured status badge, the target and the chance."""
    if not found:
        return None
    decimals = int(meta.get("decimals") or 0)
    suffix = "%" if str(meta.get("unit") or "").strip().lower() == "persen" else ""
    rows = []
    for item in found:
        name = t("common.indonesia", lang) if item["region"] == "ID" else item.get("region_name", item["region"])
        chance = on_track.chance_text(item, lang)
        rows.append(html.Li([html.Span(name, className="fw-semibold me-2"), on_track.badge(item, lang, "me-2"),
                             on_track.target_text(item, decimals, lang, suffix),
                             html.Span(f" · {chance}", className="text-muted") if chance else None],
                            className="tren-on-track-item"))
    return html.Div([html.Span(t("on_track.title", lang), className="small text-muted me-2"),
                     html.Ul(rows, className="list-unstyled mb-0 small")], className="tren-on-track mb-2")


def break_notes(items: Sequence[Mapping], lang: str) -> html.Div | None:
    """The legend note under the chart: one line per series break drawn."""
    if not items:
        return None
    return html.Div([
        html.Strong(t("tren.breaks_title", lang)),
        html.Ul([html.Li(t("tren.break_item", lang, start=fmt_period(item["starts"], lang), note=item["note"],
                           regions=item["regions"])) for item in items], className="mb-0"),
    ], className="tren-breaks small text-muted mt-2")


def layout(indicator_options: Sequence[Mapping] = (), region_options: Sequence[Mapping] = (),
           indicator: str | None = None, regions: Sequence[str] = (), lang: str = "id",
           notices: Sequence = (), chart: Sequence | None = None) -> dbc.Container:
    """`chart`: (figure, notes, message, on-track block) as first drawn, so the page needs no callback before its
    figure; None: drawn by the page's callback."""
    figure, notes, message, track = chart if chart is not None else (None, None, None, None)
    graph = dcc.Graph(id=ids.GRAPH, config=graph_config(f"tren-{indicator or 'indikator'}"), className="tren-graph",
                      style={"height": "520px"})
    if figure is not None:
        graph.figure = figure
    controls = dbc.Row([
        dbc.Col([dbc.Label(t("tren.indicator", lang), html_for=ids.INDICATOR, className="small mb-1"),
                 dcc.Dropdown(id=ids.INDICATOR, options=list(indicator_options), value=indicator, clearable=False,
                              labels=dropdown_labels(lang))], md=4),
        dbc.Col([dbc.Label(t("tren.regions", lang), html_for=ids.REGIONS, className="small mb-1"),
                 dcc.Dropdown(id=ids.REGIONS, options=region_choices(region_options), value=list(regions), multi=True,
                              placeholder=t("tren.regions_placeholder", lang), labels=region_dropdown_labels(lang),
                              maxHeight=380, closeOnSelect=True)], md=8),
    ], className="g-3 mb-2")
    return dbc.Container([
        page_header(t("tren.title", lang), t("tren.subtitle", lang)),
        *notices,
        controls,
        html.Div([
            dbc.Checklist(id=ids.REFERENCE, options=[{"label": t("tren.reference", lang), "value": "on"}],
                          value=["on"], switch=True, inline=True, className="small"),
            html.Div(embed_share("tren", lang), className="d-flex gap-2"),
        ], className="d-flex justify-content-between align-items-center flex-wrap gap-2 mb-2"),
        html.Div(message, id=ids.MESSAGE),
        html.Div(track, id=ids.TRACK),
        graph,
        html.Div(notes, id=ids.NOTES),
        chart_export("tren", lang),
        html.P([t("tren.placement", lang), " ", t("tren.preliminary_note", lang)], className="small text-muted mt-2"),
        dcc.Store(id=ids.LANG, data=lang),
        dcc.Store(id=ids.URL_SYNC),
    ], fluid=True, className="pb-4 tren")


def empty_lines() -> pd.DataFrame:
    return pd.DataFrame(columns=["region_code", "region_name", "level", "role", "period", "date", "value", "status"])
