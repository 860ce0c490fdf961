"""Embedded charts (/embed?grafik=tren|peta&indikator=...&wilayah=...&lang=...) and the "Sematkan" action.

An embed is shown inside other sites' pages, so it is always built for the anonymous public (tier `publik`),
even when the visitor happens to be signed in here; any other indicator is refused with a message and no value.
The same query parameters as /tren and /peta; the link back opens the full page in that state.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dash import Dash, Input, Output, State
from dash.exceptions import PreventUpdate
from flask import has_request_context, request

from callbacks import peta as peta_page
from callbacks import tren as tren_page
from callbacks.chart_export import period_text
from i18n import fmt_date, fmt_period, normalise_lang, t, urls
from layouts import embed
from layouts.common import error_block
from layouts.embed import ids
from layouts.peta import ids as peta_ids
from layouts.tren import ids as tren_ids
from services import maps, queries
from services.access import PUBLIC, AccessDenied
from services.context import AppContext
from services.errors import NoDataError, StoreError
from services.export import citation
from services.options import lift_below

CHARTS = ("tren", "peta")


@dataclass
class Refused(Exception):
    message: str


def base_url() -> str:
    return request.host_url.rstrip("/") if has_request_context() else ""


def public_indicator(ctx: AppContext, code: str | None, lang: str) -> dict:
    """The indicator's metadata if the public may see it; Refused otherwise (an internal one is not named)."""
    if not code:
        raise Refused(t("embed.no_indicator", lang))
    try:
        return queries.indicator(ctx.engine, code, PUBLIC)
    except AccessDenied:
        raise Refused(t("embed.not_public", lang, code=code)) from None
    except NoDataError:
        raise Refused(t("embed.unknown_indicator", lang, code=code)) from None


def _name(meta: dict, lang: str) -> str:
    return str(meta.get(f"name_{lang}") or meta.get("name_id") or meta["code"])


def _cite(meta: dict, regions: str, period: str | None, link: str, lang: str) -> str:
    text = citation(_name(meta, lang), regions, period, str(meta.get("producer") or "–"),
                    fmt_date(date.today(), lang), base_url() + link, lang)
    flag = meta.get("confidence")  # e.g. Indeks SPBE: "data tidak lengkap: dari pemberitaan"
    return f"{text} [{t('confidence.' + flag, lang)}]" if isinstance(flag, str) and flag else text


def trend_embed(ctx: AppContext, meta: dict, wilayah, lang: str):
    known = set(queries.page_regions(ctx.engine, access=PUBLIC)["code"])
    codes, _ = tren_page.checked_regions(known, tren_page.parse_codes(wilayah), lang,
                                         lambda code: lift_below(ctx.engine, code, lang, known))
    codes = codes or ["ID"]
    data = tren_page.trend_data(ctx, meta["code"], codes, True, PUBLIC)
    if data.lines.empty:
        raise Refused(t("embed.no_data", lang))
    figure, _notes, _messages, _track = tren_page.chart(data, lang)
    figure.update_layout(margin={"l": 40, "r": 10, "t": 10, "b": 30})
    chosen = data.lines[data.lines["role"] == "selected"]
    names = ", ".join(dict.fromkeys(chosen["region_name"])) or t("common.indonesia", lang)
    span = period_text(list(data.lines.loc[~data.lines["gap"].astype(bool), "period"]), lang)
    link = urls.link("tren", indicator=meta["code"], region=",".join(codes), lang=lang)
    title = t("embed.title.tren", lang, indicator=_name(meta, lang), regions=names)
    return figure, title, _cite(meta, names, span, link, lang), link


