"""The public address vocabulary: page paths, URL query keys and the level words of the URL.

They are Indonesian because the addresses are public, bookmarked and cited: never rename one. Past the URL parser
the code uses the English names of the data model (`keys.REGION` arrives as `region`). Defined once here for
Python; the page scripts (dashboard/assets/*.js) read the same table from `<html data-urls>` (`for_scripts`),
written into every page by dashboard/app.py.
"""
from __future__ import annotations

from urllib.parse import urlencode


class keys:
    """URL query keys."""

    LANG = "lang"
    REGION = "wilayah"
    PEERS = "pembanding"
    INDICATOR = "indikator"
    PERIOD = "periode"
    LEVEL = "tingkat"
    METHOD = "kelas"
    THEME = "tema"
    YEAR = "tahun"
    WINDOW = "jendela"
    X = "x"
    Y = "y"
    CHART = "grafik"
    PROFILE = "profil"
    PANEL = "panel"
    INTERVAL = "interval"
    REFRESH = "refresh"
    NEXT = "next"
    FAILED = "gagal"


#: data-model level -> its word in a URL (`?tingkat=kabkota`)
LEVEL_WORDS = {"province": "provinsi", "regency": "kabkota", "district": "kecamatan", "village": "desa"}
#: URL word -> data-model level
LEVELS = {word: level for level, word in LEVEL_WORDS.items()}

#: page name (layouts/<name>.py, callbacks/<name>.py) -> its path
PATHS = {
    "ringkasan": "/", "peta": "/peta", "tren": "/tren", "bandingkan": "/bandingkan", "proyeksi": "/proyeksi",
    "skenario": "/skenario", "prioritas": "/prioritas", "unggah": "/unggah", "katalog": "/katalog",
    "tanya_jawab": "/tanya-jawab", "kotak_masuk": "/kotak-masuk", "kiosk": "/kiosk", "embed": "/embed",
    "audit": "/audit", "admin": "/admin", "masuk": "/masuk",
}
#: pages shown without navigation chrome (wall screens, embedded charts)
CHROMELESS = (PATHS["kiosk"], PATHS["embed"])


def query(**params: object) -> dict[str, str]:
    """URL parameters from the data model's names: query(region="32", level="province") ->
    {"wilayah": "32", "tingkat": "provinsi"}; empty values are left out, a level becomes its URL word."""
    found = {}
    for name, value in params.items():
        if value is None or value == "":
            continue
        found[getattr(keys, name.upper())] = LEVEL_WORDS.get(str(value), str(value)) if name == "level" else str(value)
    return found


def link(page: str, fragment: str = "", **params: object) -> str:
    """The address of `page` with `params` named as in the data model: link("tren", indicator="ipm", region="32")
    -> "/tren?indikator=ipm&wilayah=32"; `fragment` goes after a #."""
    found = query(**params)
    return PATHS[page] + ("?" + urlencode(found) if found else "") + (f"#{fragment}" if fragment else "")


def for_scripts() -> dict:
    """The table as the page scripts read it: {"keys": {"region": "wilayah", ...}, "paths": {...}, ...}."""
    names = {name.lower(): value for name, value in vars(keys).items() if name.isupper()}
    return {"keys": names, "levels": LEVEL_WORDS, "paths": PATHS, "chromeless": list(CHROMELESS)}
