"""The overview's answer to "what should I prioritise?": the strategic-issues table (each indicator against its
target, its comparison region and its own past, ranked by models.issues' rule) and the top three of the priority
matrix with the brief's downloads. Pure: issues, card dicts and priority lines in, components out.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

from i18n import fmt_number, fmt_period, fmt_signed, t, urls
from layouts import on_track
from layouts.brief import downloads as brief_downloads
from models.issues import Issue

#: flag raised / not raised / not judged: icon and text colour (the words say it too, never colour alone)
MARKS = {True: ("bi-exclamation-triangle-fill", "text-danger"), False: ("bi-check-circle", "text-success"),
         None: ("bi-dash", "text-secondary")}


class ids:
    ISSUES = "ringkasan-issues"
    TOP = "ringkasan-top"


def _name(meta: Mapping, lang: str) -> str:
    return meta.get(f"short_{lang}") or meta.get(f"name_{lang}") or meta["code"]


def parent_label(cards: Sequence[Mapping], lang: str) -> str:
    """Whom the cards compare with: Indonesia for a province, its province for a kab/kota."""
    parent = next((c["parent"] for c in cards if c.get("parent")), None)
    return t("common.indonesia", lang) if parent is None or parent["code"] == "ID" else parent["name"]


def _mark(raised: bool | None, text: str) -> html.Span:
    icon, colour = MARKS[raised]
    return html.Span([html.I(className=f"bi {icon} me-1", **{"aria-hidden": "true"}), text],
                     className=f"{colour} ringkasan-issue-mark")


def _target_cell(card: Mapping, raised: bool | None, lang: str) -> html.Span:
    found = card.get("on_track")
    if not found:
        return _mark(None, t("isu.no_target", lang))
    return html.Span(_mark(raised, on_track.status_text(found.get("status"), lang)),
                     title=on_track.target_text(found, int(card["indicator"].get("decimals") or 0), lang))


def _peers_cell(card: Mapping, raised: bool | None, lang: str) -> html.Span:
    if raised is None:
        return _mark(None, t("isu.not_judged", lang))
    value = fmt_number(card["parent_value"], int(card["indicator"].get("decimals") or 0), lang)
    rank = card.get("rank")
    text = t("isu.worse" if raised else "isu.better", lang, value=value)
    mark = _mark(raised, text + (f" · {rank['position']}/{rank['of']}" if rank else ""))
    if rank:
        mark.title = t("isu.rank_help", lang, position=rank["position"], of=rank["of"])
    return mark


def _trend_cell(card: Mapping, raised: bool | None, lang: str) -> html.Span:
    if card.get("change") is None:
        return _mark(None, t("isu.no_change", lang))
    decimals = int(card["indicator"].get("decimals") or 0)
    text = f"{fmt_signed(card['change'], decimals, lang)} ({fmt_period(card['previous_period'], lang, short=True)})"
    return _mark(raised, text)


def _row(position: int, issue: Issue, card: Mapping, lang: str, with_peers: bool) -> html.Tr:
    decimals = int(card["indicator"].get("decimals") or 0)
    cells = [html.Td(str(position)), html.Th(_name(card["indicator"], lang), scope="row"),
             html.Td([fmt_number(card["value"], decimals, lang),
                      html.Span(f" {fmt_period(card['period'], lang, short=True)}", className="text-muted small")],
                     className="text-nowrap"),
             html.Td(_target_cell(card, issue.flags["target"], lang))]
    if with_peers:
        cells.append(html.Td(_peers_cell(card, issue.flags["peers"], lang)))
    cells += [html.Td(_trend_cell(card, issue.flags["trend"], lang)),
              html.Td(t("isu.flags", lang, count=issue.count, judged=issue.judged), title=t("isu.flags_help", lang),
                      className="fw-semibold text-nowrap" + (" text-danger" if issue.count >= 2 else ""))]
    return html.Tr(cells, className="ringkasan-issue", **{"data-indicator": issue.code})


def issues_table(issues: Sequence[Issue], cards: Sequence[Mapping], region: Mapping, lang: str = "id") -> dbc.Card:
    """The strategic-issues card: ranked rows, then one line naming the indicators without data."""
    by_code = {c["indicator"]["code"]: c for c in cards}
    parent = parent_label(cards, lang)
    with_peers = region.get("level") != "country"
    ranked = [i for i in issues if i.has_data]
    heads = ["#", t("isu.col.indicator", lang), t("isu.col.value", lang), t("isu.col.target", lang)]
    heads += [t("isu.col.peers", lang, parent=parent)] if with_peers else []
    heads += [t("isu.col.trend", lang), t("isu.col.flags", lang)]
    table = dbc.Table([html.Thead(html.Tr([html.Th(h, scope="col") for h in heads])),
                       html.Tbody([_row(n, i, by_code[i.code], lang, with_peers) for n, i in enumerate(ranked, 1)])],
                      size="sm", hover=True, responsive=True, className="mb-1 ringkasan-issues-table")
    missing = [_name(by_code[i.code]["indicator"], lang) for i in issues if not i.has_data]
    return dbc.Card(dbc.CardBody([
        html.H2(t("isu.title", lang), className="h6 mb-1"),
        html.P(t("isu.rule", lang, parent=parent),
               className="small text-muted mb-2"),
        table if ranked else html.P(t("isu.none", lang), className="text-muted"),
        html.P(t("isu.no_data", lang, items=", ".join(missing)), className="small text-muted mb-0") if missing else None,
    ]), id=ids.ISSUES, className="h-100 ringkasan-panel")


def top_line(line, lang: str) -> html.Li:
    """'Kabupaten Cianjur' and 'skor kebutuhan 0,88 · paling tertinggal: IPM 67,24 (2024)'."""
    meta = line.indicator
    value = "–" if line.value is None else fmt_number(line.value, int(meta.get("decimals") or 0), lang)
    return html.Li([html.Div(line.region["name"], className="fw-semibold"),
                    html.Div(t("isu.top.line", lang, score=fmt_number(line.need, 2, lang), indicator=_name(meta, lang),
                               value=value, period=fmt_period(line.period, lang, short=True) if line.period else "–"),
                             className="small text-muted")],
                   className="mb-1 ringkasan-top-item", **{"data-region": line.region["code"]})


def top_three(parent: Mapping, lines: Sequence, lang: str = "id") -> dbc.Card:
    """The three best-ranked children of the priority matrix, a link to it, and the brief's PDF/XLSX buttons."""
    title = (t("isu.top.title.province", lang) if parent["code"] == "ID"
             else t("isu.top.title.regency", lang, parent=parent["name"]))
    body = (html.Ol([top_line(line, lang) for line in lines], className="ps-3 mb-2") if lines
            else html.P(t("isu.top.none", lang), className="text-muted"))
    return dbc.Card(dbc.CardBody([
        html.H2(title, className="h6 mb-2"), body,
        html.Div([brief_downloads("ringkasan", lang),
                  dcc.Link(t("isu.top.link", lang), href=urls.link("prioritas", region=parent["code"], lang=lang),
                           className="small")], className="d-flex flex-wrap align-items-center gap-2"),
    ]), id=ids.TOP, className="h-100 ringkasan-panel")


def panels(issues: Sequence[Issue], cards: Sequence[Mapping], region: Mapping, parent: Mapping, lines: Sequence,
           lang: str = "id") -> dbc.Row:
    return dbc.Row([dbc.Col(issues_table(issues, cards, region, lang), lg=8, className="mb-3"),
                    dbc.Col(top_three(parent, lines, lang), lg=4, className="mb-3")], className="ringkasan-priorities")
