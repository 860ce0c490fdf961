"""Forecast page (/proyeksi): one region's history, stored forecast and targets, every peer region's attainment,
and the target editor. The page is rendered from the URL (`wilayah`, `indikator`, `lang`); the dropdowns only
change the URL. Plain functions below are tested without Dash; callbacks stay thin.
"""
from __future__ import annotations

from functools import partial

import pandas as pd
from dash import Dash, Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate
from dash_bootstrap_components import Alert
from flask import has_request_context, request

from callbacks import chart_export
from callbacks.chart_export import ChartData
from callbacks.url_state import register_navigation
from i18n import chart_unit, fmt_chance, fmt_date, fmt_number, fmt_period, normalise_lang, t
from layouts import proyeksi
from layouts.common import error_block, notice, theme_picker, with_theme_picker
from layouts.on_track import outcome_text, status_text
from layouts.proyeksi import ids
from models.forecast import Forecast, quality_of
from services import queries
from services.access import PUBLIC, Access
from services.context import AppContext
from services.errors import NoDataError, StoreError, ValidationError
from services.export import safe_csv
from services.forecast_jobs import TARGET_MONTH
from services.forecasts import forecasts_for
from services.options import indicator_options, region_options, resolve_state, theme_options
from services.targets import (
    assessment,
    editable_rows,
    histories,
    may_edit_targets,
    pick_target,
    request_access,
    save_targets,
)

DEFAULT_INDICATOR = "p0"


def peers(ctx: AppContext, region: str, access: Access = PUBLIC) -> tuple[str, str | None, pd.DataFrame]:
    """The regions compared with `region`: provinces for Indonesia or a province, the province's kab/kota for one."""
    info = queries.region(ctx.engine, region)
    if info["level"] == "regency":
        parent = info["parent_code"]
        return "regency", parent, queries.regions(ctx.engine, level="regency", parent=parent, access=access)
    return "province", None, queries.regions(ctx.engine, level="province", access=access)


def attainments(ctx: AppContext, indicator: str, codes: list[str], meta: dict, access: Access = PUBLIC,
                forecasts: dict[str, Forecast] | None = None) -> tuple[dict[str, dict], pd.DataFrame]:
    """Per region code: the assessment of its next target (regions without a target or data are left out)."""
    series = queries.series(ctx.engine, indicator, codes, access=access)
    targets = queries.targets(ctx.engine, indicator, access=access)
    forecasts = forecasts if forecasts is not None else forecasts_for(ctx.engine, indicator, codes, access)
    by_region = histories(series)
    by_target: dict[str, list[dict]] = {}
    for row in targets.to_dict("records"):
        by_target.setdefault(row["region_code"], []).append(row)
    out = {}
    for code in codes:
        history, mine = by_region.get(code, []), by_target.get(code, [])
        if not history or not mine:
            continue
        target = pick_target(mine, int(history[-1][0][:4]))
        out[code] = assessment(indicator, code, target, history, forecasts.get(code), meta["higher_is_better"])
    return out, by_region


def region_rows(ctx: AppContext, indicator: str, region: str, lang: str, access: Access = PUBLIC) -> tuple[list[dict], str]:
    """The peer table: every region of the level with its latest value, target, chance and status."""
    meta = queries.indicator(ctx.engine, indicator, access)
    decimals = int(meta["decimals"] if meta["decimals"] is not None else 2)
    level, parent, frame = peers(ctx, region, access)
    codes = frame["code"].tolist()
    forecasts = forecasts_for(ctx.engine, indicator, codes, access)
    found, by_region = attainments(ctx, indicator, codes, meta, access, forecasts)
    rows = []
    for code, name in zip(frame["code"], frame["name"], strict=True):
        history = by_region.get(code, [])
        latest = history[-1] if history else None
        a, f = found.get(code), forecasts.get(code)
        rows.append({
            "code": code, "name": name,
            "latest": latest[1] if latest is not None else None,
            "latest_text": fmt_number(latest[1] if latest is not None else None, decimals, lang),
            "period": fmt_period(latest[0], lang) if latest is not None else "",
            "target": (f"{a['year']} ({a['plan']}): {proyeksi.target_text(a, decimals, lang)}" if a else ""),
            "achievement": round(a["achievement"], 1) if a and a["achievement"] is not None else None,
            "achievement_text": fmt_number(a["achievement"], 1, lang, missing="") if a else "",
            "probability": round(a["probability"] * 100, 1) if a and a["probability"] is not None else None,
            "probability_text": (outcome_text(a, lang) or fmt_chance(a["probability"], lang))
            if a and a["probability"] is not None else "",
            "status": a["status"] if a else None,
            "status_text": status_text(a["status"], lang) if a and a["status"] else "",
            "model": f.model if f else None,
            "model_text": t(f"proyeksi.model.{f.model}", lang) if f and f.model else
            (f.reason.text(lang) if f and f.reason else ""),
            "mase": f.mase if f else None, "mase_text": fmt_number(f.mase, 2, lang, missing="") if f else "",
        })
    title_level = (t("proyeksi.level.province", lang) if level == "province" else
                   t("proyeksi.level.regency", lang, parent=queries.region(ctx.engine, parent)["name"]))
    return rows, t("proyeksi.table.title", lang, level=title_level)


