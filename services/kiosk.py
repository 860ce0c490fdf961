"""Kiosk settings: the playlist and timing read from a URL or a stored kiosk profile, and the profiles themselves.

A URL value overrides the profile's, the profile overrides the defaults. Bad values never raise here: they come
back as notices and the default is used. Profiles are written only by the CLI (never by a kiosk URL).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd
from sqlalchemy import delete, select, text, update
from sqlalchemy.engine import Engine

from data.errors import NoDataError, Problem, ValidationError
from data.schema import KioskProfile, utcnow
from i18n import LANGS, normalise_lang, t
from i18n.urls import keys
from services import queries
from services.access import PUBLIC
from services.options import lift_below
from services.queries import wraps_store_errors

PANELS = ("peta", "ringkasan", "penggerak", "target")  # the playlist when none is asked for
#: every panel a playlist may name: `desa` (a kab/kota's desa by IDM status) only when asked for
ALL_PANELS = (*PANELS, "desa")
DEFAULT_INTERVAL, MIN_INTERVAL, MAX_INTERVAL = 20, 2, 3600
DEFAULT_REFRESH, MIN_REFRESH, MAX_REFRESH = 60, 2, 3600
PROFILE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
#: The URL parameters the kiosk reads (anything else in the query string is ignored).
PARAMS = (keys.PROFILE, keys.REGION, keys.INDICATOR, keys.THEME, keys.PANEL, keys.INTERVAL, keys.REFRESH, keys.LANG)


@dataclass(frozen=True)
class KioskSettings:
    region: str = "ID"
    indicator: str | None = None  # the map / movers / target indicator; None: the first headline indicator
    theme: str | None = None  # narrow the tiles and the default indicator to one theme (as `?tema=` on other pages)
    panels: tuple[str, ...] = PANELS
    interval: int = DEFAULT_INTERVAL  # seconds per panel
    refresh: int = DEFAULT_REFRESH  # seconds between data refreshes
    lang: str = "id"
    profile: str | None = None
    title: str | None = None
    notices: tuple[str, ...] = ()


def parse_panels(text: str | None) -> tuple[tuple[str, ...], list[str]]:
    """`"peta,ringkasan"` -> (("peta", "ringkasan"), []); unknown names are returned apart, duplicates dropped."""
    if not text or not str(text).strip():
        return PANELS, []
    chosen, unknown = [], []
    for word in str(text).replace(";", ",").split(","):
        name = word.strip().lower()
        if not name:
            continue
        if name in ALL_PANELS:
            if name not in chosen:
                chosen.append(name)
        else:
            unknown.append(word.strip())
    return (tuple(chosen) or PANELS), unknown


def parse_seconds(text: object, default: int, minimum: int, maximum: int) -> tuple[int, bool]:
    """Seconds from a URL value, clamped to [minimum, maximum]; (value, ok). Empty means the default."""
    if text is None or str(text).strip() == "":
        return default, True
    try:
        value = int(float(str(text).strip().replace(",", ".")))
    except ValueError:
        return default, False
    clamped = min(max(value, minimum), maximum)
    return clamped, clamped == value


def kiosk_params(query: Mapping[str, object]) -> dict[str, str]:
    """Only the kiosk's own URL parameters, as text (a layout receives every query parameter)."""
    return {k: str(query[k]) for k in PARAMS if query.get(k) not in (None, "")}


def merged_params(params: Mapping[str, str], profile: Mapping | None) -> dict[str, str]:
    """The profile's values under the URL's."""
    base: dict[str, str] = {}
    if profile:
        base = {keys.REGION: profile.get("wilayah"), keys.INDICATOR: profile.get("indikator"),
                keys.PANEL: profile.get("panels"), keys.INTERVAL: profile.get("interval_s"),
                keys.REFRESH: profile.get("refresh_s"), keys.LANG: profile.get("lang")}
        base = {k: str(v) for k, v in base.items() if v not in (None, "")}
    return {**base, **{k: v for k, v in params.items() if k != keys.PROFILE}}


