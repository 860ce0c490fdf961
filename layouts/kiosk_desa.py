"""The kiosk's desa panel: a kab/kota's desa by published IDM status on the one map builder (layouts.choropleth,
the map page's status colours), kelurahan as not scored, the count per status beside it. Pure: the snapshot's
`villages` dict (services.kiosk_snapshot.village_panel) in, components out.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from dash import html

from i18n import fmt_number, fmt_period, t
from layouts import choropleth
from layouts.choropleth import KIOSK, Categories, MapSpec, category_colours
from layouts.kiosk import panel_head


def status_colours(statuses: Sequence[Mapping]) -> dict[str, str]:
    """The map page's status colours (best first), keyed by the status number as text."""
    return dict(zip((str(s["value"]) for s in statuses), category_colours(len(statuses)), strict=True))


def village_spec(data: Mapping, geo_url: str, lang: str) -> MapSpec:
    """The desa in the map page's status colours (layouts.choropleth, one builder), kelurahan as not scored."""
    statuses = data["statuses"]
    labels = {str(s["value"]): s["label_en" if lang == "en" else "label_id"] for s in statuses}
    colouring = Categories([None if v is None else str(v) for v in data["status"]], status_colours(statuses), labels,
                           counts={str(s["value"]): s["count"] for s in statuses})
    return MapSpec(geo_url, "kiosk-desa", data["codes"], data["names"], colouring,
                   not_scored={c: "" for c in data["kelurahan"]}, not_scored_label=t("kiosk.desa.kelurahan", lang),
                   lang=lang, style=KIOSK)


def village_figure(data: Mapping | None, geo_url: str, lang: str):
    if not data or data.get("state") != "ready":
        return {"data": [], "layout": {}}
    figure = choropleth.figure(village_spec(data, geo_url, lang))
    figure.update_layout(showlegend=False)  # the counts beside the map say the colours
    return figure


def village_head(data: Mapping | None, lang: str) -> html.Div:
    if not data or data.get("state") != "ready":
        state = (data or {}).get("state")
        return panel_head("desa", t(f"kiosk.desa.{state if state in ('loading', 'off') else 'empty'}", lang))
    scored = sum(s["count"] for s in data["statuses"])
    return panel_head("desa", t("kiosk.desa.title", lang, period=fmt_period(data["period"], lang)),
                      t("kiosk.desa.subtitle", lang, scored=fmt_number(scored, 0, lang),
                        kelurahan=fmt_number(len(data["kelurahan"]), 0, lang)))


def village_side(data: Mapping | None, lang: str) -> list:
    """The count of desa per status, in the map's colours (the legend of a screen read from 5 m)."""
    if not data or data.get("state") != "ready":
        return []
    colours = status_colours(data["statuses"])
    rows = [html.Div([html.Span(className="kiosk-swatch", style={"background": colours[str(s["value"])]}),
                      html.Span(s["label_en" if lang == "en" else "label_id"], className="kiosk-rank-name"),
                      html.Span(fmt_number(s["count"], 0, lang), className="kiosk-rank-value")],
                     className="kiosk-rank-row", **{"data-status": str(s["value"])}) for s in data["statuses"]]
    if data["kelurahan"]:
        rows.append(html.Div([html.Span(className="kiosk-swatch", style={"background": KIOSK.not_scored}),
                              html.Span(t("kiosk.desa.kelurahan", lang), className="kiosk-rank-name"),
                              html.Span(fmt_number(len(data["kelurahan"]), 0, lang), className="kiosk-rank-value")],
                             className="kiosk-rank-row kiosk-muted"))
    return rows
