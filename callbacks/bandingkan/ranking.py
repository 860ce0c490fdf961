"""The ranking view: peers sorted best first, the selected region highlighted, the parent's figure as reference,
and the caveat when neighbouring ranks are closer than the usual annual change."""
from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from callbacks.bandingkan.common import View, indicator_meta, indicator_name, region_name, short_name, value_text
from i18n import chart_unit, fmt_number, fmt_period, t, unit_label
from layouts.bandingkan import NOT_COMPARABLE, empty_figure, ranking_figure
from models.ranking import default_period, rank_caveat, rank_values, typical_annual_change
from services import comparability, compare
from services.access import PUBLIC, Access
from services.context import AppContext

POLARITY_KEY = {True: "bandingkan.rank.higher", False: "bandingkan.rank.lower", None: "bandingkan.rank.neutral"}


def period_choices(ctx: AppContext, wilayah: str, peers: str | None, indikator: str, current: str | None,
                   lang: str, access: Access = PUBLIC) -> tuple[list[dict], str | None]:
    """Periods with peer values (newest first) and the one to show: `current` if valid, else the latest well covered."""
    scope = compare.peer_scope(ctx.engine, wilayah, peers)
    coverage = compare.peer_coverage(ctx.engine, indikator, scope, access)
    options = [{"label": fmt_period(p, lang), "value": p} for p in reversed(coverage.index)]
    if current in coverage.index:
        return options, current
    default = default_period(coverage)
    if default is None:
        return options, None
    # the latest well-covered period in which every peer stands for today's region, else the latest well covered
    peers = compare.peer_names(ctx.engine, scope, access)
    usable = [p for p in coverage.index if p <= default]
    return options, comparability.latest_comparable(indikator, usable, peers) or default


def papua_note(indicator: str, period: str, codes: set[str], lang: str) -> str | None:
    """A note when the period predates the Papua split for this indicator and a split region is among the peers."""
    if all(comparability.comparable_flags(indicator, codes, period)):
        return None
    first = compare.PAPUA_SPLIT_FIRST_YEAR.get(indicator)
    return t("bandingkan.papua_pre_split", lang, first=first)