def timing_and_playlist(params: Mapping[str, str], lang: str) -> tuple[dict, list[str]]:
    """Panels, interval and refresh from (merged) parameters, with notices for what was not understood."""
    notices = []
    panels, unknown = parse_panels(params.get(keys.PANEL))
    if unknown:
        notices.append(t("kiosk.notice.panel", lang, names=", ".join(unknown), known=", ".join(ALL_PANELS)))
    interval, ok = parse_seconds(params.get(keys.INTERVAL), DEFAULT_INTERVAL, MIN_INTERVAL, MAX_INTERVAL)
    if not ok:
        notices.append(t("kiosk.notice.seconds", lang, name="interval", low=MIN_INTERVAL, high=MAX_INTERVAL,
                         value=interval))
    refresh, ok = parse_seconds(params.get(keys.REFRESH), DEFAULT_REFRESH, MIN_REFRESH, MAX_REFRESH)
    if not ok:
        notices.append(t("kiosk.notice.seconds", lang, name="refresh", low=MIN_REFRESH, high=MAX_REFRESH,
                         value=refresh))
    return {"panels": panels, "interval": interval, "refresh": refresh}, notices


def resolve_kiosk(engine: Engine, params: Mapping[str, str], default_lang: str = "id") -> KioskSettings:
    """Settings for a kiosk from its URL parameters (and profile), checked against the store; public tier only.

    Raises StoreError only when the store does not answer (the caller keeps showing what it had).
    """
    lang = normalise_lang(params.get(keys.LANG) or default_lang)
    notices: list[str] = []
    profile = None
    if params.get(keys.PROFILE):
        try:
            profile = get_profile(engine, params[keys.PROFILE])
        except NoDataError:
            notices.append(t("kiosk.notice.profile", lang, name=params[keys.PROFILE]))
    merged = merged_params(params, profile)
    lang = normalise_lang(params.get(keys.LANG) or merged.get(keys.LANG) or default_lang)
    timing, more = timing_and_playlist(merged, lang)
    notices += more
    region = _checked_region(engine, merged.get(keys.REGION), lang, notices)
    if "desa" in timing["panels"] and len(region) != 4:  # Kemendagri: 4 digits = a kab/kota
        timing["panels"] = tuple(p for p in timing["panels"] if p != "desa") or PANELS
        notices.append(t("kiosk.notice.desa_level", lang))
    indicator = _checked_indicator(engine, merged.get(keys.INDICATOR), lang, notices)
    theme = _checked_theme(engine, merged.get(keys.THEME), lang, notices)
    return KioskSettings(region=region, indicator=indicator, theme=theme, lang=lang, notices=tuple(notices),
                         profile=profile["name"] if profile else None, title=profile["title"] if profile else None,
                         **timing)


def _checked_region(engine: Engine, code: str | None, lang: str, notices: list[str]) -> str:
    if not code:
        return "ID"
    clean = code.replace(".", "").strip()
    clean = "ID" if clean.upper() == "ID" else clean
    known = set(queries.page_regions(engine, access=PUBLIC)["code"])
    if clean in known:
        return clean
    lifted = lift_below(engine, clean, lang, known)  # a kecamatan or desa: its kab/kota, said in words
    notices.append(str(lifted.notice) if lifted.region else t("common.unknown_region", lang, code=code))
    return lifted.region or "ID"


def _checked_indicator(engine: Engine, code: str | None, lang: str, notices: list[str]) -> str | None:
    if not code:
        return None
    if code in set(queries.indicators(engine, PUBLIC)["code"]):
        return code
    notices.append(t("common.unknown_indicator", lang, code=code))
    return None


def _checked_theme(engine: Engine, theme: str | None, lang: str, notices: list[str]) -> str | None:
    """A theme some public indicator carries, else None and the notice the other pages give."""
    if not theme:
        return None
    theme = str(theme).strip()[:40]
    if theme in set(queries.indicators(engine, PUBLIC)["theme"].dropna()):
        return theme
    notices.append(t("common.unknown_theme", lang, theme=theme))
    return None


def offline_settings(params: Mapping[str, str], default_lang: str = "id") -> KioskSettings:
    """What can be known without the store (used while it does not answer): timing, panels and language."""
    lang = normalise_lang(params.get("lang") or default_lang)
    timing, notices = timing_and_playlist(params, lang)
    return replace(KioskSettings(lang=lang, **timing), notices=tuple(notices))


