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
from i18n import fmt_number, fmt_period, normalise_lang, t, urls
from layouts import prioritas
from layouts.common import error_block, notice, theme_picker, with_theme_picker
from layouts.prioritas import ids
from services import cache, priorities, queries, village_priorities
from services.access import PUBLIC, Access
from services.auth import current_access
from services.context import AppContext
from services.errors import StoreError
from services.options import indicator_options, resolve_state, theme_codes, theme_options


@dataclass
class PriorityView:
    rows: list[dict]
    figure: go.Figure
    narrative: list[str]
    notes: list[str]
    periods: tuple[str, ...] = ()


#: heat-map rows at most (a kab/kota has up to about 400 desa; the table lists them all)
HEAT_ROWS = 50


def parent_options(ctx: AppContext, lang: str, access: Access, local: dict | None = None) -> list[dict]:
    """Indonesia (its provinces), each province (its kab/kota), and for `local` (a kab/kota) its kecamatan and
    its desa."""
    frame = queries.regions(ctx.engine, level="province", access=access)
    own = [{"label": t(f"prioritas.units.{level}", lang, name=local["name"]),
            "value": village_priorities.parent_key(local["code"], level)}
           for level in village_priorities.UNIT_LEVELS] if local else []
    return [{"label": t("common.indonesia", lang) + " (" + t("common.level.province", lang).lower() + ")",
             "value": "ID"}] + [{"label": f"{r['name']} ({t('common.level.regency', lang).lower()})", "value": r["code"]}
                                for r in frame.to_dict("records")] + own


def local_view(ctx: AppContext, parent: str, indicators: list[str], weights: dict[str, float], lang: str,
               access: Access) -> PriorityView:
    """The matrix inside a kab/kota: kecamatan or desa on the IDM dimensions."""
    inputs, result, left_out = village_priorities.priorities(ctx.engine, parent, indicators, weights, access)
    rows = [{"rank": int(r.rank), "region": inputs.names.get(r.region, r.region), "code": r.region,
             "score": fmt_number(r.score, 2, lang), "stability": fmt_number(r.stability * 100, 0, lang) + "%",
             "missing": fmt_number(r.missing_share * 100, 0, lang) + "%"} for r in result.ranking.itertuples()]
    heat = result.heatmap
    order = [r for r in result.ranking["region"] if r in heat.index][:HEAT_ROWS] if not heat.empty else []
    columns = [c for c in village_priorities.DIMENSIONS if not heat.empty and c in heat.columns]
    z = [[None if heat.loc[r, c] != heat.loc[r, c] else round(float(heat.loc[r, c]), 2) for c in columns]
         for r in order]
    figure = prioritas.heatmap([inputs.names.get(r, r) for r in order], [t(f"prioritas.crit.{c}", lang)
                                                                          for c in columns], z, lang)
    level = village_priorities.split_parent(parent)[1]
    notes = [t(f"prioritas.left_out.{level}", lang, n=fmt_number(left_out, 0, lang))] if left_out else []
    if len(rows) > len(order):
        notes.append(t("prioritas.heat_rows", lang, n=len(order), of=fmt_number(len(rows), 0, lang)))
    if not result.set_apart.empty:
        notes.append(t("prioritas.set_apart", lang, regions=", ".join(
            f"{inputs.names.get(r, r)} ({fmt_number(m * 100, 0, lang)}%)"
            for r, m in zip(result.set_apart["region"], result.set_apart["missing_share"], strict=True))))
    notes.append(t("prioritas.local_basis", lang, period=next(iter(inputs.latest.values()), "–")))
    return PriorityView(rows, figure, local_story(inputs, result, lang), notes, tuple(inputs.latest.values()))


