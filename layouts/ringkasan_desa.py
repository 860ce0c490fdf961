"""The villages section of a kab/kota's overview: desa by IDM status (the map's status colours), kecamatan ranked
by mean IDM, the lowest desa and their weakest dimension, a link to the village map. Pure: the dict of
services.villages.VillageOverview (dataclasses.asdict) in, components out.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

from i18n import fmt_number, fmt_period, fmt_signed, t, urls
from layouts.choropleth import category_colours

IDM_DECIMALS = 4


class ids:
    SECTION = "ringkasan-desa"
    COUNTS = "ringkasan-desa-counts"
    DISTRICTS = "ringkasan-desa-districts"
    LOWEST = "ringkasan-desa-lowest"
    MAP_LINK = "ringkasan-desa-map"
    PLACE = "ringkasan-desa-place"
    PLACE_COUNTS = "ringkasan-desa-place-counts"
    PLACE_MAP_LINK = "ringkasan-desa-place-map"


def status_label(status: Mapping, lang: str) -> str:
    return status["label_id"] if lang == "id" else status["label_en"]


def count_rows(statuses: Sequence[Mapping], lang: str, list_id: str = ids.COUNTS) -> html.Ul:
    colours = category_colours(len(statuses))
    rows = []
    for status, colour in zip(statuses, colours, strict=True):
        change = status.get("change")
        rows.append(html.Li([
            html.Span(className="desa-swatch", style={"backgroundColor": colour}, **{"aria-hidden": "true"}),
            html.Span(status_label(status, lang), className="desa-status-label"),
            html.Span(fmt_number(status["count"], 0, lang), className="desa-status-count fw-semibold"),
            html.Span(fmt_signed(change, 0, lang), className="desa-status-change small text-muted")
            if change is not None else None,
        ], className="desa-status-row", **{"data-status": str(status["value"])}))
    return html.Ul(rows, className="desa-status-list list-unstyled mb-2", id=list_id)


def status_bar(statuses: Sequence[Mapping]) -> html.Div:
    """One bar of the desa by status (decorative: the list beside it says the numbers)."""
    total = sum(s["count"] for s in statuses) or 1
    colours = category_colours(len(statuses))
    return html.Div([html.Div(style={"width": f"{100 * s['count'] / total:.2f}%", "backgroundColor": c})
                     for s, c in zip(statuses, colours, strict=True) if s["count"]],
                    className="desa-status-bar mb-2", **{"aria-hidden": "true"})


def counts_panel(view: Mapping, lang: str) -> html.Div:
    period = fmt_period(view["period"], lang)
    scored = sum(s["count"] for s in view["statuses"])
    notes = [t("desa.kelurahan", lang, n=fmt_number(view["kelurahan"], 0, lang)) if view["kelurahan"]
             else t("desa.kelurahan_none", lang)]
    if view["unscored"]:
        notes.append(t("desa.unscored", lang, n=fmt_number(view["unscored"], 0, lang), period=period))
    if view["previous_period"] is None:
        notes.append(t("desa.change_none", lang, period=period))
    return html.Div([
        html.H3(t("desa.counts_title", lang), className="h6 mb-1"),
        html.P(t("desa.counts_of", lang, scored=fmt_number(scored, 0, lang), period=period),
               className="small text-muted mb-2"),
        status_bar(view["statuses"]), count_rows(view["statuses"], lang),
        *[html.P(n, className="small text-muted mb-1") for n in notes],
    ])


def scroll_table(header: Sequence[str], rows: list, label: str, table_id: str, fit: bool = False) -> html.Div:
    """A table in a box that scrolls (`fit`: a short table shown whole); focusable so keyboard users can scroll it."""
    return html.Div(dbc.Table([html.Thead(html.Tr([html.Th(h, scope="col") for h in header])), html.Tbody(rows)],
                              size="sm", hover=True, className="mb-0 desa-table"),
                    className="desa-scroll" + (" desa-fit" if fit else ""), tabIndex="0", role="region",
                    id=table_id, **{"aria-label": label})


def marked(view: Mapping) -> set[str]:
    """The codes of the place the URL asked for and of its kecamatan: their rows are marked in the tables."""
    place = (view.get("place") or {}).get("place")
    return {place["code"], place["district"]} if place else set()


def row_mark(code: str, mine: set[str]) -> dict:
    return {"className": "table-primary desa-here", "aria-current": "true"} if code in mine else {}


def districts_panel(view: Mapping, lang: str) -> html.Div:
    title = t("desa.districts_title", lang)
    mine = marked(view)
    rows = [html.Tr([html.Td(fmt_number(d["rank"], 0, lang)), html.Td(d["name"]),
                     html.Td(fmt_number(d["idm"], IDM_DECIMALS, lang), className="text-end"),
                     html.Td(fmt_number(d["desa"], 0, lang), className="text-end")],
                    **{"data-code": d["code"]}, **row_mark(d["code"], mine)) for d in view["districts"]]
    header = [t(f"desa.col.{k}", lang) for k in ("rank", "district", "mean_idm", "desa")]
    note = t("desa.districts_note", lang, n=fmt_number(view["kelurahan_only"], 0, lang)) if view["kelurahan_only"] \
        else None
    return html.Div([html.H3(title, className="h6 mb-2"), scroll_table(header, rows, title, ids.DISTRICTS),
                     html.P(note, className="small text-muted mt-1 mb-0") if note else None])


def lowest_panel(view: Mapping, lang: str) -> html.Div:
    labels = {s["value"]: status_label(s, lang) for s in view["statuses"]}
    title = t("desa.lowest_title", lang, n=fmt_number(len(view["lowest"]), 0, lang))
    rows, mine = [], marked(view)
    for d in view["lowest"]:
        weakest = ", ".join(t(f"desa.dim.{w}", lang) for w in d["weakest"])
        rows.append(html.Tr([
            html.Td([html.Div(d["name"]), html.Div(d["district"], className="small text-muted")]),
            html.Td(fmt_number(d["idm"], IDM_DECIMALS, lang), className="text-end"),
            html.Td(labels.get(d["status"], "–")),
            html.Td(f"{weakest} {fmt_number(d['weakest_value'], IDM_DECIMALS, lang)}" if weakest else "–"),
        ], **{"data-code": d["code"]}, **row_mark(d["code"], mine)))
    header = [t(f"desa.col.{k}", lang) for k in ("village", "idm", "status", "weakest")]
    return html.Div([html.H3(title, className="h6 mb-2"), scroll_table(header, rows, title, ids.LOWEST, fit=True),
                     html.P(t("desa.lowest_note", lang), className="small text-muted mt-1 mb-0")])


def map_link(region: Mapping, lang: str) -> dcc.Link:
    return dcc.Link([html.I(className="bi bi-map me-1"), t("desa.map_link", lang)], id=ids.MAP_LINK,
                    href=urls.link("peta", region=region["code"], level="village", lang=lang if lang != "id" else None),
                    className="btn btn-outline-primary btn-sm")


def section(view: Mapping | None, lang: str = "id") -> html.Section | None:
    """The villages of a kab/kota; None for another region."""
    if view is None:
        return None
    ready = view["state"] == "ready"
    title = t("desa.title", lang, period=fmt_period(view["period"], lang)) if ready and view["period"] \
        else t("desa.title_plain", lang)
    head = html.Div([html.H2(title, className="h5 mb-0"), map_link(view["region"], lang) if ready else None],
                    className="d-flex justify-content-between align-items-center flex-wrap gap-2 mb-2")
    if not ready:
        body = dbc.Alert(t(f"desa.{view['state']}", lang), color="info", className="py-2 mb-0")
    elif not view["period"]:
        body = html.P([t("desa.none", lang), " ", t("desa.kelurahan", lang, n=fmt_number(view["kelurahan"], 0, lang))
                       if view["kelurahan"] else None], className="text-muted mb-0")
    else:
        body = html.Div([dbc.Row([
            dbc.Col(counts_panel(view, lang), xs=12, md=6, xl=3, className="mb-3"),
            dbc.Col(districts_panel(view, lang), xs=12, md=6, xl=4, className="mb-3"),
            dbc.Col(lowest_panel(view, lang), xs=12, xl=5, className="mb-3"),
        ]), html.P(t("desa.source", lang, period=fmt_period(view["period"], lang)), className="small text-muted mb-0")])
    return html.Section(dbc.Card(dbc.CardBody([head, body]), className="desa-card"), id=ids.SECTION,
                        className="mb-3", **{"data-state": view["state"]})


# --- a kecamatan or desa asked for by code (/?wilayah=3201022006): its profile above its kab/kota's overview ------

def figure_line(label: str, value: float | None, lang: str, strong: bool = False) -> html.Div:
    return html.Div([html.Dt(label, className="small text-muted fw-normal"),
                     html.Dd(fmt_number(value, IDM_DECIMALS, lang) if value is not None else "–",
                             className="fs-4 fw-semibold mb-0" if strong else "mb-0")], className="desa-figure")


def status_badge(statuses: Sequence[Mapping], value: int | None, label: str | None) -> html.Span | None:
    if value is None or label is None:
        return None
    colours = dict(zip((s["value"] for s in statuses), category_colours(len(statuses)), strict=True))
    return html.Span([html.Span(className="desa-swatch me-1", style={"backgroundColor": colours.get(value, "#999")},
                                **{"aria-hidden": "true"}), label], className="desa-place-status fw-semibold")


def village_body(view: Mapping, profile: Mapping, lang: str) -> list:
    place, values = profile["place"], profile["values"]
    period = fmt_period(profile["period"] or view.get("period"), lang) if (profile["period"] or view.get("period")) \
        else ""
    if place["kind"] == "kelurahan":
        return [html.P(t("desa.place.kelurahan", lang), className="mb-0")]
    if "idm" not in values:
        return [html.P(t("desa.place.no_value", lang, period=period), className="mb-0")]
    label = profile["status_label_en"] if lang == "en" else profile["status_label_id"]
    status = values.get("status_idm")
    return [
        html.Div([html.Span(t("desa.place.status", lang, period=period) + ": ", className="text-muted"),
                  status_badge(view["statuses"], int(status) if status is not None else None, label)],
                 className="mb-2"),
        html.Dl([figure_line("IDM", values.get("idm"), lang, strong=True),
                 *[figure_line(t(f"desa.dim.{d}", lang), values.get(d), lang) for d in ("iks", "ike", "ikl")]],
                className="desa-figures d-flex flex-wrap gap-4 mb-0"),
    ]


def district_body(profile: Mapping, lang: str) -> list:
    place = profile["place"]
    members = html.P(t("desa.place.members", lang, desa=fmt_number(profile["desa"], 0, lang),
                       kelurahan=fmt_number(profile["kelurahan"], 0, lang)), className="small text-muted mb-2")
    if profile["mean_idm"] is None:
        return [members, html.P(t("desa.none", lang), className="mb-0")]
    period = fmt_period(profile["period"], lang)
    figures = [
        html.Dl([figure_line(t("desa.place.mean", lang, period=period), profile["mean_idm"], lang, strong=True)],
                className="mb-1"),
        html.P(t("desa.place.rank", lang, rank=fmt_number(profile["rank"], 0, lang),
                 n=fmt_number(profile["ranked"], 0, lang), regency=place["regency_name"]), className="small mb-1"),
        members,
    ]
    counts = [status_bar(profile["statuses"]), count_rows(profile["statuses"], lang, ids.PLACE_COUNTS)]
    return [dbc.Row([dbc.Col(figures, xs=12, md=5, xl=4), dbc.Col(counts, xs=12, md=7, xl=5)])]


def place_card(view: Mapping | None, lang: str = "id") -> html.Section | None:
    """The kecamatan or desa/kelurahan the URL asked for (view["place"]: services.village_place.PlaceProfile as a
    dict): where it lies, its IDM figures as stored, a link to it on the village map; None without one."""
    profile = (view or {}).get("place")
    if not profile:
        return None
    place = profile["place"]
    village = place["level"] == "village"
    title = f"{t('common.kind.' + (place['kind'] or 'desa'), lang)} {place['name']}" if village \
        else t("desa.place.title_district", lang, name=place["name"])
    where = t("desa.place.where_village", lang, district=place["district_name"], regency=place["regency_name"]) \
        if village else place["regency_name"]
    lang_param = lang if lang != "id" else None
    links = [dcc.Link([html.I(className="bi bi-geo-alt me-1"), t("desa.place.map_link", lang)], id=ids.PLACE_MAP_LINK,
                      href=urls.link("peta", region=place["code"], level="village", lang=lang_param),
                      className="btn btn-primary btn-sm")]
    if village:
        links.append(dcc.Link(t("desa.place.district_link", lang), className="btn btn-outline-primary btn-sm",
                              href=urls.link("ringkasan", region=place["district"], lang=lang_param)))
    head = html.Div([html.Div([html.H2(title, className="h4 mb-0"), html.P(where, className="text-muted mb-0")]),
                     html.Div(links, className="d-flex gap-2 flex-wrap")],
                    className="d-flex justify-content-between align-items-start flex-wrap gap-2 mb-3")
    body = village_body(view, profile, lang) if village else district_body(profile, lang)
    foot = html.P(t("desa.place.below", lang, regency=place["regency_name"], name=place["name"]),
                  className="small text-muted mt-3 mb-0")
    return html.Section(dbc.Card(dbc.CardBody([head, *body, foot]), className="desa-place border-primary"),
                        id=ids.PLACE, className="mb-3", **{"data-code": place["code"], "data-level": place["level"]})
