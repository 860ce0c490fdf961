"""Kiosk page (/kiosk): a read-only wall screen that rotates panels, refreshes its numbers without a reload and
keeps the last good panels (with a discreet banner) while the store or the server does not answer.

Rotation, clock, banner and ticker run in the browser (assets/kiosk/kiosk.js), so they go on when the server is
gone; the server-side refresh never raises: a store error returns no update for the panels and `ok: False`.
"""
from __future__ import annotations

import logging
import time
from dataclasses import asdict
from datetime import datetime

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, html, no_update
from dash import callback_context as dash_ctx

from i18n import display_zone, fmt_date, fmt_period, normalise_lang, t
from layouts import kiosk, kiosk_desa
from layouts.kiosk import ids
from models.kiosk import is_improvement, status_changes
from services import geometry
from services.context import AppContext
from services.errors import StoreError
from services.kiosk import KioskSettings, kiosk_params, offline_settings, ping, resolve_kiosk
from services.kiosk_snapshot import fingerprint, snapshot, states

log = logging.getLogger("services.kiosk")
MAX_ALERTS = 8
HEARTBEAT = 10  # seconds between the cheap "are you there" checks (at most the refresh interval)


def view_for(settings: KioskSettings, previous: dict | None = None) -> dict:
    """The VIEW store: what the browser-side functions need (timing, texts) plus the memory of past refreshes."""
    lang = settings.lang
    previous = previous or {}
    return {"playlist": list(settings.panels), "interval": settings.interval, "refresh": settings.refresh,
            "heartbeat": min(HEARTBEAT, settings.refresh), "lang": lang, "timezone": display_zone().key,
            "banner": t("kiosk.banner", lang, time="{time}"), "banner_never": t("kiosk.banner.never", lang),
            "no_alerts": t("kiosk.ticker.none", lang), "alerts_label": t("kiosk.ticker.label", lang),
            "fingerprint": previous.get("fingerprint"), "states": previous.get("states", {}),
            "alerts": previous.get("alerts", [])}


def title_for(snap: dict, settings: KioskSettings) -> str:
    title = settings.title or t("kiosk.title", settings.lang,
                                region=kiosk.region_name(snap["region"], settings.lang))
    return f"{title} · {t('theme.' + settings.theme, settings.lang)}" if settings.theme else title


def as_of_text(snap: dict, lang: str) -> str:
    text = t("kiosk.data_as_of", lang, period=fmt_period(snap["as_of"], lang)) if snap.get("as_of") else ""
    if snap.get("loaded_at"):
        loaded = t("kiosk.loaded", lang, date=fmt_date(datetime.fromisoformat(snap["loaded_at"]), lang))
        text = f"{text} · {loaded}" if text else loaded[:1].upper() + loaded[1:]  # no dangling "· loaded ..."
    return text


def geometry_name(map_data: dict | None) -> str:
    """The screen geometry of the map's peers: every province, or the kab/kota of one province."""
    if not map_data:
        return geometry.name_for("province")
    return geometry.name_for(map_data["level"], map_data["parent"])


def render_parts(snap: dict, settings: KioskSettings) -> dict:
    """Every panel's content and the header texts for one snapshot."""
    lang = settings.lang
    parts = {}
    if "peta" in settings.panels:  # the map is drawn only when it is shown
        map_data = snap.get("map")
        parts = {"map_head": kiosk.map_head(map_data, lang),
                 "map_figure": kiosk.map_figure(map_data, geometry.url(geometry_name(map_data)), lang),
                 "map_side": kiosk.map_side(map_data, lang)}
    if "desa" in settings.panels:  # a kab/kota's desa (services.kiosk drops the panel elsewhere)
        desa = snap.get("villages")
        geo = geometry.url(geometry.name_for("village", desa["region"])) if desa else ""
        parts.update(desa_head=kiosk_desa.village_head(desa, lang), desa_figure=kiosk_desa.village_figure(desa, geo, lang),
                     desa_side=kiosk_desa.village_side(desa, lang))
    return {
        **parts, "title": title_for(snap, settings), "as_of": as_of_text(snap, lang),
        "tiles": kiosk.tiles_panel(snap.get("tiles") or [], snap["region"], lang),
        "movers": kiosk.movers_panel(snap.get("movers"), lang),
        "targets": kiosk.target_panel(snap.get("targets"), lang),
        "notices": [html.Div(text, className="kiosk-notice") for text in settings.notices],
    }