def local_story(inputs, result, lang: str) -> list[str]:
    """The top three units, each with the dimension it needs most (its highest normalised need) and its index."""
    index = inputs.long.set_index(["region", "indicator"])["value"]
    lines = []
    for row in result.ranking.head(3).itertuples(index=False):
        if row.region not in result.heatmap.index or result.heatmap.loc[row.region].dropna().empty:
            continue
        dim = str(result.heatmap.loc[row.region].dropna().idxmax())
        lines.append(t("prioritas.local_line", lang, rank=row.rank, name=inputs.names.get(row.region, row.region),
                       dim=t(f"prioritas.crit.{dim}", lang), value=fmt_number(1 - index[(row.region, dim)], 4, lang),
                       stability=fmt_number(row.stability * 100, 0, lang)))
    return lines


def ranked(ctx: AppContext, parent: str, chosen: list[str], weights: dict[str, float], access: Access):
    """services.priorities.priorities, kept per store generation: the matrix and the citation under it ask for the
    same ranking (300 seeded draws: the same answer every time), 0.5-1 s each."""
    build = lambda: priorities.priorities(ctx.engine, parent, chosen, weights, access)
    if ctx.cache is None:
        return build()
    return cache.cached(ctx, cache.call_key("prioritas.ranked", (parent, chosen, weights, access), {}), build)


def view_for(ctx: AppContext, parent: str, indicators: list[str], weights: dict[str, float], lang: str,
             access: Access) -> PriorityView:
    """The plain function behind the page (tested without a browser)."""
    if village_priorities.split_parent(parent):
        return local_view(ctx, parent, indicators, weights, lang, access)
    if not any(weights.get(c) for c in priorities.DEFAULT_WEIGHTS):  # the sliders of a kab/kota's matrix
        weights = dict(priorities.DEFAULT_WEIGHTS)
    meta = queries.indicators(ctx.engine, access).set_index("code")
    chosen = [c for c in indicators if c in meta.index]
    inputs, result = ranked(ctx, parent, chosen, weights, access)
    rows = [{"rank": int(r.rank), "region": inputs.names.get(r.region, r.region), "code": r.region,
             "score": fmt_number(r.score, 2, lang), "stability": fmt_number(r.stability * 100, 0, lang) + "%",
             "missing": fmt_number(r.missing_share * 100, 0, lang) + "%"} for r in result.ranking.itertuples()]
    heat = result.heatmap
    order = [r for r in result.ranking["region"] if r in heat.index] if not heat.empty else []
    columns = [c for c in chosen if not heat.empty and c in heat.columns]
    short = lambda c: str(meta.loc[c, "short_id" if lang == "id" else "short_en"] or c) if c in meta.index else c
    labels = [short(c) for c in columns]
    z = [[None if heat.loc[r, c] != heat.loc[r, c] else round(float(heat.loc[r, c]), 2) for c in columns]
         for r in order]
    figure = prioritas.heatmap([inputs.names.get(r, r) for r in order], labels, z, lang)
    notes = []
    if not result.set_apart.empty:
        notes.append(t("prioritas.set_apart", lang, regions=", ".join(
            f"{inputs.names.get(r, r)} ({fmt_number(m * 100, 0, lang)}%)"
            for r, m in zip(result.set_apart["region"], result.set_apart["missing_share"], strict=True))))
    if inputs.absent:
        level = t("common.level.province" if parent == "ID" else "common.level.regency", lang).lower()
        notes.append(t("prioritas.absent", lang, items=", ".join(short(c) for c in inputs.absent), level=level))
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


def drawn(ctx: AppContext, parent: str, indicators: list[str], weights: dict[str, float], lang: str,
          access: Access) -> tuple:
    """(grid rows, heat map, narrative, notes): what the page shows for these controls, in its layout at page load
    and from its callback afterwards."""
    try:
        view = view_for(ctx, parent, indicators, weights, lang, access)
    except StoreError:
        return [], go.Figure(), error_block(lang), None
    story = dbc.Alert([html.H2(t("prioritas.narrative", lang), className="h6")] +
                      [html.P(line, className="mb-1") for line in view.narrative] if view.narrative
                      else t("prioritas.empty", lang), color="info")
    return view.rows, view.figure, story, [html.P(n, className="mb-1") for n in view.notes]


