"""The kiosk screen: a full-screen dark frame (header with clock, banner, rotating panels, alert ticker) and the
renderers of each panel from a snapshot dict. Pure functions; no store access, no controls (read-only screen).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from dash import dcc, html

from i18n import fmt_number, fmt_period, fmt_signed, t, unit_label
from layouts import choropleth, on_track
from layouts.choropleth import KIOSK, Classes, MapSpec, legend_items
from layouts.common import SHORT_NAMES, graph_config

MOVERS = 10  # rows per movers column; with one side empty the other fills both columns (2 x MOVERS)
PANEL_ICONS = {"peta": "bi-map", "ringkasan": "bi-grid-3x2-gap", "penggerak": "bi-arrow-down-up",
               "target": "bi-bullseye", "desa": "bi-houses"}


class ids:
    ROOT = "kiosk-root"
    PARAMS = "kiosk-params"  # Store: the kiosk's URL parameters (read-only)
    VIEW = "kiosk-view"  # Store: playlist, timing, language, texts, fingerprint, statuses, alerts
    STATUS = "kiosk-status"  # Store: the server's last answer {ok, seq}
    SEEN = "kiosk-seen"  # Store (browser): when the server last answered and last answered well
    CLOCK_TICK = "kiosk-clock-tick"
    ROTATE = "kiosk-rotate"
    REFRESH = "kiosk-refresh"
    HEARTBEAT = "kiosk-heartbeat"
    TITLE = "kiosk-title"
    DOTS = "kiosk-dots"
    CLOCK = "kiosk-clock"
    DATE = "kiosk-date"
    AS_OF = "kiosk-as-of"
    BANNER = "kiosk-banner"
    TICKER = "kiosk-ticker"
    NOTICES = "kiosk-notices"
    PANEL = "kiosk-panel"  # pattern-matching type; index = panel name
    MAP_HEAD = "kiosk-map-head"
    MAP_GRAPH = "kiosk-map-graph"
    MAP_SIDE = "kiosk-map-side"
    DESA_HEAD = "kiosk-desa-head"
    DESA_GRAPH = "kiosk-desa-graph"
    DESA_SIDE = "kiosk-desa-side"
    TILES = "kiosk-tiles"
    MOVERS = "kiosk-movers"
    TARGETS = "kiosk-targets"


def indicator_label(info: Mapping, lang: str, short: bool = False) -> str:
    key = ("short_" if short else "name_") + ("id" if lang == "id" else "en")
    return info.get(key) or info.get("name_id") or info.get("code", "")


def _num(value, info: Mapping, lang: str) -> str:
    return fmt_number(value, info.get("decimals", 2), lang)


def tone(change: float | None, hib: bool | None) -> str:
    """good / bad / neutral for a change, by the indicator's polarity."""
    if change is None or abs(change) < 1e-12 or hib is None:
        return "neutral"
    return "good" if (change > 0) == hib else "bad"


def target_text(target: Mapping, info: Mapping, lang: str) -> str:
    low, high = target["low"], target["high"]
    if abs(low - high) < 1e-12:
        return _num(low, info, lang)
    return f"{_num(low, info, lang)}–{_num(high, info, lang)}"


POINT_UNITS = ("%", "persen", "indeks", "rasio")  # a difference of these reads "points" (percentage points, index points)


def gap_text(value: float, target: Mapping, info: Mapping, lang: str) -> str:
    """Where a value stands against its target, said unambiguously: `3,20 poin di atas target`, `0,50 poin di
    bawah target`, `sesuai target` (inside the band). Whether above is good depends on the indicator."""
    low, high = target["low"], target["high"]
    if low - 1e-12 <= value <= high + 1e-12:
        return t("kiosk.target.within", lang)
    unit = str(info.get("unit") or "").lower()
    points = not unit or any(unit.startswith(u) for u in POINT_UNITS)
    amount = _num(value - high if value > high else low - value, info, lang)
    key = "kiosk.target.above" if value > high else "kiosk.target.below"
    return t(key, lang, gap=amount, unit=t("kiosk.target.points", lang) if points else unit_label(info, lang))


def waiting(lang: str) -> html.Div:
    return html.Div(t("kiosk.waiting", lang), className="kiosk-waiting")


