"""The Klassen view: peers in four quadrants by mean GRDP growth over a window and a level indicator,
against the parent's published figures; explains plainly when the bundled data cannot support it."""
from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from callbacks.bandingkan.common import View, indicator_meta, indicator_name, region_name, short_name, value_text
from i18n import chart_unit, fmt_number, t, unit_label
from layouts.bandingkan import klassen_figure, quadrant_lists
from models.klassen import QUADRANTS, classify
from services import comparability, compare
from services.access import PUBLIC, Access
from services.context import AppContext
from services.errors import NoDataError

GROWTH = "pdrb_growth"
LEVELS = ("pdrb_per_capita", "pdrb_per_capita_adhk", "ppk")
DEFAULT_LEVEL = "pdrb_per_capita"


def level_options(ctx: AppContext, lang: str, access: Access = PUBLIC) -> list[dict]:
    options = []
    for code in LEVELS:
        try:
            options.append({"label": indicator_name(indicator_meta(ctx, code, access), lang), "value": code})
        except NoDataError:
            continue
    return options


def quadrant_names(lang: str) -> dict[int, str]:
    return {q: t(f"bandingkan.klassen.q{q}", lang) for q in QUADRANTS}


def _yearly(series: dict[str, float]) -> dict[int, float]:
    return {int(p): v for p, v in series.items() if p.isdigit()}


def _unavailable(message: str) -> View:
    return View(None, [dbc.Alert(message, color="info", className="py-2 bandingkan-klassen-unavailable")])


def not_comparable(growth: pd.DataFrame, levels: pd.DataFrame, level: str, window: tuple[int, ...],
                   level_year: int) -> set[str]:
    """Regions with a growth value in the window, or the level value, from before a split of their region."""
    years = lambda f: f["period"].astype(str).str[:4].astype(int)
    used = pd.concat([growth[years(growth).isin(window)].assign(indicator_code=GROWTH),
                      levels[years(levels) == level_year].assign(indicator_code=level)], ignore_index=True)
    return set(used.loc[~comparability.row_flags(used), "region_code"]) if not used.empty else set()


def klassen_view(ctx: AppContext, wilayah: str, peers: str | None, level: str, window: int,
                 lang: str = "id", access: Access = PUBLIC) -> View:
    scope = compare.peer_scope(ctx.engine, wilayah, peers)
    try:
        growth_meta, level_meta = indicator_meta(ctx, GROWTH, access), indicator_meta(ctx, level, access)
    except NoDataError:
        return _unavailable(t("bandingkan.klassen.no_data", lang))
    growth = compare.level_history(ctx.engine, GROWTH, scope.level, scope.parent_filter, access)
    levels = compare.level_history(ctx.engine, level, scope.level, scope.parent_filter, access)
    if growth.empty or levels.empty:
        key = "bandingkan.klassen.not_regency" if scope.level == "regency" else "bandingkan.klassen.no_data"
        return _unavailable(t(key, lang))
    parent_growth = _yearly(compare.parent_series(ctx.engine, GROWTH, scope.parent_code, access))
    parent_level = _yearly(compare.parent_series(ctx.engine, level, scope.parent_code, access))
    try:
        result = classify(growth, levels, parent_growth, parent_level, years=int(window))
    except ValueError:
        return _unavailable(t("bandingkan.klassen.no_data", lang))
    names = compare.peer_names(ctx.engine, scope, access)
    flagged = not_comparable(growth, levels, level, result.window, result.level_year)
    regions = result.regions.assign(name=result.regions["region_code"].map(names),
                                    series_break=result.regions["region_code"].isin(flagged))
    qnames = quadrant_names(lang)
    g_name, l_name = indicator_name(growth_meta, lang, short=True), indicator_name(level_meta, lang, short=True)
    start, end = result.window[0], result.window[-1]
    points = pd.DataFrame({
        "name": regions["name"], "level": regions["level"], "growth": regions["growth"], "quadrant": regions["quadrant"],
        "selected": regions["region_code"] == scope.selected, "series_break": regions["series_break"],
        "hover": [f"<b>{n}</b><br>{g_name} {start}–{end}: {fmt_number(g, 2, lang)} %<br>"
                  f"{l_name} {result.level_year}: {value_text(level_meta, lv, lang)}<br>{qnames[q]}"
                  for n, g, lv, q in zip(regions["name"], regions["growth"], regions["level"], regions["quadrant"],
                                         strict=True)],
    })
    figure = klassen_figure(points, result.growth_ref, result.level_ref, qnames,
                            f"{l_name} {result.level_year} ({chart_unit(level_meta, lang)}, log)",
                            t("bandingkan.klassen.growth_axis", lang, name=g_name, start=start, end=end), lang)
    groups = {q: [short_name(n) + (" ◇" if b else "") for n, b in zip(grp["name"], grp["series_break"], strict=True)]
              for q, grp in regions.sort_values("growth", ascending=False).groupby("quadrant")}
    notes = _notes(ctx, scope, result, regions, names, growth_meta, level_meta, qnames, lang)
    csv = _csv(regions, result, level_meta, qnames, scope.parent_code)
    return View(figure, notes, csv, [quadrant_lists(groups, qnames, lang)])