def names_of(snap: dict) -> tuple[dict[str, str], dict[str, str]]:
    """(indicator code -> short name, region code -> name) of what a snapshot shows, for alert texts."""
    regions = {snap["region"]["code"]: snap["region"]["name"]}
    for r in (snap.get("map") or {}).get("regions", []):
        regions[r[0]] = r[1]
    for r in (snap.get("targets") or {}).get("rows", []):
        regions[r["region_code"]] = r["name"]
    infos = list(snap.get("tiles") or [])
    for part in ("map", "targets"):
        if (snap.get(part) or {}).get("indicator"):
            infos.append(snap[part]["indicator"])
    return {i["code"]: i for i in infos}, regions


def alerts_for(old_states: dict, new_states: dict, snap: dict, lang: str, now_ms: int) -> list[dict]:
    """An alert per indicator x region whose target band (or on-track status) changed since the last refresh."""
    indicators, regions = names_of(snap)
    alerts = []
    for change in status_changes(old_states, new_states):
        kind, code, region = change.key.split("|", 2)
        info = indicators.get(code, {"code": code})
        names = {"indicator": kiosk.indicator_label(info, lang, short=True),
                 "region": kiosk.region_name({"code": region, "name": regions.get(region, region)}, lang),
                 "old": t(f"kiosk.band.{change.old}", lang), "new": t(f"kiosk.band.{change.new}", lang)}
        alerts.append({"at": now_ms, "good": is_improvement(change), "text": t(f"kiosk.alert.{kind}", lang, **names)})
    return alerts


def first_render(ctx: AppContext, params: dict) -> tuple[dict, dict | None, str]:
    """(VIEW, rendered parts or None when the store does not answer, lang) for the page layout."""
    try:
        settings = resolve_kiosk(ctx.engine, params, ctx.config.default_lang)
        snap = snapshot(ctx.engine, settings)
    except StoreError as exc:
        log.warning("kiosk: store not answering at page load: %s", exc)
        settings = offline_settings(params, ctx.config.default_lang)
        return view_for(settings), None, settings.lang
    view = view_for(settings)
    view.update(fingerprint=fingerprint(snap) + repr(asdict(settings)), states=states(snap))
    parts = render_parts(snap, settings)
    parts["status"] = {"ok": True, "seq": 0}
    return view, parts, settings.lang


def refresh(ctx: AppContext, params: dict, view: dict | None, status: dict | None, heartbeat_only: bool) -> dict:
    """What a refresh changes on screen (keys of OUTPUTS; missing keys stay as they are). Never raises."""
    seq = int((status or {}).get("seq") or 0) + 1
    try:
        if heartbeat_only:
            ping(ctx.engine)
            return {"status": {"ok": True, "seq": seq}}
        settings = resolve_kiosk(ctx.engine, params or {}, ctx.config.default_lang)
        snap = snapshot(ctx.engine, settings)
    except StoreError as exc:
        log.warning("kiosk: store not answering, keeping the last panels: %s", exc)
        return {"status": {"ok": False, "seq": seq}}
    except Exception:  # a wall screen keeps its last panels whatever went wrong; logged
        log.exception("kiosk: refresh failed, keeping the last panels")
        return {"status": {"ok": False, "seq": seq}}
    view = view or {}
    new_view = view_for(settings, view)
    new_states = states(snap)
    fresh = alerts_for(view.get("states") or {}, new_states, snap, settings.lang, int(time.time() * 1000))
    new_view.update(states=new_states, alerts=(fresh + list(view.get("alerts") or []))[:MAX_ALERTS])
    out: dict = {"status": {"ok": True, "seq": seq}}
    stamp = fingerprint(snap) + repr(asdict(settings))
    if stamp != view.get("fingerprint"):
        new_view["fingerprint"] = stamp
        out.update(render_parts(snap, settings))
    for key in ("interval", "refresh", "heartbeat"):
        if new_view[key] != view.get(key):
            out[key] = new_view[key] * 1000
    if new_view != view:
        out["view"] = new_view
    return out


