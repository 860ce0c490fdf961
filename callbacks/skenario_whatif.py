"""What-if drivers on /skenario: estimate how an outcome indicator moves with a driver across provinces (fixed
effects), say it in plain words, and draw the region's outcome path under a shifted driver against the baseline
forecast. Too few data gives a plain message, never a traceback. Plain functions below are tested without Dash."""
from __future__ import annotations

import math

from dash import Dash, Input, Output, State, callback_context, html
from dash.exceptions import PreventUpdate

from i18n import chart_unit, fmt_number, normalise_lang, t, unit_label
from layouts.common import error_block, notice
from layouts.skenario import ids
from layouts.skenario_whatif import figure, whatif_ids
from services import queries, whatif
from services.access import PUBLIC, Access
from services.context import AppContext
from services.errors import NoDataError, StoreError
from services.targets import request_access

w = whatif_ids


def default_pair(outcome: str | None, codes: list[str]) -> tuple[str | None, str | None]:
    """The page's indicator as the outcome and GRDP growth as the driver (IPM when growth is the outcome)."""
    outcome = outcome if outcome in codes else (codes[0] if codes else None)
    for driver in (whatif.DEFAULT_PAIR[1], "ipm", *codes):
        if driver in codes and driver != outcome:
            return outcome, driver
    return outcome, None


def sig_decimals(value: float) -> int:
    """Decimals that keep two significant digits of a coefficient (at least 2, at most 8)."""
    if value == 0 or not math.isfinite(value):
        return 2
    return int(min(8, max(2, 1 - math.floor(math.log10(abs(value))))))


def unit_change(meta: dict, lang: str) -> str:
    """The unit of a difference: percentage points for a percentage."""
    unit = unit_label(meta, lang)
    if unit in ("persen", "percent"):
        return "poin persen" if lang == "id" else "percentage points"
    if unit.startswith(("indeks", "index")):
        return "poin" if lang == "id" else "points"
    return unit


def short(meta: dict, lang: str) -> str:
    key = "short_en" if lang == "en" else "short_id"
    return str(meta.get(key) or meta.get("name_en" if lang == "en" else "name_id"))


def sentences(result: whatif.WhatIf, out_meta: dict, drv_meta: dict, region: dict, lang: str) -> list[str]:
    fit = result.fit
    dec = sig_decimals(fit.slope)
    ounit, dunit = unit_change(out_meta, lang), unit_change(drv_meta, lang)
    one = t("skenario.whatif.one_unit", lang, unit=dunit.replace("points", "point") if lang == "en" else dunit)
    lines = [
        t("skenario.whatif.coef", lang, driver=short(drv_meta, lang), dunit_phrase=one, outcome=short(out_meta, lang),
          direction=t("skenario.whatif.up" if fit.slope > 0 else "skenario.whatif.down", lang),
          slope=fmt_number(abs(fit.slope), dec, lang), ounit=ounit),
        t("skenario.whatif.interval", lang, low=fmt_number(fit.ci_low, dec, lang),
          high=fmt_number(fit.ci_high, dec, lang)),
    ]
    if fit.ci_low <= 0 <= fit.ci_high:
        lines.append(t("skenario.whatif.unclear", lang))
    lines.append(t("skenario.whatif.fit", lang, r2=fmt_number(fit.r2_within * 100, 0, lang),
                   r2_raw=fmt_number(fit.r2_within, 2, lang), outcome=short(out_meta, lang), n=fit.n,
                   regions=result.provinces,
                   first=fit.years[0] if fit.years else "", last=fit.years[-1] if fit.years else ""))
    decimals = int(out_meta.get("decimals") if out_meta.get("decimals") is not None else 2)
    if result.path is None or result.path.empty:
        lines.append(t("skenario.whatif.no_forecast", lang))
    else:
        year = int(result.path.index[-1])
        last = result.path.iloc[-1]
        lines.append(t("skenario.whatif.effect", lang, outcome=short(out_meta, lang), region=region["name"],
                       year=year, value=fmt_number(last["scenario"], decimals, lang),
                       baseline=fmt_number(last["baseline"], decimals, lang),
                       low=fmt_number(last["low"], decimals, lang), high=fmt_number(last["high"], decimals, lang)))
    if region.get("level") == "regency":
        lines.append(t("skenario.whatif.regency", lang))
    return lines


