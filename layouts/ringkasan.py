"""The overview page (/): a region picker and a grid of headline-indicator cards. Pure: card dicts in, components out.

`card(data, lang)` draws one card from the dict made by services.overview.card_values; other features add to a
card through its `badges` list (e.g. an on-track badge) and `targets`, without touching this module.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from i18n import fmt_date, fmt_number, fmt_period, fmt_signed, is_missing, t, unit_label, urls
from layouts import on_track, provenance, ringkasan_desa, ringkasan_isu
from layouts.common import chart_export, dropdown_labels, page_header, region_choices, separators

TONE_CLASS = {"good": "text-success", "bad": "text-danger", "neutral": "text-secondary"}
TONE_COLOUR = {"good": "#198754", "bad": "#dc3545", "neutral": "#6c757d"}
TONE_ICON = {"good": "bi-arrow-{dir}-circle-fill", "bad": "bi-arrow-{dir}-circle-fill", "neutral": "bi-dash-circle"}


#: " · " whose dot stays with the text before it: a wrapped line never starts with "·"
SEP = "\u00a0· "


class ids:
    REGION = "ringkasan-region"
    CURRENT = "ringkasan-current"
    CARDS = "ringkasan-cards"
    GOVERNANCE = "ringkasan-governance"


def region_dropdown_labels(lang: str) -> dict:
    """Dropdown texts for a region picker: the search box asks for a region name."""
    return dropdown_labels(lang, search=t("ringkasan.dd.search", lang))


def ordinal_en(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def unit_text(meta: Mapping, lang: str) -> str:
    """The unit in the page language (English when the store has it, else the Indonesian one)."""
    return unit_label(meta, lang)


def unit_suffix(unit: str | None) -> str:
    return "%" if (unit or "").strip().lower() == "persen" else ""


def rank_text(rank: Mapping | None, region: Mapping, parent: Mapping | None, lang: str) -> str | None:
    """"ke-5 dari 38 provinsi" / "5th of 38 provinces"; kab/kota are ranked within their province."""
    if not rank:
        return None
    if region.get("level") == "regency":
        peers = t("ringkasan.peers.regency", lang, parent=(parent or {}).get("name", ""))
    else:
        peers = t("ringkasan.peers.province", lang)
    return t("ringkasan.rank", lang, position=rank["position"], ordinal=ordinal_en(rank["position"]),
             of=rank["of"], peers=peers)


def target_value(target: Mapping, decimals: int, lang: str) -> str:
    """A single value, or a low–high range."""
    low, high = target["low"], target["high"]
    if low == high:
        return fmt_number(low, decimals, lang)
    return f"{fmt_number(low, decimals, lang)}–{fmt_number(high, decimals, lang)}"


def target_line(target: Mapping, decimals: int, lang: str) -> html.Span:
    """"Target 2025: 5,85–6,46" and, muted, the plan it comes from (its legal source on hover)."""
    return html.Span([t("ringkasan.target", lang, year=target["year"], value=target_value(target, decimals, lang)),
                      html.Span(f"{SEP}{target['plan']}", className="ringkasan-target-plan")],
                     title=target.get("source") or None)


def target_facts(data: Mapping, decimals: int, lang: str) -> list:
    """The target the on-track badge judges (with its chance from the stored forecast), then the nearest other
    targets; at most two target lines."""
    found = data.get("on_track")
    if not found:
        return [target_line(tg, decimals, lang) for tg in data.get("targets", [])[:2]]
    suffix = unit_suffix(data["indicator"].get("unit"))
    chance = on_track.chance_text(found, lang)
    lines = [html.Span([html.Strong(on_track.target_text(found, decimals, lang, suffix)),
                        html.Span(f"{SEP}{chance}", className="ringkasan-target-plan") if chance else None],
                       className="ringkasan-target", title=found.get("source") or None)]
    others = [tg for tg in data.get("targets", []) if (tg["year"], tg["plan"]) != (found["year"], found["plan"])]
    return lines + [target_line(tg, decimals, lang) for tg in others[:1]]


def source_text(producer: str | None) -> str:
    return (producer or "–").split(":")[0].strip()


def sparkline(points: Sequence[Mapping], tone: str = "neutral", lang: str = "id") -> dcc.Graph:
    """A tiny line of the recent series; a gap where the series changes basis."""
    xs = [p["date"] for p in points]
    ys = [p["value"] for p in points]
    colour = TONE_COLOUR.get(tone, TONE_COLOUR["neutral"])
    fig = go.Figure(go.Scatter(x=xs, y=ys, mode="lines+markers", line={"color": colour, "width": 2},
                               marker={"size": [0] * (len(xs) - 1) + [6], "color": colour},
                               connectgaps=False, hoverinfo="skip"))
    fig.update_layout(margin={"l": 2, "r": 6, "t": 4, "b": 4}, height=54, showlegend=False,
                      paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)", separators=separators(lang),
                      xaxis={"visible": False}, yaxis={"visible": False})
    return dcc.Graph(figure=fig, config={"staticPlot": True, "displayModeBar": False}, className="ringkasan-spark",
                     style={"height": "54px"})


def _change_line(data: Mapping, lang: str) -> html.Div:
    decimals = int(data["indicator"].get("decimals") or 0)
    if data.get("change") is None:
        key = "ringkasan.change_break" if data.get("break_note") else "ringkasan.change_none"
        title = (data.get("break_note") or {}).get(lang)
        return html.Div(t(key, lang), className="ringkasan-change text-secondary small", title=title)
    tone = data.get("tone", "neutral")
    direction = "up" if data["change"] > 0 else "down"
    points = (" poin" if lang == "id" else " pts") if unit_suffix(data["indicator"].get("unit")) else ""
    change = fmt_signed(data["change"], decimals, lang) + points
    text = t("ringkasan.change", lang, change=change, period=fmt_period(data["previous_period"], lang))
    return html.Div([html.I(className=f"bi {TONE_ICON[tone].format(dir=direction)} me-1"), text],
                    className=f"ringkasan-change {TONE_CLASS[tone]} fw-semibold",
                    title=t(f"ringkasan.tone.{tone}", lang))


def _name(meta: Mapping, lang: str, short: bool) -> str:
    if short:
        return meta.get(f"short_{lang}") or meta.get(f"name_{lang}") or meta["code"]
    return meta.get(f"name_{lang}") or meta["code"]


def card(data: Mapping, lang: str = "id") -> dbc.Card:
    """One headline card from a card dict (see services.overview.card_values)."""
    meta = data["indicator"]
    decimals = int(meta.get("decimals") or 0)
    header = html.Div([
        html.Div([html.Div(_name(meta, lang, True), className="ringkasan-card-title"),
                  html.Div(_name(meta, lang, False), className="ringkasan-card-name text-muted")]),
        html.Div([on_track.badge(data.get("on_track"), lang), *data.get("badges", [])], className="ringkasan-badges"),
    ], className="d-flex justify-content-between align-items-start gap-2")
    source = {**data["source"], "period": data.get("period")} if data.get("source") else None
    footer = html.Div([
        html.Span(t("ringkasan.provenance", lang, source=source_text(meta.get("producer")),
                    loaded=fmt_date(data.get("loaded"), lang)), title=provenance.source_text(source, lang) or None,
                  className="ringkasan-source"),
        SEP, dcc.Link(t("ringkasan.trend_link", lang),
                        href=urls.link("tren", indicator=meta["code"], region=data["region"]["code"], lang=lang)),
        # the feedback button (larger than this line) on a line of its own: inline it wrapped after a dangling " · "
        *([html.Div(data["feedback"])] if data.get("feedback") else []),
    ], className="ringkasan-provenance text-muted")
    if is_missing(data.get("value")):
        body = [html.Div(t("common.no_data", lang), className="ringkasan-value ringkasan-missing text-muted"),
                html.Div(t("ringkasan.no_value_hint", lang), className="small text-muted")]
        return dbc.Card(dbc.CardBody([header, *body, footer]), className="ringkasan-card ringkasan-card-empty h-100",
                        id={"type": "ringkasan-card", "index": meta["code"]})
    preliminary = data.get("status") == "preliminary"
    value = html.Div([
        html.Span(fmt_number(data["value"], decimals, lang), className="ringkasan-number"),
        html.Span(unit_suffix(meta.get("unit")), className="ringkasan-unit"),
        html.Span("*", className="ringkasan-prelim-star", title=t("common.preliminary", lang)) if preliminary else None,
    ], className="ringkasan-value")
    period = html.Div([fmt_period(data["period"], lang),
                       dbc.Badge(t("common.preliminary", lang), color="warning", text_color="dark",
                                 className="ms-2 ringkasan-prelim") if preliminary else None,
                       html.Span(f"{SEP}{unit_text(meta, lang)}" if not unit_suffix(meta.get("unit")) else "",
                                 className="text-muted")], className="ringkasan-period")
    facts = [rank_text(data.get("rank"), data["region"], data.get("parent"), lang)]
    if data.get("parent"):
        parent_name = t("common.indonesia", lang) if data["parent"]["code"] == "ID" else data["parent"]["name"]
        facts.append(t("ringkasan.parent", lang, parent=parent_name,
                       value=fmt_number(data.get("parent_value"), decimals, lang)))
    facts += target_facts(data, decimals, lang)
    return dbc.Card(dbc.CardBody([
        header, value, period, _change_line(data, lang),
        provenance.release_note(source, data.get("previous_source"), lang) if data.get("other_release") else None,
        html.Ul([html.Li(f, className="ringkasan-fact") for f in facts if f], className="ringkasan-facts"),
        sparkline(data.get("spark", []), data.get("tone", "neutral"), lang) if len(data.get("spark", [])) > 1 else None,
        footer,
    ]), className="ringkasan-card h-100", id={"type": "ringkasan-card", "index": meta["code"]})


def governance_row(cards: Sequence[Mapping], lang: str) -> html.Div | None:
    """Governance indicators (Indeks SPBE, service satisfaction, complaints) beside the development cards."""
    if not cards:
        return None
    return html.Div([
        html.H2(t("ringkasan.governance", lang), className="h5 mt-2 mb-1"),
        html.P(t("ringkasan.governance_note", lang), className="small text-muted mb-2"),
        dbc.Row([dbc.Col(card(c, lang), xs=12, md=6, lg=4, xl=3, className="mb-3") for c in cards]),
    ], id=ids.GOVERNANCE, className="ringkasan-governance")


def layout(cards: Sequence[Mapping] = (), region: Mapping | None = None, options: Sequence[Mapping] = (),
           lang: str = "id", notices: Sequence = (), governance: Sequence[Mapping] = (), issues: Sequence = (),
           top: tuple[Mapping | None, Sequence] = (None, ()), villages: Mapping | None = None) -> dbc.Container:
    """The page; `issues` (models.issues, ranked) and `top` (the matrix's parent region and its three priority
    lines) fill the "what should I prioritise?" row above the cards; `villages` (a kab/kota's desa, see
    layouts.ringkasan_desa) follows that row."""
    region = region or {"code": "ID", "name": "Indonesia", "level": "country"}
    name = t("common.indonesia", lang) if region["code"] == "ID" else region["name"]
    picker = html.Div([
        dbc.Label(t("ringkasan.region_label", lang), html_for=ids.REGION, className="small mb-1"),
        dcc.Dropdown(id=ids.REGION, options=region_choices(options), value=region["code"], clearable=False, searchable=True,
                     placeholder=t("ringkasan.region_placeholder", lang), className="ringkasan-picker",
                     labels=region_dropdown_labels(lang), maxHeight=380),
    ], className="ringkasan-picker-wrap")
    # cards with a value first (display order kept within each group), so the big numbers lead
    ordered = sorted(cards, key=lambda c: is_missing(c.get("value")))
    grid = [dbc.Col(card(c, lang), xs=12, md=6, lg=4, xl=3, className="mb-3") for c in ordered]
    return dbc.Container([
        dbc.Row([
            dbc.Col(page_header(t("ringkasan.title", lang, region=name), t("ringkasan.subtitle", lang)), lg=6),
            dbc.Col(html.Div([picker],
                             className="d-flex align-items-end gap-2 justify-content-lg-end mt-3 flex-wrap"),
                    lg=6),
        ], className="align-items-end"),
        *notices,
        ringkasan_desa.place_card(villages, lang),
        ringkasan_isu.panels(issues, cards, region, top[0] or region, top[1], lang),
        ringkasan_desa.section(villages, lang),
        html.P(t("ringkasan.legend", lang), className="small text-muted mb-2"),
        dbc.Row(grid or [dbc.Col(dbc.Alert(t("ringkasan.no_indicators", lang), color="light"))], id=ids.CARDS),
        governance_row(governance, lang),
        chart_export("ringkasan", lang),
        dcc.Store(id=ids.CURRENT, data=region["code"]),
    ], fluid=True, className="pb-4 ringkasan")
