"""Trends page (/tren): one indicator for up to 8 regions with parent and national reference lines, series
breaks drawn as gaps, plan targets as markers, and the plotted data as CSV. The URL follows the controls
(history.replaceState in assets/tren.js), so the page is not re-rendered while regions are picked.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, State, html
from dash.exceptions import PreventUpdate

from callbacks import chart_export
from callbacks.chart_export import ChartData
from i18n import normalise_lang, t
from layouts import tren
from layouts.common import error_block, notice, theme_picker, with_theme_picker
from layouts.tren import MAX_REGIONS, ids
from models.breaks import breaks_for, with_gaps
from models.summary import clean_series
from services import cache, queries
from services.access import PUBLIC, Access
from services.auth import current_access
from services.context import AppContext
from services.errors import NoDataError, StoreError
from services.options import (
    Lifted,
    indicator_options,
    lift_below,
    region_options,
    resolve_state,
    theme_options,
)
from services.series_breaks import BREAKS
from services.targets import on_track

CSV_COLUMNS = ["kind", "indicator", "region", "region_name", "role", "period", "date", "value", "status", "low",
               "high", "plan"]


@dataclass
class TrendData:
    """What the chart plots: `lines` (gap rows marked `gap`), `targets`, `breaks` drawn, and regions without data."""

    meta: dict
    lines: pd.DataFrame
    targets: pd.DataFrame
    breaks: list[dict] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    on_track: list[dict] = field(default_factory=list)  # services.targets.on_track per chosen region with a target


def parse_codes(text: str | list | None) -> list[str]:
    """`32,3273` (or a repeated parameter) -> ["32", "3273"]; dots in codes (32.73) are dropped; order kept."""
    parts = text if isinstance(text, list) else str(text or "").split(",")
    codes = [p.replace(".", "").strip() for part in parts for p in str(part).split(",")]
    return list(dict.fromkeys("ID" if c.upper() == "ID" else c for c in codes if c))


def checked_regions(known: set[str], codes: list[str], lang: str,
                    lift: Callable[[str], Lifted] | None = None) -> tuple[list[str], list[str]]:
    """Known codes (at most 8) and the notices for unknown or surplus ones; `lift` turns a kecamatan or desa code
    into its kab/kota with a notice saying so (services.options.lift_below)."""
    notices, valid = [], []
    for code in codes:
        lifted = lift(code) if lift is not None and code not in known else None
        if code in known:
            valid.append(code)
        elif lifted is not None and lifted.region:
            valid.append(lifted.region)
            notices.append(str(lifted.notice))
        else:
            notices.append(t("common.unknown_region", lang, code=code))
    valid = list(dict.fromkeys(valid))
    if len(valid) > MAX_REGIONS:
        notices.append(t("tren.too_many", lang))
    return valid[:MAX_REGIONS], notices


def reference_codes(chosen: list[dict]) -> list[str]:
    """Parents of the chosen regions (the province of a kab/kota, Indonesia for a province) and Indonesia,
    except those already chosen; provinces first, Indonesia last."""
    picked = {r["code"] for r in chosen}
    parents = [r["parent_code"] for r in chosen if r.get("parent_code") and r["parent_code"] != "ID"]
    refs = list(dict.fromkeys(p for p in parents if p not in picked))
    return refs + ([] if "ID" in picked else ["ID"])


def _region_lines(series: pd.DataFrame, region: dict, role: str, indicator: str) -> tuple[pd.DataFrame, list]:
    frame = clean_series(series[series["region_code"] == region["code"]])
    if frame.empty:
        return frame, []
    own_breaks = breaks_for(BREAKS, indicator, region["code"])
    drawn = [b for b in own_breaks if frame["date"].min() < pd.Timestamp(b.boundary) <= frame["date"].max()]
    out = with_gaps(frame, own_breaks)
    out["gap"] = out["value"].isna()
    return out.assign(region_name=region["name"], level=region["level"], role=role), drawn


def trend_data(ctx: AppContext, indicator: str, codes: list[str], reference: bool = True,
               access: Access = PUBLIC) -> TrendData:
    """The lines, targets and breaks for one indicator and the chosen regions (plus references)."""
    meta = queries.indicator(ctx.engine, indicator, access)
    # only the chosen regions and their references: all of them are 91,047 rows once the villages are loaded
    regions = {r["code"]: r for r in queries.regions_by_code(ctx.engine, codes).to_dict("records")}
    chosen = [regions[c] for c in codes if c in regions]
    wanted = reference_codes(chosen) if reference else []
    regions |= {r["code"]: r for r in queries.regions_by_code(ctx.engine, wanted).to_dict("records")}
    refs = [regions[c] for c in wanted if c in regions]
    series = queries.series(ctx.engine, indicator, [r["code"] for r in chosen + refs], access)
    pieces, drawn, missing = [], {}, []
    for region, role in [(r, "selected") for r in chosen] + [(r, "reference") for r in refs]:
        lines, region_breaks = _region_lines(series, region, role, indicator)
        if lines.empty:
            missing += [region["name"]] if role == "selected" else []
            continue
        pieces.append(lines)
        for b in region_breaks:
            drawn.setdefault((b.boundary, b.starts, b.note_id, b.note_en), []).append(region)
    columns = ["region_code", "region_name", "level", "role", "period", "date", "value", "status", "gap"]
    lines = pd.concat(pieces, ignore_index=True)[columns] if pieces else pd.DataFrame(columns=columns)
    shown = list(dict.fromkeys(lines["region_code"]))
    targets = queries.targets(ctx.engine, indicator=indicator, access=access)
    targets = targets[targets["region_code"].isin(shown)].reset_index(drop=True)
    breaks = [{"when": when, "starts": starts, "note_id": nid, "note_en": nen, "regions": [r["name"] for r in rs]}
              for (when, starts, nid, nen), rs in sorted(drawn.items())]
    tracks = [{**found, "region_name": r["name"]} for r in chosen
              if r["code"] in set(targets["region_code"]) and r["code"] in shown
              and (found := on_track(ctx.engine, indicator, r["code"], access)) is not None]
    return TrendData(meta=meta, lines=lines, targets=targets, breaks=breaks, missing=missing, on_track=tracks)


def plotted_frame(data: TrendData) -> pd.DataFrame:
    """Exactly what the chart shows: every plotted value (no gap rows) and every target marker."""
    lines = data.lines[~data.lines["gap"].astype(bool)]
    obs = pd.DataFrame({"kind": "observation", "indicator": data.meta["code"], "region": lines["region_code"],
                        "region_name": lines["region_name"], "role": lines["role"], "period": lines["period"],
                        "date": pd.to_datetime(lines["date"]).dt.date.astype(str), "value": lines["value"],
                        "status": lines["status"]})
    roles = dict(zip(lines["region_code"], lines["role"], strict=False))
    names = dict(zip(lines["region_code"], lines["region_name"], strict=False))
    tg = data.targets
    targets = pd.DataFrame({"kind": "target", "indicator": data.meta["code"], "region": tg["region_code"],
                            "region_name": tg["region_code"].map(names), "role": tg["region_code"].map(roles),
                            "period": tg["year"].astype(str), "low": tg["low"], "high": tg["high"],
                            "plan": tg["plan"]})
    frames = [f for f in (obs, targets) if not f.empty]
    return pd.concat(frames, ignore_index=True).reindex(columns=CSV_COLUMNS) if frames else \
        pd.DataFrame(columns=CSV_COLUMNS)


def chart(data: TrendData, lang: str):
    """Figure, notes and message for the page, in `lang`."""
    name = data.meta.get(f"name_{lang}") or data.meta["code"]
    marks = [{"date": pd.Timestamp(b["when"]).isoformat(), "label": t("tren.break_label", lang)} for b in data.breaks]
    figure = tren.trend_figure(data.lines, data.meta, lang, data.targets, marks,
                               tren.target_paths(data.lines, data.on_track, lang))
    notes = tren.break_notes([{"starts": b["starts"], "note": b[f"note_{lang}"], "regions": ", ".join(b["regions"])}
                              for b in data.breaks], lang)
    messages = []
    if data.lines.empty:
        messages.append(notice(t("tren.no_data", lang, indicator=name), color="secondary"))
    elif data.missing:
        messages.append(notice(t("tren.missing_regions", lang, names=", ".join(data.missing)), color="secondary"))
    return figure, notes, html.Div(messages), tren.on_track_block(data.on_track, data.meta, lang)


def chart_data(ctx: AppContext, indicator: str | None, codes: list | None, reference, *,
               access: Access = PUBLIC) -> ChartData:
    """Exactly the plotted points and target markers, for the citation and the CSV/XLSX downloads."""
    if not indicator or not codes:
        raise ValueError("no indicator or region chosen")
    codes = list(codes)[:MAX_REGIONS]
    frame = plotted_frame(trend_data(ctx, indicator, codes, bool(reference), access))
    return ChartData(frame, (indicator,), tuple(codes), tuple(frame.loc[frame["kind"] == "observation", "period"].astype(str)),
                     f"tren-{indicator}-{'-'.join(codes)}")


def cached_chart(ctx: AppContext, indicator: str, codes: list[str], reference: bool, lang: str, access: Access):
    """chart() of trend_data(), kept per store generation (the figure as a plain dict: quick to unpickle)."""
    def build():
        figure, notes, message, track = chart(trend_data(ctx, indicator, codes, reference, access), lang)
        return figure.to_plotly_json() if hasattr(figure, "to_plotly_json") else figure, notes, message, track

    if ctx.cache is None:
        return build()
    return cache.cached(ctx, cache.call_key("tren.chart", (indicator, codes, reference, lang, access), {}), build)


def first_chart(ctx: AppContext, indicator: str | None, codes: list[str], lang: str, access: Access):
    """The chart the page's callback would draw for its URL (references on), in the layout itself; None when the
    callback would draw nothing."""
    if not indicator:
        return None
    try:
        return cached_chart(ctx, indicator, list(codes)[:MAX_REGIONS], True, lang, access)
    except NoDataError:
        return None


def page(ctx: AppContext):
    def layout(lang: str | None = None, indikator: str | None = None, wilayah: str | list | None = None,
               tema: str | None = None, **_query):
        lang = normalise_lang(lang or ctx.config.default_lang)
        try:
            access = current_access()
            state = resolve_state(ctx, lang=lang, indicator=indikator, access=access, theme=tema)
            known = set(queries.page_regions(ctx.engine, access=access)["code"])
            codes, region_notices = checked_regions(known, parse_codes(wilayah), lang,
                                                    lambda code: lift_below(ctx.engine, code, lang, known))
            page_layout = tren.layout(indicator_options(ctx, lang, access, state.theme),
                                      region_options(ctx, lang, access), state.indicator, codes or ["ID"], lang,
                                      [notice(n) for n in state.notices + region_notices],
                                      first_chart(ctx, state.indicator, codes or ["ID"], lang, access))
            return with_theme_picker(page_layout, theme_picker(theme_options(ctx, lang, access), state.theme,
                                                               "tren", lang))
        except StoreError:
            return error_block(lang)

    return layout


def register(app: Dash, ctx: AppContext) -> None:
    @app.callback(Output(ids.GRAPH, "figure"), Output(ids.NOTES, "children"), Output(ids.MESSAGE, "children"),
                  Output(ids.TRACK, "children"), Input(ids.INDICATOR, "value"), Input(ids.REGIONS, "value"),
                  Input(ids.REFERENCE, "value"),
                  State(ids.LANG, "data"), prevent_initial_call=True)  # the layout holds the first chart
    def update(indicator, codes, reference, lang):
        lang = normalise_lang(lang)
        if not indicator:
            raise PreventUpdate
        if not codes:
            return (tren.trend_figure(tren.empty_lines(), {}, lang), None, notice(t("tren.no_regions", lang), "secondary"),
                    None)
        try:
            return cached_chart(ctx, indicator, list(codes)[:MAX_REGIONS], bool(reference), lang, current_access())
        except NoDataError:
            raise PreventUpdate from None

    chart_export.register(app, ctx, "tren", [State(ids.INDICATOR, "value"), State(ids.REGIONS, "value"),
                                             State(ids.REFERENCE, "value")], partial(chart_data, ctx))

    app.clientside_callback(
        ClientsideFunction(namespace="tren", function_name="syncUrl"), Output(ids.URL_SYNC, "data"),
        Input(ids.INDICATOR, "value"), Input(ids.REGIONS, "value"), State(ids.LANG, "data"),
    )