def rows_csv(rows: list[dict], indicator: str) -> str:
    frame = pd.DataFrame(rows, columns=["code", "name", "latest", "period", "target", "achievement", "probability",
                                        "status", "model", "mase"])
    frame.insert(0, "indicator", indicator)
    return safe_csv(frame)


def view(ctx: AppContext, indicator: str, region: str, lang: str, access: Access = PUBLIC) -> dict:
    """Everything the chart and summary show for one region (plain data)."""
    meta = queries.indicator(ctx.engine, indicator, access)
    decimals = int(meta["decimals"] if meta["decimals"] is not None else 2)
    history = queries.series(ctx.engine, indicator, [region], access=access).sort_values("period")
    forecast = forecasts_for(ctx.engine, indicator, [region], access).get(region)
    targets = queries.targets(ctx.engine, indicator, region, access=access).to_dict("records")
    found, _ = attainments(ctx, indicator, [region], meta, access, {region: forecast} if forecast else {})
    return {"meta": meta, "decimals": decimals, "history": history[["period", "value"]].to_dict("records"),
            "forecast": forecast, "targets": targets, "on_track": found.get(region)}


def chart_frame(data: dict, indicator: str, region: str) -> pd.DataFrame:
    """Exactly what the chart draws: history, fitted values, forecast with its bands, target markers."""
    rows = [{"period": h["period"], "kind": "data", "value": h["value"]} for h in data["history"]]
    f: Forecast | None = data["forecast"]
    if f is not None:
        rows += [{"period": p, "kind": "fitted", "value": v} for p, v in f.fitted]
        rows += [{"period": p.period, "kind": "forecast", "value": p.mean, "lo80": p.lo80, "hi80": p.hi80,
                  "lo95": p.lo95, "hi95": p.hi95, "model": f.model} for p in f.points]
    rows += [{"period": str(tg["year"]), "kind": "target", "lo95": tg["low"], "hi95": tg["high"], "model": tg["plan"]}
             for tg in data["targets"]]
    frame = pd.DataFrame(rows, columns=["period", "kind", "value", "lo80", "hi80", "lo95", "hi95", "model"])
    frame.insert(0, "region", region)
    frame.insert(0, "indicator", indicator)
    return frame


def chart_csv(data: dict, indicator: str, region: str) -> str:
    return safe_csv(chart_frame(data, indicator, region))


def chart_data(ctx: AppContext, state: dict | None, *, access: Access = PUBLIC) -> ChartData:
    if not state or not state.get("indicator"):
        raise ValueError("no indicator chosen")
    indicator, region = state["indicator"], state["region"]
    data = view(ctx, indicator, region, normalise_lang(state.get("lang")), access)
    return ChartData(chart_frame(data, indicator, region), (indicator,), (region,),
                     tuple(h["period"] for h in data["history"]), f"proyeksi-{indicator}-{region}")


def summary_children(data: dict, lang: str) -> list:
    f: Forecast | None = data["forecast"]
    decimals = data["decimals"]
    if not data["history"]:
        return [html.P(t("proyeksi.no_series", lang), className="text-muted")]
    # how often such forecasts held in the backtest first: it says what the ranges are worth
    notes = [n.text(lang) for n in sorted(f.notes, key=lambda n: not n.code.startswith("held_"))] if f else []
    if f and f.used_periods:
        notes.insert(0, t("proyeksi.used", lang, first=fmt_period(f.used_periods[0], lang),
                          last=fmt_period(f.used_periods[-1], lang), n=len(f.used_periods)))
    model = proyeksi.model_line(f.model, f.mase, quality_of(f.mase), lang) if f else []
    reason = f.reason.text(lang) if f and f.reason else None if f else t("proyeksi.not_computed", lang)
    return proyeksi.summary(model, proyeksi.attainment_block(data["on_track"], decimals, lang), notes, reason, lang)


def figure_for(data: dict, lang: str):
    f: Forecast | None = data["forecast"]
    points = [p.__dict__ for p in f.points] if f else []
    return proyeksi.figure(data["history"], list(f.fitted) if f else [], points, data["targets"],
                           chart_unit(data["meta"], lang), data["decimals"], lang, TARGET_MONTH.get(data["meta"]["code"]))


