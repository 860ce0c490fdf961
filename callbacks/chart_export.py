"""The one "cite this" line and CSV/XLSX download every public chart carries (not a page of its own).

A page puts `layouts.common.chart_export(chart, lang)` under a chart and calls `register(app, ctx, chart, states,
build)` with the controls that decide the chart and a plain `build(*values, access) -> ChartData` that returns
exactly the rows the chart draws. Both the citation and the files come from that one `ChartData`, so what is
cited and downloaded is what is plotted.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from dash import Dash, Input, Output, State, dcc
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate

from callbacks.shell import lang_of
from i18n import fmt_date, fmt_number, fmt_period, t
from layouts import feedback as feedback_view
from layouts.common import export_ids
from layouts.provenance import source_text, vintage_text
from layouts.shell import ids as shell_ids
from services import cache, provenance, queries
from services.access import PUBLIC, Access
from services.audit import record_export
from services.auth import client_ip, current_access
from services.context import AppContext
from services.errors import NoDataError, StoreError
from services.export import citation, citation_by_figure, safe_csv, safe_xlsx


@dataclass(frozen=True)
class ChartData:
    """What a chart draws: its rows, and what they are of (for the citation and the file name)."""

    frame: pd.DataFrame
    indicators: tuple[str, ...]
    regions: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()
    name: str = "data"
    notes: list[str] = field(default_factory=list)
    #: (indicator, period) of each figure shown when they differ (the overview's cards): the citation then gives
    #: each figure its own period and source instead of one merged range
    figures: tuple[tuple[str, str | None], ...] = ()
    #: (level, how many regions, parent) when the rows are a whole level: cited as "38 provinsi" or
    #: "27 kab/kota di Jawa Barat" instead of one region's name
    scope: tuple[str, int, str | None] | None = None
    #: the provenance rows of the values (services.provenance), when the chart knows them: cited as
    #: "producer — table (vintage)"; else the indicators' producers
    sources: tuple[Mapping, ...] = ()


Build = Callable[..., ChartData]


def _names(ctx: AppContext, data: ChartData, lang: str, access: Access) -> tuple[str, str, str, list[str]]:
    metas = [queries.indicator(ctx.engine, code, access) for code in data.indicators]
    indicators = "; ".join(m["name_id"] if lang == "id" else m["name_en"] for m in metas)
    regions = []
    for code in data.regions[:4]:
        regions.append(t("common.indonesia", lang) if code == "ID" else queries.region(ctx.engine, code)["name"])
    if len(data.regions) > 4:
        regions.append(t("export.more_regions", lang, n=len(data.regions) - 4))
    sources = "; ".join(cited_sources(data.sources, lang) or dict.fromkeys((m.get("producer") or "–") for m in metas))
    flags = [t("confidence." + m["confidence"], lang) for m in metas if m.get("confidence")]
    return indicators, ", ".join(regions), sources, flags


def period_text(periods: Sequence[str], lang: str) -> str | None:
    ordered = sorted({str(p) for p in periods if p})
    if not ordered:
        return None
    if len({len(p) == 4 for p in ordered}) > 1:  # years mixed with months or quarters: "2024", not "2024–Maret 2024"
        first, last = ordered[0][:4], ordered[-1][:4]
        return first if first == last else f"{first}–{last}"
    first, last = fmt_period(ordered[0], lang), fmt_period(ordered[-1], lang)
    return first if first == last else f"{first}–{last}"


def cited_sources(found: Iterable[Mapping], lang: str) -> tuple[str, ...]:
    """Each distinct "producer — table (pembaruan BPS 15 Mei 2025)" of provenance rows, for a cite line."""
    texts = []
    for source in found:
        text = " — ".join(p for p in (source.get("producer"), source.get("title")) if p)
        vintage = vintage_text(source, lang)
        texts.append(f"{text} ({vintage})" if vintage else text)
    return tuple(dict.fromkeys(texts))


def scope_text(ctx: AppContext, scope: tuple[str, int, str | None], lang: str) -> str:
    """"38 provinsi" / "514 kab/kota" / "27 kab/kota di Jawa Barat" / "435 desa/kelurahan di Kabupaten Bogor" (and
    in English): the level's own word, also under a parent (the desa of a kab/kota were cited as "435 kab/kota")."""
    level, count, parent = scope
    n = fmt_number(count, 0, lang)
    if parent:
        return t(f"cite.scope.{level}_in", lang, n=n, parent=queries.region(ctx.engine, parent)["name"])
    return t(f"cite.scope.{level}", lang, n=n)


def figure_groups(ctx: AppContext, region: str, figures, lang: str, access: Access) -> list[tuple[str, list[str]]]:
    """[(producer, ["IPM 2024 (<source table>, versi ...)", ...]), ...]: each figure of `region` with its own
    period, source table, vintage and quality flag (services.provenance), grouped by producer."""
    found = provenance.sources_of(ctx.engine, [(code, region, p) for code, p in figures if p], access)
    groups: dict[str, list[str]] = {}
    for code, period in figures:
        meta = queries.indicator(ctx.engine, code, access)
        name = (meta.get("short_id") if lang == "id" else meta.get("short_en")) or meta[f"name_{lang}"]
        source = found.get((code, region, period)) or {}
        detail = source_text({k: source.get(k) for k in ("title", "vintage", "vintage_kind", "quality")}, lang)
        text = f"{name} {fmt_period(period, lang)}" if period else name
        groups.setdefault(source.get("producer") or meta.get("producer") or "–", []).append(
            f"{text} ({detail})" if detail else text)
    return list(groups.items())