def _reference_text(ctx, scope, value, is_simple, meta, lang, percent=False) -> str:
    shown = fmt_number(value, 2, lang) + "%" if percent else f"{value_text(meta, value, lang)} {unit_label(meta, lang)}"
    name = region_name(ctx, scope.parent_code, lang)
    key = "bandingkan.klassen.ref_simple" if is_simple else "bandingkan.klassen.ref_parent"
    return t(key, lang, name=name, value=shown)


def _notes(ctx, scope, result, regions, names, growth_meta, level_meta, qnames, lang) -> list:
    start, end = result.window[0], result.window[-1]
    notes = []
    if scope.selected:
        row = regions[regions["region_code"] == scope.selected]
        name = region_name(ctx, scope.selected, lang)
        notes.append(html.P(t("bandingkan.klassen.selected", lang, name=name, quadrant=qnames[int(row["quadrant"].iloc[0])])
                            if not row.empty else t("bandingkan.klassen.selected_missing", lang, name=name),
                            className="fw-semibold mb-1 bandingkan-klassen-selected"))
    notes.append(html.P(t(
        "bandingkan.klassen.method", lang, growth=indicator_name(growth_meta, lang), start=start, end=end,
        n=len(result.window), level=indicator_name(level_meta, lang), year=result.level_year,
        growth_ref=_reference_text(ctx, scope, result.growth_ref, result.growth_ref_is_simple_mean, growth_meta, lang,
                                   percent=True),
        level_ref=_reference_text(ctx, scope, result.level_ref, result.level_ref_is_simple_mean, level_meta, lang)),
        className="mb-1"))
    if not result.excluded.empty:
        excluded = ", ".join(short_name(names.get(c, c)) for c in result.excluded["region_code"])
        notes.append(html.P(t("bandingkan.klassen.excluded", lang, start=start, end=end, names=excluded),
                            className="mb-1 text-muted"))
    flagged = regions[regions["series_break"]]
    if not flagged.empty:
        first = compare.PAPUA_SPLIT_FIRST_YEAR[GROWTH]
        notes.append(html.P(t("bandingkan.klassen.break", lang, names=", ".join(flagged["name"]), last=first - 1,
                              first=first), className="mb-1 text-warning-emphasis"))
    return notes


def _csv(regions, result, level_meta, qnames, parent_code) -> pd.DataFrame:
    window = f"{result.window[0]}-{result.window[-1]}"
    frame = pd.DataFrame({
        "region_code": regions["region_code"], "region_name": regions["name"], "growth_indicator": GROWTH,
        "growth_window": window, "mean_growth": regions["growth"], "level_indicator": level_meta["code"],
        "level_year": result.level_year, "level": regions["level"], "quadrant": regions["quadrant"],
        "quadrant_name": regions["quadrant"].map(qnames), "series_break": regions["series_break"],
    })
    kind = lambda simple: "simple mean of the regions (not published)" if simple else "published parent figure"
    reference = {"region_code": parent_code, "region_name": "reference", "growth_indicator": GROWTH,
                 "growth_window": window, "mean_growth": result.growth_ref, "level_indicator": level_meta["code"],
                 "level_year": result.level_year, "level": result.level_ref, "quadrant": None,
                 "quadrant_name": f"growth: {kind(result.growth_ref_is_simple_mean)}; "
                                  f"level: {kind(result.level_ref_is_simple_mean)}",
                 "series_break": False}
    return pd.concat([frame, pd.DataFrame([reference])], ignore_index=True)