def split_earlier(values: pd.DataFrame, indicator: str, period: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(values that stand for today's region, values from before a split of their region)."""
    flags = pd.Series(comparability.comparable_flags(indicator, values["code"], period), index=values.index)
    return values[flags], values[~flags]


def side_of(value: float, reference: float, higher_is_better: bool | None) -> str:
    """"better", "worse" or "" (neutral polarity or equal) relative to the reference line."""
    if higher_is_better is None or value == reference:
        return ""
    return "better" if (value > reference) == bool(higher_is_better) else "worse"


def _reference(ctx, scope, meta, periode, values, lang, access) -> tuple[str, float, str]:
    """(label, value, role) of the reference line: the parent's published figure, else a labelled simple mean."""
    parent_name = region_name(ctx, scope.parent_code, lang)
    published = compare.parent_series(ctx.engine, meta["code"], scope.parent_code, access).get(periode)
    if published is not None:
        return (t("bandingkan.rank.reference", lang, name=parent_name, value=value_text(meta, published, lang)),
                published, "reference")
    mean = float(values["value"].mean())
    return (t("bandingkan.rank.simple_mean", lang, n=len(values), value=value_text(meta, mean, lang)), mean,
            "simple_mean")


def ranking_view(ctx: AppContext, wilayah: str, peers: str | None, indikator: str, periode: str | None,
                 lang: str = "id", access: Access = PUBLIC) -> View:
    meta = indicator_meta(ctx, indikator, access)
    scope = compare.peer_scope(ctx.engine, wilayah, peers)
    values = compare.peer_values(ctx.engine, indikator, periode, scope, access) if periode else pd.DataFrame()
    if values.empty:
        message = t("bandingkan.rank.empty", lang, indicator=indicator_name(meta, lang))
        return View(empty_figure(message, lang), [dbc.Alert(message, color="light")])
    values, earlier = split_earlier(values, indikator, periode)
    ranked = rank_values(values, meta["higher_is_better"])
    total = len(ranked)
    threshold = typical_annual_change(compare.level_history(ctx.engine, indikator, scope.level, access=access))
    caveat = rank_caveat(ranked, threshold, scope.selected)
    label, ref_value, role = _reference(ctx, scope, meta, periode, ranked, lang, access)
    preliminary = ranked["status"] == "preliminary"
    texts = [value_text(meta, v, lang) + ("*" if p else "") for v, p in zip(ranked["value"], preliminary, strict=True)]
    rows = pd.DataFrame({
        "name": [short_name(n) for n in ranked["name"]], "value": ranked["value"], "text": texts,
        "selected": ranked["code"] == scope.selected,
        "side": [side_of(v, ref_value, meta["higher_is_better"]) for v in ranked["value"]],
        "hover": [f"<b>{n}</b><br>{tx} {chart_unit(meta, lang)}<br>{t('bandingkan.hover.rank', lang, rank=r, total=total)}"
                  for n, tx, r in zip(ranked["name"], texts, ranked["rank"], strict=True)],
    })
    axis = f"{indicator_name(meta, lang, short=True)} ({chart_unit(meta, lang)}), {fmt_period(periode, lang)}"
    band = None
    if caveat.applies and caveat.selected_rank is not None:
        own = float(ranked.loc[ranked["code"] == scope.selected, "value"].iloc[0])
        band = (own - caveat.threshold, own + caveat.threshold)
    rows = pd.concat([rows, earlier_rows(earlier, meta, scope, periode, lang)], ignore_index=True)
    figure = ranking_figure(rows, (label, ref_value), axis, lang, band)
    summary = _summary(ctx, scope, meta, ranked, caveat, label, periode, lang, bool(preliminary.any()), role,
                       earlier)
    return View(figure, summary, _csv(ranked, earlier, meta, periode, scope, ref_value, role, lang))


def earlier_rows(earlier: pd.DataFrame, meta: dict, scope, periode: str, lang: str) -> pd.DataFrame:
    """Bars after the ranked ones for values from before a split: hatched, unranked, the reason on hover."""
    label = t("breaks.not_comparable", lang)
    texts = [f"{value_text(meta, v, lang)} ({label})" for v in earlier["value"]]
    return pd.DataFrame({
        "name": [short_name(n) for n in earlier["name"]], "value": earlier["value"], "text": texts,
        "selected": earlier["code"] == scope.selected, "side": NOT_COMPARABLE,
        "hover": [f"<b>{n}</b><br>{tx} {chart_unit(meta, lang)}<br>"
                  f"{comparability.note(meta['code'], c, periode, lang)}<br>{t('breaks.not_ranked', lang)}"
                  for n, c, tx in zip(earlier["name"], earlier["code"], texts, strict=True)],
    })


def _summary(ctx, scope, meta, ranked, caveat, reference_label, periode, lang, has_preliminary, role,
             earlier) -> list:
    peers_word = t(f"bandingkan.rank.peers.{scope.level}", lang)
    parts = []
    if scope.selected:
        name = region_name(ctx, scope.selected, lang)
        if caveat.selected_rank is not None:
            value = ranked.loc[ranked["code"] == scope.selected, "value"].iloc[0]
            parts += [html.P(t("bandingkan.rank.position", lang, name=name, rank=caveat.selected_rank, total=len(ranked),
                               peers=peers_word), className="h5 mb-1 bandingkan-position"),
                      html.P(t("bandingkan.rank.value", lang, period=fmt_period(periode, lang),
                               value=value_text(meta, value, lang), unit=unit_label(meta, lang)), className="mb-2")]
        elif scope.selected in set(earlier["code"]):
            value = earlier.loc[earlier["code"] == scope.selected, "value"].iloc[0]
            parts.append(dbc.Alert(f"{name}: {value_text(meta, value, lang)} {unit_label(meta, lang)}, "
                                   f"{t('breaks.not_comparable', lang)} ({t('breaks.not_ranked', lang)})",
                                   color="light", className="py-2"))
        else:
            parts.append(dbc.Alert(t("bandingkan.rank.selected_missing", lang, name=name), color="light", className="py-2"))
    direction = t(POLARITY_KEY.get(meta["higher_is_better"], POLARITY_KEY[None]), lang)
    colours = [html.Br(), t("bandingkan.rank.colours", lang)] if meta["higher_is_better"] is not None else []
    parts.append(html.P([t("bandingkan.rank.best_top", lang, direction=direction), *colours, html.Br(), reference_label],
                        className="small text-muted mb-2"))
    if role == "simple_mean":
        parts.append(html.P(t("bandingkan.rank.no_parent", lang, name=region_name(ctx, scope.parent_code, lang)),
                            className="small mb-2"))
    parts.append(_caveat_note(caveat, meta, lang, ctx, scope))
    if not earlier.empty:  # what is hatched and why
        parts += [html.P(t("breaks.not_comparable_count", lang, n=len(earlier), names=", ".join(earlier["name"])),
                         className="small text-muted mb-1 bandingkan-not-comparable"),
                  html.P(papua_note(meta["code"], periode, set(earlier["code"]), lang), className="small text-muted mb-1")]
    if has_preliminary:
        parts.append(html.P(t("bandingkan.rank.preliminary", lang), className="small text-muted mb-0"))
    return parts


def _caveat_note(caveat, meta, lang, ctx, scope):
    if caveat.threshold is None:
        return dbc.Alert(t("bandingkan.rank.no_history", lang), color="light", className="small py-2")
    threshold = fmt_number(caveat.threshold, int(meta.get("decimals") or 0) + 1, lang)
    if not caveat.applies:
        return dbc.Alert(t("bandingkan.rank.no_caveat", lang, threshold=threshold, unit=unit_label(meta, lang)),
                         color="light", className="small py-2")
    text = [t("bandingkan.rank.caveat", lang, close=caveat.close_gaps, gaps=caveat.gaps, threshold=threshold,
              unit=unit_label(meta, lang))]
    if caveat.selected_rank is not None and caveat.rank_high != caveat.rank_low:
        text += [" ", t("bandingkan.rank.range", lang, name=region_name(ctx, scope.selected, lang),
                        low=caveat.rank_low, high=caveat.rank_high)]
    return dbc.Alert(text, color="warning", className="small py-2 bandingkan-caveat")


def _csv(ranked, earlier, meta, periode, scope, ref_value, role, lang) -> pd.DataFrame:
    shown = pd.concat([ranked, earlier.assign(rank=None)], ignore_index=True)
    frame = pd.DataFrame({
        "rank": shown["rank"], "region_code": shown["code"], "region_name": shown["name"],
        "indicator": meta["code"], "period": periode, "value": shown["value"], "status": shown["status"],
        "unit": meta["unit"],
        "role": [t("bandingkan.csv.role.selected" if c == scope.selected else "bandingkan.csv.role.peer", lang)
                 for c in shown["code"]],
        "comparable": [True] * len(ranked) + [False] * len(earlier),
    })
    reference = {"rank": None, "region_code": scope.parent_code if role == "reference" else "",
                 "region_name": "", "indicator": meta["code"], "period": periode, "value": ref_value,
                 "status": "", "unit": meta["unit"], "role": t(f"bandingkan.csv.role.{role}", lang),
                 "comparable": True}
    return pd.DataFrame([*frame.to_dict("records"), reference], columns=frame.columns)