def cite_text(ctx: AppContext, data: ChartData, lang: str, access: Access = PUBLIC, today: date | None = None) -> str:
    """indicator, region, period, source, date accessed (and the incomplete-series flag when it applies); with
    `data.figures`, each figure's own period and source."""
    indicators, regions, sources, flags = _names(ctx, data, lang, access)
    where = scope_text(ctx, data.scope, lang) if data.scope else regions or t("export.regions_shown", lang)
    accessed = fmt_date(today or date.today(), lang)
    if data.figures:
        groups = figure_groups(ctx, data.regions[0] if data.regions else "ID", data.figures, lang, access)
        text = citation_by_figure(where, groups, accessed, lang)
    else:
        text = citation(indicators, where, period_text(data.periods, lang), sources, accessed, lang=lang)
    return " ".join([text, *(f"[{f}]" for f in flags)])


def about_lines(ctx: AppContext, data: ChartData, lang: str, access: Access = PUBLIC) -> list[tuple[str, str]]:
    """The XLSX `about` sheet: the citation and what the columns are of."""
    indicators, regions, sources, flags = _names(ctx, data, lang, access)
    lines = [(t("common.cite", lang), cite_text(ctx, data, lang, access)), (t("common.indicator", lang), indicators),
             (t("common.region", lang), regions), (t("common.period", lang), period_text(data.periods, lang) or ""),
             (t("common.source", lang), sources)]
    return lines + [("!", f) for f in flags] + [("", n) for n in data.notes]


def feedback_for(data: ChartData, lang: str):
    """The "ask / flag this figure" button for the chart's (first) indicator, region and latest period."""
    if not data.indicators:
        return None
    period = max(data.periods) if data.periods else None
    return feedback_view.button(data.indicators[0], data.regions[0] if data.regions else "ID", period, lang)


def file_for(ctx: AppContext, data: ChartData, kind: str, lang: str, access: Access = PUBLIC) -> dict:
    """The download (`csv` or `xlsx`) of exactly `data.frame`."""
    if kind == "xlsx":
        content = safe_xlsx(data.frame, about=about_lines(ctx, data, lang, access))
        return dcc.send_bytes(content, f"{data.name}.xlsx")
    return dcc.send_string(safe_csv(data.frame), f"{data.name}.csv", type="text/csv")


def cited(ctx: AppContext, chart: str, controls: Sequence, lang: str, access: Access, build: Build) -> tuple:
    """(cite line, feedback button) of `chart` for these controls, kept per store generation and day: the
    citation rebuilds the chart's data (up to ~1 s on /prioritas) on every page load, for the same answer."""
    def make():
        data = build(*controls, access=access)
        return cite_text(ctx, data, lang, access), feedback_for(data, lang)

    if ctx.cache is None:
        return make()
    key = cache.call_key(f"cite.{chart}", (list(controls), lang, access, date.today().isoformat()), {})
    return cache.cached(ctx, key, make)


def register(app: Dash, ctx: AppContext, chart: str, states: Sequence[State], build: Build) -> None:
    """The citation (refreshed whenever the chart's controls change) and the two download buttons of `chart`."""
    inputs = [Input(s.component_id, s.component_property) for s in states]

    @app.callback(Output(export_ids.cite(chart), "children"), Output(export_ids.feedback(chart), "children"),
                  *inputs, State(shell_ids.URL, "search"))
    def cite(*values):
        *controls, search = values
        lang, access = lang_of(search, ctx.config.default_lang), current_access()
        try:
            return cited(ctx, chart, controls, lang, access, build)
        except (NoDataError, StoreError, ValueError, LookupError, TypeError):
            return "", None

    @app.callback(Output(export_ids.download(chart), "data"), Input(export_ids.csv(chart), "n_clicks"),
                  Input(export_ids.xlsx(chart), "n_clicks"), *states, State(shell_ids.URL, "search"),
                  prevent_initial_call=True)
    def download(csv_clicks, xlsx_clicks, *values):
        *controls, search = values
        if not (csv_clicks or xlsx_clicks):
            raise PreventUpdate
        lang, access = lang_of(search, ctx.config.default_lang), current_access()
        kind = "xlsx" if dash_ctx.triggered_id == export_ids.xlsx(chart) else "csv"
        try:
            data = build(*controls, access=access)
        except (NoDataError, StoreError, ValueError, LookupError, TypeError):
            raise PreventUpdate from None
        if data.frame.empty:
            raise PreventUpdate
        record_export(ctx.engine, access, data.indicators, f"{data.name}.{kind}", client_ip())
        return file_for(ctx, data, kind, lang, access)