@wraps_store_errors
def ping(engine: Engine) -> None:
    """The cheapest question the store can answer; StoreError when it does not."""
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


# ---------------------------------------------------------------- profiles
def _profile_row(row) -> dict:
    return dict(row._mapping) if hasattr(row, "_mapping") else dict(row)


@wraps_store_errors
def get_profile(engine: Engine, name: str) -> dict:
    with engine.connect() as conn:
        row = conn.execute(select(*KioskProfile.__table__.columns).where(KioskProfile.name == name)).first()
    if row is None:
        raise NoDataError(f"kiosk profile {name!r} not found")
    return _profile_row(row)


@wraps_store_errors
def list_profiles(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(select(*KioskProfile.__table__.columns).order_by(KioskProfile.name))
        return pd.DataFrame(result.all(), columns=list(result.keys()))


def check_profile(engine: Engine, values: Mapping[str, object]) -> list[Problem]:
    """Every problem with a profile's values (name, region, public indicator, panels, timing, language)."""
    problems = []

    def bad(column: str, reason_id: str, reason_en: str) -> None:
        problems.append(Problem(None, column, reason_id, reason_en))

    if not PROFILE_NAME.match(str(values.get("name") or "")):
        bad("name", "nama profil: huruf kecil, angka dan tanda hubung, maks. 64", "profile name: lower-case "
            "letters, digits and hyphens, at most 64")
    wilayah = str(values.get("wilayah") or "ID")
    if wilayah not in set(queries.page_regions(engine, access=PUBLIC)["code"]):
        bad("wilayah", f"kode wilayah {wilayah!r} tidak dikenal", f"unknown region code {wilayah!r}")
    indikator = values.get("indikator")
    if indikator and indikator not in set(queries.indicators(engine, PUBLIC)["code"]):
        bad("indikator", f"indikator {indikator!r} tidak dikenal atau tidak publik",
            f"indicator {indikator!r} is unknown or not public")
    _, unknown = parse_panels(str(values.get("panels") or ""))
    if unknown:
        bad("panels", f"panel tidak dikenal: {', '.join(unknown)}", f"unknown panels: {', '.join(unknown)}")
    for column, low, high in (("interval_s", MIN_INTERVAL, MAX_INTERVAL), ("refresh_s", MIN_REFRESH, MAX_REFRESH)):
        value = values.get(column)
        if value is not None and not (isinstance(value, int) and low <= value <= high):
            bad(column, f"harus bilangan bulat {low}-{high} detik", f"must be a whole number {low}-{high} seconds")
    if values.get("lang") not in (None, *LANGS):
        bad("lang", "bahasa: id atau en", "language: id or en")
    return problems


def save_profile(engine: Engine, values: Mapping[str, object], user: str = "system") -> dict:
    """Create or replace a profile after checking every value; ValidationError lists all problems."""
    problems = check_profile(engine, values)
    if problems:
        raise ValidationError(problems)
    panels, _ = parse_panels(str(values.get("panels") or ""))
    row = {"title": values.get("title"), "wilayah": str(values.get("wilayah") or "ID"),
           "indikator": values.get("indikator") or None, "panels": ",".join(panels),
           "interval_s": int(values.get("interval_s") or DEFAULT_INTERVAL),
           "refresh_s": int(values.get("refresh_s") or DEFAULT_REFRESH), "lang": values.get("lang") or "id"}
    _write_profile(engine, str(values["name"]), row, user)
    return get_profile(engine, str(values["name"]))


@wraps_store_errors
def _write_profile(engine: Engine, name: str, row: dict, user: str) -> None:
    with engine.begin() as conn:
        changed = conn.execute(update(KioskProfile).where(KioskProfile.name == name)
                               .values(**row, updated_at=utcnow())).rowcount
        if not changed:
            conn.execute(KioskProfile.__table__.insert().values(name=name, created_by=user, created_at=utcnow(),
                                                                 **row))


@wraps_store_errors
def delete_profile(engine: Engine, name: str) -> bool:
    with engine.begin() as conn:
        return bool(conn.execute(delete(KioskProfile).where(KioskProfile.name == name)).rowcount)