# ---------------------------------------------------------------- tiles
def tile(data: Mapping, lang: str) -> html.Div:
    head = html.Div(indicator_label(data, lang, short=True), className="kiosk-label kiosk-tile-name")
    if data.get("value") is None:
        return html.Div([head, html.Div(t("common.no_data", lang), className="kiosk-tile-missing")],
                        className="kiosk-tile is-missing")
    mark = "*" if data.get("preliminary") else ""
    children = [head,
                html.Div([html.Span(_num(data["value"], data, lang) + mark, className="kiosk-number"),
                          html.Span(unit_label(data, lang), className="kiosk-unit")], className="kiosk-tile-value"),
                html.Div(fmt_period(data["period"], lang)
                         + (f" · {t('common.preliminary', lang)}" if mark else ""), className="kiosk-small")]
    if data.get("change") is not None:
        kind = tone(data["change"], data.get("hib"))
        arrow = "▲" if data["change"] > 0 else "▼" if data["change"] < 0 else "■"
        children.append(html.Div(f"{arrow} " + t("kiosk.tiles.change", lang,
                                                 change=fmt_signed(data["change"], data.get("decimals", 2), lang),
                                                 period=fmt_period(data["previous_period"], lang)),
                                 className=f"kiosk-small kiosk-tone-{kind}"))
    if data.get("target"):
        band = data.get("band")
        children.append(html.Div([
            html.Span(t(f"kiosk.band.{band}", lang), className=f"kiosk-badge kiosk-band-{band}") if band else None,
            html.Span(on_track.status_text(data["track"], lang), className=f"kiosk-badge kiosk-track-{data['track']}")
            if data.get("track") else None,
            html.Span(t("kiosk.tiles.target", lang, year=data["target"]["year"],
                        target=target_text(data["target"], data, lang)), className="kiosk-small"),
        ], className="kiosk-tile-target"))
        chance = on_track.chance_text(data["verdict"], lang) if data.get("verdict") else None
        if chance:
            children.append(html.Div(chance, className="kiosk-small kiosk-tile-chance"))
    return html.Div(children, className="kiosk-tile")


def tiles_panel(tiles: Sequence[Mapping], region: Mapping, lang: str) -> list:
    """The tiles fill the panel (the header names the region); the title is for screen readers only."""
    head = html.H2(f"{t('kiosk.tiles.title', lang)}: {region_name(region, lang)}", className="visually-hidden")
    if not any(d.get("value") is not None for d in tiles):
        return [panel_head("ringkasan", t("kiosk.tiles.title", lang), region_name(region, lang)),
                html.Div(t("kiosk.tiles.empty", lang), className="kiosk-waiting")]
    few = f" kiosk-tiles-{len(tiles)}" if len(tiles) < 4 else ""  # one to three tiles (a theme) share the width
    return [head, html.Div([tile(d, lang) for d in tiles], className="kiosk-tiles" + few)]


def rank_name(name: str) -> str:
    """The short form of the two province names too long for a ranked row at 1920 px ("Ibukota Ja…")."""
    return SHORT_NAMES.get(name, name)


def region_name(region: Mapping, lang: str) -> str:
    return t("common.indonesia", lang) if region.get("code") == "ID" else region.get("name", "")


def panel_head(panel: str, title: str, subtitle: str = "") -> html.Div:
    return html.Div([html.H2([html.I(className=f"bi {PANEL_ICONS[panel]} me-3"), title], className="kiosk-h2"),
                     html.Div(subtitle, className="kiosk-label kiosk-muted")], className="kiosk-panel-head")


# ---------------------------------------------------------------- map
def map_spec(data: Mapping | None, geo_url: str, lang: str) -> MapSpec:
    """The kiosk's map for the one map builder: the peers' classes as on the map page (darker is worse), regions
    without a value grey, values from before a split a lighter grey, never classed; no hover, no scale."""
    data = data or {}
    regions, missing, earlier = data.get("regions") or [], list(data.get("missing") or []), data.get("earlier") or []
    info = data.get("indicator") or {}
    codes = [r[0] for r in regions] + missing + list(earlier)
    names = [r[1] for r in regions] + missing + list(earlier)
    values = [r[2] for r in regions] + [float("nan")] * (len(missing) + len(earlier))
    classes = Classes(values, data.get("edges") or (), info.get("hib"), decimals=info.get("decimals", 2))
    return MapSpec(geo_url, "kiosk", codes, names, classes, {code: "" for code in earlier}, lang=lang, style=KIOSK)


