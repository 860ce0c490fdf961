"""The scatter view: two indicators across the peers in one year, with an OLS line and its R²."""
from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from callbacks.bandingkan.common import View, indicator_meta, indicator_name, region_name, short_name, value_text
from callbacks.bandingkan.ranking import papua_note
from i18n import fmt_number, fmt_period, fmt_significant, t, unit_label
from layouts.bandingkan import empty_figure, scatter_figure
from models.regression import common_years, default_year, fit_ols, period_for_year
from services import comparability, compare
from services.access import PUBLIC, Access
from services.context import AppContext


def year_choices(ctx: AppContext, wilayah: str, peers: str | None, x: str, y: str, current: int | str | None,
                 access: Access = PUBLIC) -> tuple[list[dict], int | None]:
    scope = compare.peer_scope(ctx.engine, wilayah, peers)
    x_cov = compare.peer_coverage(ctx.engine, x, scope, access).to_dict()
    y_cov = compare.peer_coverage(ctx.engine, y, scope, access).to_dict()
    years = common_years(x_cov, y_cov)
    options = [{"label": str(year), "value": year} for year in reversed(years)]
    current = int(current) if str(current or "").isdigit() else None
    return options, current if current in years else default_year(x_cov, y_cov)


def _side(ctx, code, scope, year, lang, access):
    meta = indicator_meta(ctx, code, access)
    coverage = compare.peer_coverage(ctx.engine, code, scope, access).to_dict()
    period = period_for_year(coverage, year)
    values = compare.peer_values(ctx.engine, code, period, scope, access) if period else pd.DataFrame(
        columns=["code", "name", "value", "status"])
    return meta, period, values


def scatter_view(ctx: AppContext, wilayah: str, peers: str | None, x: str, y: str, tahun: int | None,
                 lang: str = "id", access: Access = PUBLIC) -> View:
    scope = compare.peer_scope(ctx.engine, wilayah, peers)
    if tahun is None:
        message = t("bandingkan.scatter.no_year", lang)
        return View(empty_figure(message, lang), [dbc.Alert(message, color="light", className="py-2")])
    x_meta, x_period, x_values = _side(ctx, x, scope, int(tahun), lang, access)
    y_meta, y_period, y_values = _side(ctx, y, scope, int(tahun), lang, access)
    points = x_values[["code", "name", "value"]].merge(y_values[["code", "value"]], on="code", suffixes=("_x", "_y"))
    points = points.rename(columns={"value_x": "x", "value_y": "y"})
    points["comparable"] = [comparability.comparable(x, c, x_period) and comparability.comparable(y, c, y_period)
                            for c in points["code"]]
    x_name, y_name = indicator_name(x_meta, lang, short=True), indicator_name(y_meta, lang, short=True)
    notes = [t("bandingkan.scatter.periods", lang, x=x_name, xp=fmt_period(x_period or "", lang), y=y_name,
               yp=fmt_period(y_period or "", lang))]
    codes = set(points["code"])
    earlier = points[~points["comparable"]]
    if not earlier.empty:
        notes.append(t("breaks.not_comparable_count", lang, n=len(earlier), names=", ".join(earlier["name"])))
    points = points[points["comparable"]]
    for meta, period in ((x_meta, x_period), (y_meta, y_period)):
        split = papua_note(meta["code"], period, codes, lang) if period else None
        if split and split not in notes:
            notes.append(split)
    if "semester" in (x_meta["frequency"], y_meta["frequency"]):
        notes.append(t("bandingkan.scatter.semester", lang))
    fit, line = None, None
    try:
        fit = fit_ols(points.set_index("code")["x"], points.set_index("code")["y"])
    except ValueError:
        notes.append(t("bandingkan.scatter.too_few", lang, n=len(points)))
    if fit:
        r2 = fmt_number(fit.r2, 2, lang)
        line = (fit.line_x, fit.line_y)
        notes.append(t("bandingkan.scatter.fit", lang, y=y_name, x=x_name, intercept=fmt_number(fit.intercept, 3, lang),
                       sign="+" if fit.slope >= 0 else "−", slope=fmt_significant(abs(fit.slope), 3, lang), r2=r2, n=fit.n))
        notes.append(t("bandingkan.scatter.fit_caution", lang))
        notes.extend(fit.notes)
    points = pd.concat([points, earlier], ignore_index=True)  # the fit has been made on the comparable ones
    reason = t("breaks.not_comparable", lang)
    points["selected"] = (points["code"] == scope.selected) & points["comparable"]
    points["hover"] = [f"<b>{n}</b><br>{x_name}: {value_text(x_meta, a, lang)}<br>{y_name}: {value_text(y_meta, b, lang)}"
                       + ("" if ok else f"<br>{reason}")
                       for n, a, b, ok in zip(points["name"], points["x"], points["y"], points["comparable"], strict=True)]
    points["full_name"] = points["name"]
    points["name"] = points["name"].map(short_name)
    earlier, shown = points[~points["comparable"]], points[points["comparable"]]
    parent = _parent_point(ctx, scope, x_meta, x_period, y_meta, y_period, lang, access)
    figure = scatter_figure(shown, line, t("bandingkan.scatter.line", lang, r2=fmt_number(fit.r2, 2, lang)) if fit else "",
                            f"{x_name} ({unit_label(x_meta, lang)}), {fmt_period(x_period or '', lang)}",
                            f"{y_name} ({unit_label(y_meta, lang)}), {fmt_period(y_period or '', lang)}", parent, lang,
                            (reason, earlier))
    summary = [html.P(n, className="mb-1") for n in notes]
    return View(figure, summary, _csv(points, x_meta, x_period, y_meta, y_period, fit, parent, scope, lang))


def _parent_point(ctx, scope, x_meta, x_period, y_meta, y_period, lang, access):
    px = compare.parent_series(ctx.engine, x_meta["code"], scope.parent_code, access).get(x_period)
    py = compare.parent_series(ctx.engine, y_meta["code"], scope.parent_code, access).get(y_period)
    if px is None or py is None:
        return None
    return t("bandingkan.scatter.parent_point", lang, name=region_name(ctx, scope.parent_code, lang)), px, py


def _csv(points, x_meta, x_period, y_meta, y_period, fit, parent, scope, lang) -> pd.DataFrame:
    frame = pd.DataFrame({
        "region_code": points["code"], "region_name": points["full_name"],
        "x_indicator": x_meta["code"], "x_period": x_period, "x_value": points["x"],
        "y_indicator": y_meta["code"], "y_period": y_period, "y_value": points["y"],
        "y_fitted": (fit.intercept + fit.slope * points["x"]).where(points["comparable"]) if fit else None,
        "role": [t("bandingkan.csv.role.selected" if s else "bandingkan.csv.role.peer", lang) for s in points["selected"]],
        "comparable": points["comparable"],
    })
    if parent:
        # Built from records: concat with the reference row's all-missing y_fitted is deprecated in pandas 2.3.
        frame = pd.DataFrame([*frame.to_dict("records"), {
            "region_code": scope.parent_code, "region_name": "", "x_indicator": x_meta["code"], "x_period": x_period,
            "x_value": parent[1], "y_indicator": y_meta["code"], "y_period": y_period, "y_value": parent[2],
            "y_fitted": None, "role": t("bandingkan.csv.role.reference", lang), "comparable": True}],
            columns=frame.columns)
    return frame