OUTPUTS = (
    ("title", ids.TITLE, "children"), ("as_of", ids.AS_OF, "children"), ("map_head", ids.MAP_HEAD, "children"),
    ("map_figure", ids.MAP_GRAPH, "figure"), ("map_side", ids.MAP_SIDE, "children"),
    ("desa_head", ids.DESA_HEAD, "children"), ("desa_figure", ids.DESA_GRAPH, "figure"),
    ("desa_side", ids.DESA_SIDE, "children"),
    ("tiles", ids.TILES, "children"), ("movers", ids.MOVERS, "children"), ("targets", ids.TARGETS, "children"),
    ("notices", ids.NOTICES, "children"), ("view", ids.VIEW, "data"), ("status", ids.STATUS, "data"),
    ("interval", ids.ROTATE, "interval"), ("refresh", ids.REFRESH, "interval"),
    ("heartbeat", ids.HEARTBEAT, "interval"),
)


def page(ctx: AppContext):
    def layout(**query):
        params = kiosk_params(query)
        view, parts, lang = first_render(ctx, params)
        return kiosk.layout(params, view, parts, normalise_lang(lang))

    return layout


def register(app: Dash, ctx: AppContext) -> None:
    if not any(rule.rule.startswith(geometry.ROUTE) for rule in app.server.url_map.iter_rules()):
        geometry.register(app.server)  # the map page serves it too; whichever registers first

    @app.callback(*[Output(i, p) for _, i, p in OUTPUTS], Input(ids.REFRESH, "n_intervals"),
                  Input(ids.HEARTBEAT, "n_intervals"), State(ids.PARAMS, "data"), State(ids.VIEW, "data"),
                  State(ids.STATUS, "data"), prevent_initial_call=True)
    def refresh_screen(_n_refresh, _n_beat, params, view, status):
        beat = dash_ctx.triggered_id == ids.HEARTBEAT and bool((status or {}).get("ok"))
        changes = refresh(ctx, params, view, status, heartbeat_only=beat)
        return tuple(changes.get(key, no_update) for key, _, _ in OUTPUTS)

    app.clientside_callback(ClientsideFunction("kiosk", "rotate"),
                            Output({"type": ids.PANEL, "index": ALL}, "className"), Output(ids.DOTS, "children"),
                            Input(ids.ROTATE, "n_intervals"), State(ids.VIEW, "data"),
                            State({"type": ids.PANEL, "index": ALL}, "id"))
    app.clientside_callback(ClientsideFunction("kiosk", "seen"), Output(ids.SEEN, "data"),
                            Input(ids.STATUS, "data"), State(ids.SEEN, "data"))
    app.clientside_callback(ClientsideFunction("kiosk", "clock"), Output(ids.CLOCK, "children"),
                            Output(ids.DATE, "children"), Output(ids.BANNER, "children"),
                            Output(ids.BANNER, "className"), Input(ids.CLOCK_TICK, "n_intervals"),
                            Input(ids.SEEN, "data"), State(ids.VIEW, "data"))
    app.clientside_callback(ClientsideFunction("kiosk", "ticker"), Output(ids.TICKER, "children"),
                            Input(ids.VIEW, "data"))