def map_figure(data: Mapping | None, geo_url: str, lang: str):
    """A static choropleth; the geometry by URL, fetched once and cached by the browser."""
    return choropleth.figure(map_spec(data, geo_url, lang))


def legend(data: Mapping, lang: str) -> html.Div:
    rows = [html.Div([html.Span(className="kiosk-swatch", style={"background": c}), html.Span(text)],
                     className="kiosk-legend-row") for c, text in legend_items(map_spec(data, "", lang))]
    return html.Div(rows, className="kiosk-legend kiosk-small") if rows else html.Div()


def map_head(data: Mapping | None, lang: str) -> html.Div:
    if not data or not data.get("period"):
        return panel_head("peta", t("kiosk.map.empty", lang))
    info = data["indicator"]
    key = "kiosk.map.subtitle" if info.get("hib") is not None else "kiosk.map.subtitle_neutral"
    return panel_head("peta", t("kiosk.map.title", lang, indicator=indicator_label(info, lang, short=True),
                                period=fmt_period(data["period"], lang)),
                      t(key, lang, level=t(f"kiosk.level.{data['level']}", lang).capitalize()))


def map_side(data: Mapping | None, lang: str) -> list:
    if not data or not data.get("regions"):
        return []
    info = data["indicator"]
    ranked = sorted(data["regions"], key=lambda r: (-r[2], r[0]))

    def rows(items):
        return [html.Div([html.Span(rank_name(r[1]), className="kiosk-rank-name", title=r[1]),
                          html.Span(_num(r[2], info, lang), className="kiosk-rank-value")],
                         className="kiosk-rank-row") for r in items]

    side = [html.Div(t("kiosk.map.highest", lang), className="kiosk-label kiosk-muted"), *rows(ranked[:3]),
            html.Div(t("kiosk.map.lowest", lang), className="kiosk-label kiosk-muted mt-3"), *rows(ranked[-3:][::-1]),
            html.Div(unit_label(info, lang), className="kiosk-small kiosk-muted mt-2"), legend(data, lang)]
    if data.get("missing"):
        side.append(html.Div(t("kiosk.map.missing", lang, n=len(data["missing"])), className="kiosk-small kiosk-muted"))
    if data.get("earlier"):
        side.append(html.Div(f"{len(data['earlier'])} {t('breaks.not_comparable', lang)}",
                             className="kiosk-small kiosk-muted"))
    return side


# ---------------------------------------------------------------- movers and targets
def mover_rows(rows: Sequence, info: Mapping, lang: str, kind: str) -> list:
    if not rows:
        return [html.Div(t("kiosk.movers.none", lang), className="kiosk-small kiosk-muted")]
    return [html.Div([html.Span(rank_name(r[1]), className="kiosk-rank-name", title=r[1]),
                      html.Span(_num(r[2], info, lang), className="kiosk-rank-value kiosk-muted"),
                      html.Span(fmt_signed(r[3], info.get("decimals", 2), lang),
                                className=f"kiosk-rank-value kiosk-tone-{kind}")], className="kiosk-rank-row")
            for r in rows]