def below_notice(place, tingkat: str, lang: str) -> str:
    """What the matrix shows for a link to a kecamatan or desa (services.village_place.Place)."""
    name = (f"{t('common.kind.' + (place.kind or 'desa'), lang)} {place.name}" if place.level == "village"
            else t("desa.place.title_district", lang, name=place.name))
    units = t("prioritas.below." + ("village" if urls.LEVELS.get(tingkat) == "village" else "district"), lang)
    return t("prioritas.below", lang, name=name, code=place.code, regency=place.regency_name, units=units)


def page(ctx: AppContext):
    def layout(lang: str | None = None, wilayah: str | None = None, indikator: str | None = None,
               tema: str | None = None, tingkat: str | None = None, **_query):
        lang = normalise_lang(lang or ctx.config.default_lang)
        access = current_access()
        try:
            codes = [c for c in (indikator or "").split(",") if c]
            state = resolve_state(ctx, lang, wilayah, codes[0] if codes else None, None, access, theme=tema,
                                  villages=True)
            if state.place:  # a kecamatan or desa: its kab/kota's matrix of units of its own level
                tingkat = tingkat or urls.LEVEL_WORDS[state.place.level]
                state.notices.append(below_notice(state.place, tingkat, lang))
            parent = state.region if state.region == "ID" or len(state.region) == 2 else state.region[:2]
            visible = (theme_codes(ctx, state.theme, access) if state.theme
                       else list(queries.indicators(ctx.engine, access)["code"]))
            defaults = [c for c in priorities.DEFAULT_INDICATORS if c in visible] or visible[:4]
            chosen = [c for c in codes if c in visible] or defaults
            local = queries.region(ctx.engine, state.region) if len(state.region) == 4 else None
            criteria, weights = prioritas.CRITERIA, priorities.DEFAULT_WEIGHTS
            if local:  # inside a kab/kota: its kecamatan (or desa) on the IDM dimensions
                level = urls.LEVELS.get(tingkat or "", "district")
                parent = village_priorities.parent_key(state.region, level if level in village_priorities.UNIT_LEVELS
                                                       else "district")
                chosen = [c for c in chosen if c in village_priorities.DIMENSIONS] or list(village_priorities.DIMENSIONS)
                criteria, weights = village_priorities.DIMENSIONS, village_priorities.DEFAULT_WEIGHTS
            # the first matrix as the callback would draw it from the sliders' values (layouts.prioritas: 1 unset)
            first = drawn(ctx, parent, list(chosen), {c: float(weights.get(c, 1) or 0) for c in criteria}, lang,
                          access) if parent and chosen else None
            page_layout = prioritas.layout(parent_options(ctx, lang, access, local),
                                           indicator_options(ctx, lang, access, state.theme), parent, chosen,
                                           weights, lang, [notice(n) for n in state.notices], criteria, first)
            return with_theme_picker(page_layout, theme_picker(theme_options(ctx, lang, access), state.theme,
                                                               "prioritas", lang))
        except StoreError:
            return error_block(lang)

    return layout


def register(app: Dash, ctx: AppContext) -> None:
    @app.callback(Output(ids.GRID, "rowData"), Output(ids.HEATMAP, "figure"), Output(ids.NARRATIVE, "children"),
                  Output(ids.NOTES, "children"),
                  Input(ids.PARENT, "value"), Input(ids.INDICATORS, "value"),
                  Input({"type": ids.WEIGHT, "index": ALL}, "value"),
                  State({"type": ids.WEIGHT, "index": ALL}, "id"), State(ids.LANG, "data"),
                  prevent_initial_call=True)  # the layout holds the first matrix (page)
    def update(parent, indicators, weights, weight_ids, lang):
        if not parent or not indicators:
            raise PreventUpdate
        chosen = {w["index"]: float(v or 0) for w, v in zip(weight_ids, weights, strict=True)}
        return drawn(ctx, parent, list(indicators), chosen, normalise_lang(lang), current_access())

    chart_export.register(app, ctx, "prioritas", [
        State(ids.PARENT, "value"), State(ids.INDICATORS, "value"), State({"type": ids.WEIGHT, "index": ALL}, "value"),
        State({"type": ids.WEIGHT, "index": ALL}, "id")], partial(chart_data, ctx))