def map_embed(ctx: AppContext, meta: dict, region, period, level, method, lang: str):
    setup = peta_page.setup_from_url(ctx, lang, region=region, indicator=meta["code"], period=period, level=level,
                                     method=method, access=PUBLIC)
    if not setup.periods:
        raise Refused(t("embed.no_data", lang))
    level = maps.effective_level(setup.level, setup.parent)
    period = setup.periods[setup.period_index]
    view = maps.map_view(ctx, meta["code"], period, level, setup.parent, setup.method, PUBLIC)
    figure = peta_page.figure_for(view, lang)
    parent = maps.region_name(ctx, setup.parent)
    # the desa of a kab/kota are not "kab/kota di Kabupaten Bogor"
    below = {"district": "embed.scope.parent.district", "village": "embed.scope.parent.village"}
    scope = (t(below.get(level, "embed.scope.parent"), lang, parent=parent) if setup.parent
             else t(f"embed.scope.{level}", lang))
    link = urls.link("peta", indicator=meta["code"], period=period, region=region or setup.parent or "ID",
                     level=setup.level, method=setup.method, lang=lang)
    title = t("embed.title.peta", lang, indicator=_name(meta, lang), period=fmt_period(period, lang), scope=scope)
    return figure, title, _cite(meta, scope, fmt_period(period, lang), link, lang), link


def page(ctx: AppContext):
    def layout(lang: str | None = None, grafik: str | None = None, indikator: str | None = None,
               wilayah: str | None = None, periode: str | None = None, tingkat: str | None = None,
               kelas: str | None = None, **_query):
        lang = normalise_lang(lang or ctx.config.default_lang)
        chart = grafik or "tren"
        try:
            if chart not in CHARTS:
                raise Refused(t("embed.unknown_chart", lang, chart=chart))
            meta = public_indicator(ctx, indikator, lang)
            parts = (trend_embed(ctx, meta, wilayah, lang) if chart == "tren"
                     else map_embed(ctx, meta, wilayah, periode, urls.LEVELS.get(tingkat or ""), kelas, lang))
        except Refused as refused:
            return embed.refusal(refused.message, lang)
        except StoreError:
            return error_block(lang)
        figure, title, cite, link = parts
        return embed.layout(figure, title, cite, link, lang)

    return layout


def embed_url(params: dict) -> str:
    return base_url() + urls.link("embed", **params)


def share_result(ctx: AppContext, params: dict, lang: str) -> tuple[bool, str, str, str]:
    """(modal open, iframe code, preview link, message) for the chart in `params`; public indicators only."""
    try:
        public_indicator(ctx, params.get("indicator"), lang)
    except Refused as refused:
        return True, "", "/embed", refused.message
    url = embed_url({**params, "lang": lang})
    return True, embed.iframe_code(url, lang), url, ""


def register(app: Dash, ctx: AppContext) -> None:
    outputs = lambda page: [Output(ids.of(ids.SHARE_MODAL, page), "is_open"),
                            Output(ids.of(ids.SHARE_CODE, page), "value"),
                            Output(ids.of(ids.SHARE_PREVIEW, page), "href"),
                            Output(ids.of(ids.SHARE_MESSAGE, page), "children")]

    @app.callback(*outputs("tren"), Input(ids.of(ids.SHARE_BUTTON, "tren"), "n_clicks"),
                  State(tren_ids.INDICATOR, "value"), State(tren_ids.REGIONS, "value"), State(tren_ids.LANG, "data"),
                  prevent_initial_call=True)
    def share_trend(n_clicks, indicator, codes, lang):
        if not n_clicks:
            raise PreventUpdate
        params = {"chart": "tren", "indicator": indicator, "region": ",".join(codes or [])}
        return share_result(ctx, params, normalise_lang(lang))

    @app.callback(*outputs("peta"), Input(ids.of(ids.SHARE_BUTTON, "peta"), "n_clicks"),
                  State(peta_ids.INDICATOR, "value"), State(peta_ids.PERIODS, "data"), State(peta_ids.PERIOD, "value"),
                  State(peta_ids.PARENT, "data"), State(peta_ids.LEVEL, "value"), State(peta_ids.METHOD, "value"),
                  State(peta_ids.LANG, "data"), prevent_initial_call=True)
    def share_map(n_clicks, indicator, periods, index, parent, level, method, lang):
        if not n_clicks:
            raise PreventUpdate
        period = peta_page.period_at(periods, index)
        params = {"chart": "peta", "indicator": indicator, "period": period, "region": parent or "ID",
                  "level": level if level in urls.LEVEL_WORDS else "regency", "method": method}
        return share_result(ctx, params, normalise_lang(lang))