def movers_panel(data: Mapping | None, lang: str) -> list:
    if not data or not data.get("latest") or not data.get("previous"):
        return [panel_head("penggerak", t("kiosk.movers.empty", lang))]
    info = data["indicator"]
    neutral = info.get("hib") is None
    first, second = ("kiosk.movers.up", "kiosk.movers.down") if neutral else ("kiosk.movers.better",
                                                                              "kiosk.movers.worse")
    head = panel_head("penggerak", t("kiosk.movers.title", lang, indicator=indicator_label(info, lang, short=True)),
                      t("kiosk.movers.subtitle", lang, previous=fmt_period(data["previous"], lang),
                        latest=fmt_period(data["latest"], lang), level=t(f"kiosk.level.{data['level']}", lang)))
    counts = data.get("counts") or [len(data["better"]), len(data["worse"])]
    level = t(f"kiosk.level.{data['level']}", lang)

    def heading(key: str, arrow: str, n: int, kind: str) -> html.H3:
        text = (f"{arrow} " if neutral else "") + t(key, lang) + " " + t("kiosk.movers.count", lang, n=n, level=level)
        return html.H3(text, className=f"kiosk-h3 kiosk-tone-{kind}")

    tones = ("neutral", "neutral") if neutral else ("good", "bad")
    if min(counts) == 0 < max(counts):  # one side is empty: the other fills both columns, the empty one says so
        side = 0 if counts[0] else 1
        rows = (data["better"], data["worse"])[side]
        other = 1 - side
        columns = html.Div([
            heading((first, second)[side], "▲▼"[side], counts[side], tones[side]),
            html.Div(mover_rows(rows, info, lang, tones[side]), className="kiosk-col kiosk-flow"),
            html.H3([heading((first, second)[other], "▲▼"[other], 0, tones[other]).children, ": ",
                     t("kiosk.movers.none", lang)], className=f"kiosk-h3 kiosk-tone-{tones[other]} mt-3"),
        ])
    else:
        columns = html.Div([
            html.Div([heading(first, "▲", counts[0], tones[0]), *mover_rows(data["better"][:MOVERS], info, lang,
                                                                             tones[0])], className="kiosk-col"),
            html.Div([heading(second, "▼", counts[1], tones[1]), *mover_rows(data["worse"][:MOVERS], info, lang,
                                                                              tones[1])], className="kiosk-col"),
        ], className="kiosk-cols")
    return [head, columns]


def target_line(r: Mapping, info: Mapping, lang: str) -> html.Div:
    """The band badge and `target 2025: 7–8 (RKPD) · September 2024` under a row."""
    return html.Div([html.Span(t(f"kiosk.band.{r['band']}", lang), className=f"kiosk-badge kiosk-band-{r['band']}")
                     if r.get("band") else None,
                     html.Span(t("kiosk.target.row", lang, year=r["year"], target=target_text(r, info, lang),
                                 plan=r["plan"].split(" (")[0]) + f" · {fmt_period(r['period'], lang)}",
                               className="kiosk-small kiosk-muted")], className="kiosk-target-line")


def gap_tone(value: float, target: Mapping, info: Mapping) -> str:
    inside = target["low"] - 1e-12 <= value <= target["high"] + 1e-12
    return "good" if inside else tone(value - (target["high"] if value > target["high"] else target["low"]),
                                      info.get("hib"))


def own_target_panel(data: Mapping, lang: str) -> list:
    """The region's own targets, one row per indicator (when none of its peers has one)."""
    head = panel_head("target", t("kiosk.target.own_title", lang, region=region_name(data["region"], lang)),
                      t("kiosk.target.own_summary", lang, met=data["met"], total=data["total"]))
    rows = [html.Div([
        html.Div([html.Span(indicator_label(d, lang, short=True), className="kiosk-rank-name", title=indicator_label(d, lang)),
                  html.Span(_num(d["value"], d, lang), className="kiosk-rank-value"),
                  html.Span(gap_text(d["value"], d["target"], d, lang),
                            className=f"kiosk-rank-value kiosk-tone-{gap_tone(d['value'], d['target'], d)}")],
                 className="kiosk-rank-row"),
        target_line({**d["target"], "band": d.get("band"), "period": d["period"]}, d, lang),
    ], className="kiosk-target-row") for d in data["own"]]
    return [head, html.Div(rows, className="kiosk-target-list")]


def target_panel(data: Mapping | None, lang: str) -> list:
    if data and data.get("own"):
        return own_target_panel(data, lang)
    if not data or not data.get("indicator"):
        return [panel_head("target", t("kiosk.target.empty", lang))]
    info = data["indicator"]
    head = panel_head("target", t("kiosk.target.title", lang, indicator=indicator_label(info, lang, short=True)),
                      t("kiosk.target.summary", lang, met=data["met"], total=data["total"]))
    if not data["rows"]:
        return [head, html.Div(t("kiosk.target.all_met", lang), className="kiosk-waiting")]
    rows = [html.Div([
        html.Div([html.Span(rank_name(r["name"]), className="kiosk-rank-name", title=r["name"]),
                  html.Span(_num(r["value"], info, lang), className="kiosk-rank-value"),
                  html.Span(gap_text(r["value"], r, info, lang), className="kiosk-rank-value kiosk-tone-bad")],
                 className="kiosk-rank-row"),
        target_line(r, info, lang),
    ], className="kiosk-target-row") for r in data["rows"]]
    return [head, html.Div(rows, className="kiosk-target-list")]


