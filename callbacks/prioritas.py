"""Priority matrix page: builds the ranking, heat map and narrative from the store for the caller's access."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import ALL, Dash, Input, Output, State, html
from dash.exceptions import PreventUpdate

from callbacks import chart_export
from callbacks.chart_export import ChartData
from dashboard import priorities, queries
from dashboard.access import PUBLIC, Access
from dashboard.auth import current_access
from dashboard.context import AppContext
from dashboard.i18n import fmt_number, fmt_period, normalise_lang, t
from dashboard.options import indicator_options, resolve_state, theme_codes, theme_options
from data.errors import StoreError
from layouts import prioritas
from layouts.common import error_block, notice, theme_picker, with_theme_picker
from layouts.prioritas import ids


@dataclass
class PriorityView:
    rows: list[dict]
    figure: go.Figure
    narrative: list[str]
    notes: list[str]
    periods: tuple[str, ...] = ()


def parent_options(ctx: AppContext, lang: str, access: Access) -> list[dict]:
    frame = queries.regions(ctx.engine, level="province", access=access)
    return [{"label": t("common.indonesia", lang) + " (" + t("common.level.province", lang).lower() + ")",
             "value": "ID"}] + [{"label": f"{r['name']} ({t('common.level.regency', lang).lower()})", "value": r["code"]}
                                for r in frame.to_dict("records")]


def view_for(ctx: AppContext, parent: str, indicators: list[str], weights: dict[str, float], lang: str,
             access: Access) -> PriorityView:
    """The plain function behind the page (tested without a browser)."""
    meta = queries.indicators(ctx.engine, access).set_index("code")
    chosen = [c for c in indicators if c in meta.index]
    inputs, result = priorities.priorities(ctx.engine, parent, chosen, weights, access)
    rows = [{"rank": int(r.rank), "region": inputs.names.get(r.region, r.region), "code": r.region,
             "score": fmt_number(r.score, 2, lang), "stability": fmt_number(r.stability * 100, 0, lang) + "%",
             "missing": fmt_number(r.missing_share * 100, 0, lang) + "%"} for r in result.ranking.itertuples()]
    heat = result.heatmap
    order = [r for r in result.ranking["region"] if r in heat.index] if not heat.empty else []
    columns = [c for c in chosen if not heat.empty and c in heat.columns]
    short = lambda c: str(meta.loc[c, "short_id" if lang == "id" else "short_en"] or c) if c in meta.index else c  # noqa: E731
    labels = [short(c) for c in columns]
    z = [[None if heat.loc[r, c] != heat.loc[r, c] else round(float(heat.loc[r, c]), 2) for c in columns]
         for r in order]
    figure = prioritas.heatmap([inputs.names.get(r, r) for r in order], labels, z, lang)
    notes = []
    if not result.set_apart.empty:
        notes.append(t("prioritas.set_apart", lang, regions=", ".join(
            f"{inputs.names.get(r, r)} ({fmt_number(m * 100, 0, lang)}%)"
            for r, m in zip(result.set_apart["region"], result.set_apart["missing_share"], strict=True))))
    if inputs.dropped:
        notes.append(t("prioritas.dropped", lang, items=", ".join(
            f"{short(c)} × {t('prioritas.crit.' + k, lang)}" for c, k in inputs.dropped)))
    # indicator names and periods as the page writes them (IPM 2024, Kemiskinan (P0) September 2024), not codes
    notes.append(t("prioritas.periods", lang, items=", ".join(
        f"{short(c)} {fmt_period(p, lang)}" for c, p in inputs.latest.items())))
    story = priorities.narrative(inputs, result, meta, lang, fmt=fmt_number)
    return PriorityView(rows, figure, story, notes, tuple(inputs.latest.values()))


def chart_data(ctx: AppContext, parent, indicators, weights, weight_ids, *, access: Access = PUBLIC) -> ChartData:
    """The ranked regions with their scores (the table and the heat map), for the citation and downloads."""
    if not parent or not indicators:
        raise ValueError("no region or indicator chosen")
    chosen = {w["index"]: float(v or 0) for w, v in zip(weight_ids or [], weights or [], strict=True)}
    view = view_for(ctx, parent, list(indicators), chosen, "id", access)
    frame = pd.DataFrame(view.rows)
    return ChartData(frame, tuple(indicators), (parent,), view.periods, f"prioritas-{parent}")


def page(ctx: AppContext):
    def layout(lang: str | None = None, wilayah: str | None = None, indikator: str | None = None,
               tema: str | None = None, **_query):
        lang = normalise_lang(lang or ctx.config.default_lang)
        access = current_access()
        try:
            codes = [c for c in (indikator or "").split(",") if c]
            state = resolve_state(ctx, lang, wilayah, codes[0] if codes else None, None, access, tema=tema)
            parent = state.wilayah if state.wilayah == "ID" or len(state.wilayah) == 2 else state.wilayah[:2]
            visible = (theme_codes(ctx, state.tema, access) if state.tema
                       else list(queries.indicators(ctx.engine, access)["code"]))
            defaults = [c for c in priorities.DEFAULT_INDICATORS if c in visible] or visible[:4]
            chosen = [c for c in codes if c in visible] or defaults
            page_layout = prioritas.layout(parent_options(ctx, lang, access),
                                           indicator_options(ctx, lang, access, state.tema), parent, chosen,
                                           priorities.DEFAULT_WEIGHTS, lang, [notice(n) for n in state.notices])
            return with_theme_picker(page_layout, theme_picker(theme_options(ctx, lang, access), state.tema,
                                                               "prioritas", lang))
        except StoreError:
            return error_block(lang)

    return layout


def register(app: Dash, ctx: AppContext) -> None:
    @app.callback(Output(ids.GRID, "rowData"), Output(ids.HEATMAP, "figure"), Output(ids.NARRATIVE, "children"),
                  Output(ids.NOTES, "children"),
                  Input(ids.PARENT, "value"), Input(ids.INDICATORS, "value"),
                  Input({"type": ids.WEIGHT, "index": ALL}, "value"),
                  State({"type": ids.WEIGHT, "index": ALL}, "id"), State(ids.LANG, "data"))
    def update(parent, indicators, weights, weight_ids, lang):
        if not parent or not indicators:
            raise PreventUpdate
        lang = normalise_lang(lang)
        chosen = {w["index"]: float(v or 0) for w, v in zip(weight_ids, weights, strict=True)}
        try:
            view = view_for(ctx, parent, list(indicators), chosen, lang, current_access())
        except StoreError:
            return [], go.Figure(), error_block(lang), None
        story = dbc.Alert([html.H2(t("prioritas.narrative", lang), className="h6")] +
                          [html.P(line, className="mb-1") for line in view.narrative] if view.narrative
                          else t("prioritas.empty", lang), color="info")
        return view.rows, view.figure, story, [html.P(n, className="mb-1") for n in view.notes]

    chart_export.register(app, ctx, "prioritas", [
        State(ids.PARENT, "value"), State(ids.INDICATORS, "value"), State({"type": ids.WEIGHT, "index": ALL}, "value"),
        State({"type": ids.WEIGHT, "index": ALL}, "id")], partial(chart_data, ctx))