def chart_rows(result: whatif.WhatIf) -> list[dict]:
    """The chart's rows, starting at the last observed year so the lines join the history."""
    if result.path is None or result.baseline_band is None or result.path.empty:
        return []
    rows = []
    if not result.history.empty:
        y0, v0 = int(result.history.index[-1]), float(result.history.iloc[-1])
        if y0 < int(result.path.index[0]):
            rows.append({"year": y0, "baseline": v0, "base_lo": v0, "base_hi": v0, "scenario": v0, "low": v0,
                         "high": v0})
    for year, r in result.path.iterrows():
        band = result.baseline_band.loc[year]
        rows.append({"year": int(year), "baseline": float(r["baseline"]), "base_lo": float(band["lo95"]),
                     "base_hi": float(band["hi95"]), "scenario": float(r["scenario"]), "low": float(r["low"]),
                     "high": float(r["high"])})
    return rows


def compute(ctx: AppContext, region: str, outcome: str | None, driver: str | None, shift, mode: str | None,
            lang: str, access: Access = PUBLIC) -> tuple[object, list]:
    """(figure, text children): the estimate in words and the chart, or a plain message."""
    empty = figure([], [], lang=lang)
    if not outcome or not driver:
        raise PreventUpdate
    if outcome == driver:
        return empty, [notice(t("skenario.whatif.same", lang), "info")]
    try:
        amount = float(shift) if shift is not None else 0.0
    except (TypeError, ValueError):
        amount = 0.0
    try:
        result = whatif.what_if(ctx.engine, outcome, driver, region, amount, mode or "constant", access)
    except ValueError:
        n = whatif.usable_pairs(whatif.province_panel(ctx.engine, outcome, driver, access))
        return empty, [notice(t("skenario.whatif.too_few", lang, n=n, need=whatif.MIN_OBS), "info")]
    out_meta = queries.indicator(ctx.engine, outcome, access)
    drv_meta = queries.indicator(ctx.engine, driver, access)
    decimals = int(out_meta.get("decimals") if out_meta.get("decimals") is not None else 2)
    fig = figure(list(result.history.items()), chart_rows(result), chart_unit(out_meta, lang), decimals, lang)
    lines = sentences(result, out_meta, drv_meta, queries.region(ctx.engine, region), lang)
    caveat = html.P(t("skenario.whatif.caveat", lang), className="skenario-whatif-caveat fw-semibold")
    return fig, [html.P(line) for line in lines] + [caveat]


def register(app: Dash, ctx: AppContext) -> None:
    # The page's main figure first: the what-if (below it, a regression over every region) waits for the target
    # graph's first drawing instead of competing with it for the server at page load; later redrawings of the
    # target graph leave it alone.
    @app.callback(Output(w.GRAPH, "figure"), Output(w.TEXT, "children"), Input(w.OUTCOME, "value"),
                  Input(w.DRIVER, "value"), Input(w.SHIFT, "value"), Input(w.MODE, "value"),
                  Input(ids.GRAPH, "figure"), State(ids.STATE, "data"), State(w.GRAPH, "figure"))
    def update(outcome, driver, shift, mode, _main, state, drawn):
        if not state or not state.get("region") or (callback_context.triggered_id == ids.GRAPH and drawn):
            raise PreventUpdate
        lang = normalise_lang(state.get("lang"))
        try:
            return compute(ctx, state["region"], outcome, driver, shift, mode, lang, request_access())
        except (StoreError, NoDataError):
            return figure([], [], lang=lang), [error_block(lang)]