def target_grid_rows(ctx: AppContext, indicator: str, region: str, lang: str, access: Access = PUBLIC) -> list[dict]:
    rows = editable_rows(ctx.engine, indicator, access, region)
    who = lambda user: t("batches.kind.seed", lang) if user == "seed" else user  # the bundled targets
    for r in rows:
        r["updated"] = (f"{who(r['updated_by'])} · {fmt_date(r['updated_at'], lang)}" if r.get("updated_by")
                        else who(r.get("created_by")) or "")
        r.pop("updated_at", None)
    return rows


def page(ctx: AppContext):
    def layout(lang: str | None = None, wilayah: str | None = None, indikator: str | None = None,
               tema: str | None = None, **_query):
        access = request_access()
        try:
            state = resolve_state(ctx, lang, wilayah, indikator, None, access=access,
                                  default_indicator=DEFAULT_INDICATOR, theme=tema)
            lang = state.lang
            data = view(ctx, state.indicator, state.region, lang, access)
            rows, title = region_rows(ctx, state.indicator, state.region, lang, access)
            page_layout = proyeksi.layout(
                regions=region_options(ctx, lang, access), indicators=indicator_options(ctx, lang, access, state.theme),
                region=state.region, indicator=state.indicator, fig=figure_for(data, lang),
                summary_children=summary_children(data, lang), rows=rows, table_title=title,
                target_rows=target_grid_rows(ctx, state.indicator, state.region, lang, access),
                editable=may_edit_targets(access), notices=[notice(n) for n in state.notices], lang=lang)
            return with_theme_picker(page_layout, theme_picker(theme_options(ctx, lang, access), state.theme,
                                                               "proyeksi", lang))
        except (StoreError, NoDataError):
            return error_block(normalise_lang(lang or ctx.config.default_lang))

    return layout


def save_message(ctx: AppContext, indicator: str, region: str, rows: list[dict], access: Access, lang: str):
    """Save the edited target rows; a bilingual message either way, never a traceback."""
    try:
        report = save_targets(ctx.engine, indicator, rows, access,
                              ip=request.remote_addr if has_request_context() else None)
    except ValidationError as exc:
        return proyeksi_alert([t("proyeksi.targets.refused", lang),
                               html.Ul([html.Li(p.text(lang)) for p in exc.problems])], "danger"), None
    except StoreError:
        return proyeksi_alert([t("error.store", lang)], "danger"), None
    return (proyeksi_alert([t("proyeksi.targets.saved", lang, inserted=report.inserted, updated=report.updated,
                                             deleted=report.deleted)],
                           "success"), target_grid_rows(ctx, indicator, region, lang, access))


def proyeksi_alert(children: list, color: str):
    return Alert(children, color=color, className="py-2 small", dismissable=True)


def register(app: Dash, ctx: AppContext) -> None:
    register_navigation(app, ids.REGION, ids.INDICATOR, ids.STATE)

    chart_export.register(app, ctx, "proyeksi", [State(ids.STATE, "data")], partial(chart_data, ctx))

    @app.callback(Output(ids.DOWNLOAD, "data"), Input(ids.DOWNLOAD_TABLE_BUTTON, "n_clicks"),
                  State(ids.STATE, "data"), prevent_initial_call=True)
    def download(table_clicks, state):
        if not table_clicks or not state or not state.get("indicator"):
            raise PreventUpdate
        access, lang = request_access(), normalise_lang(state.get("lang"))
        indicator, region = state["indicator"], state["region"]
        try:
            rows, _ = region_rows(ctx, indicator, region, lang, access)
        except NoDataError:  # not visible to this caller (or gone): nothing to send
            raise PreventUpdate from None
        return dcc.send_string(rows_csv(rows, indicator), f"proyeksi-{indicator}-{region}-wilayah.csv",
                               type="text/csv")

    @app.callback(Output(ids.TARGETS, "rowData", allow_duplicate=True), Input(ids.TARGETS_ADD, "n_clicks"),
                  State(ids.TARGETS, "rowData"), State(ids.STATE, "data"), prevent_initial_call=True)
    def add_row(n, rows, state):
        if not n:
            raise PreventUpdate
        return [*(rows or []), {"region_code": (state or {}).get("region"), "year": None, "low": None,
                                "high": None, "plan": "", "source": "", "updated": ""}]

    @app.callback(Output(ids.TARGETS_MESSAGE, "children"), Output(ids.TARGETS, "rowData"),
                  Input(ids.TARGETS_SAVE, "n_clicks"), State(ids.TARGETS, "rowData"), State(ids.STATE, "data"),
                  prevent_initial_call=True)
    def save(n, rows, state):
        if not n or not state:
            raise PreventUpdate
        message, fresh = save_message(ctx, state["indicator"], state["region"], rows or [], request_access(),
                                      normalise_lang(state.get("lang")))
        return message, fresh if fresh is not None else rows