# ---------------------------------------------------------------- the frame
def panel(name: str, children, active: bool) -> html.Section:
    return html.Section(children, id={"type": ids.PANEL, "index": name},
                        className="kiosk-panel" + (" is-active" if active else ""), **{"data-panel": name})


def layout(params: Mapping | None = None, view: Mapping | None = None, parts: Mapping | None = None,
           lang: str = "id") -> html.Div:
    """The whole screen. `view`: the VIEW store's first value; `parts`: the rendered panel contents (or None
    while the store has not answered: the panels then wait and the refresh fills them)."""
    view = dict(view or {"playlist": ["peta", "ringkasan", "penggerak", "target"], "interval": 20,
                         "refresh": 60, "heartbeat": 10, "lang": lang})
    parts = dict(parts or {})
    wait = waiting(lang)
    first = view["playlist"][0]
    graph = dcc.Graph(id=ids.MAP_GRAPH, figure=parts.get("map_figure") or {"data": [], "layout": {}},
                      config={**graph_config("kiosk"), "staticPlot": True, "displayModeBar": False,
                              "responsive": True}, className="kiosk-graph", style={"height": "100%"})
    panels = {
        "peta": [html.Div(parts.get("map_head", wait), id=ids.MAP_HEAD),
                 html.Div([html.Div(graph, className="kiosk-map"),
                           html.Div(parts.get("map_side", []), id=ids.MAP_SIDE, className="kiosk-map-side")],
                          className="kiosk-map-row")],
        "ringkasan": html.Div(parts.get("tiles", wait), id=ids.TILES, className="kiosk-fill"),
        "penggerak": html.Div(parts.get("movers", wait), id=ids.MOVERS, className="kiosk-fill"),
        "target": html.Div(parts.get("targets", wait), id=ids.TARGETS, className="kiosk-fill"),
        "desa": [html.Div(parts.get("desa_head", wait), id=ids.DESA_HEAD),
                 html.Div([html.Div(dcc.Graph(id=ids.DESA_GRAPH,
                                              figure=parts.get("desa_figure") or {"data": [], "layout": {}},
                                              config={**graph_config("kiosk"), "staticPlot": True,
                                                      "displayModeBar": False, "responsive": True},
                                              className="kiosk-graph", style={"height": "100%"}),
                                    className="kiosk-map"),
                           html.Div(parts.get("desa_side", []), id=ids.DESA_SIDE, className="kiosk-map-side")],
                          className="kiosk-map-row")],
    }
    return html.Div([
        dcc.Store(id=ids.PARAMS, data=dict(params or {})),
        dcc.Store(id=ids.VIEW, data=view),
        dcc.Store(id=ids.STATUS, data=parts.get("status", {"ok": bool(parts), "seq": 0})),
        dcc.Store(id=ids.SEEN, data={}),
        dcc.Interval(id=ids.CLOCK_TICK, interval=1000),
        dcc.Interval(id=ids.ROTATE, interval=view["interval"] * 1000),
        dcc.Interval(id=ids.REFRESH, interval=view["refresh"] * 1000),
        dcc.Interval(id=ids.HEARTBEAT, interval=view["heartbeat"] * 1000),
        html.Header([
            html.Div([html.H1(parts.get("title", t("app.title", lang)), id=ids.TITLE, className="kiosk-title"),
                      html.Div(parts.get("as_of", ""), id=ids.AS_OF, className="kiosk-label kiosk-muted")],
                     className="kiosk-head-left"),
            html.Div(id=ids.DOTS, className="kiosk-dots"),
            html.Div([html.Div(id=ids.CLOCK, className="kiosk-clock"),
                      html.Div(id=ids.DATE, className="kiosk-label kiosk-muted")], className="kiosk-head-right"),
        ], className="kiosk-header"),
        html.Div(id=ids.BANNER, className="kiosk-banner", role="status", **{"aria-live": "polite"}),
        html.Main([panel(name, panels[name], name == first) for name in panels], className="kiosk-stage"),
        html.Footer([html.Div(id=ids.TICKER, className="kiosk-ticker"),
                     html.Div(parts.get("notices", []), id=ids.NOTICES, className="kiosk-notices")],
                    className="kiosk-footer"),
    ], id=ids.ROOT, className="kiosk", lang=lang)
