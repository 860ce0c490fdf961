"""The map page below the kab/kota: where a URL or a click opens the map (Indonesia -> province -> kab/kota ->
kecamatan -> desa), and what the village levels add to the map spec (the status colours with their counts, the
kelurahan that IDM does not score, the desa behind a kecamatan's value). Plain functions, tested without Dash.
"""
from __future__ import annotations

from collections import Counter

import numpy as np

from i18n import fmt_number, t
from layouts.choropleth import Categories, category_colours
from services.maps import DEFAULT_LEVEL, MapView, effective_level, levels_under

#: the indicator a map opens on below the kab/kota when the one chosen has no values there (and back up)
VILLAGE_INDICATOR = "status_idm"
REGION_INDICATOR = "ipm"
VILLAGE_LEVELS = ("district", "village")


def url_parent(code: str | None, level: str | None) -> tuple[str | None, str | None]:
    """(the region whose parts are drawn, the region outlined) for a URL's `wilayah` and level.

    A province opens its kab/kota; a kab/kota opens its province with itself outlined, unless the URL asks for its
    kecamatan or desa (`tingkat=kecamatan|desa`); a kecamatan opens its desa (or, at `tingkat=kecamatan`, its
    kab/kota's kecamatan with itself outlined); a desa opens its kab/kota's desa with itself outlined (at
    `tingkat=kecamatan`, its kab/kota's kecamatan with its own outlined)."""
    if not code or code == "ID":
        return None, None
    if len(code) == 2:
        return code, None
    if len(code) == 4:
        return (code, None) if level in VILLAGE_LEVELS else (code[:2], code)
    if len(code) == 6:
        return (code[:4], code) if level == "district" else (code, None)
    return code[:4], code[:6] if level == "district" else code


def drill(clicked: str | None, parent: str | None, drawn_level: str) -> tuple[str, str] | None:
    """(new parent, its default level) after a click on region `clicked` of a map drawn at `drawn_level` under
    `parent`; None when the click does not open anything (a desa of one kecamatan is the bottom)."""
    if not clicked:
        return None
    if not parent:
        target = clicked[:2]  # from Indonesia, a click opens the province (of a kab/kota clicked)
    elif drawn_level == "village":
        if len(parent) >= 6:
            return None
        target = clicked[:6]  # a desa of a province or kab/kota map opens its kecamatan
    else:
        target = clicked
    return target, levels_under(target)[0]


def level_after(level: str | None, parent: str | None) -> str:
    return effective_level(level, parent) if parent else (level if level in levels_under(None) else DEFAULT_LEVEL)


def indicator_for(level: str, indicator: str | None, has_periods) -> str | None:
    """The indicator to show at `level`: the one chosen when it has values there, else the village status below a
    kab/kota (or IPM above it). `has_periods(indicator, level)` asks the store."""
    if indicator and has_periods(indicator, level):
        return indicator
    fallback = VILLAGE_INDICATOR if level in VILLAGE_LEVELS else REGION_INDICATOR
    return fallback if has_periods(fallback, level) else indicator


def ancestors(parent: str | None) -> list[str]:
    """The regions on the way down to `parent` (its province, kab/kota, kecamatan), `parent` last."""
    if not parent:
        return []
    return [parent[:n] for n in (2, 4, 6) if n <= len(parent)]


# --- what the village levels add to the map spec ------------------------------------------------------------------

def category_label(view: MapView, key: int, lang: str) -> str:
    label_id, label_en = view.categories.get(key, (str(key), str(key)))
    return label_en if lang == "en" else label_id


def category_counts(view: MapView) -> Counter:
    return Counter(int(v) for v in view.values if np.isfinite(v))


def categories_for(view: MapView, lang: str) -> Categories:
    """The status colours (best first) with each status's count in the legend."""
    keys = sorted(view.categories)
    counts = category_counts(view)
    colours = dict(zip([str(k) for k in keys], category_colours(len(keys)), strict=True))
    return Categories([str(int(v)) if np.isfinite(v) else None for v in view.values], colours,
                      {str(k): category_label(view, k, lang) for k in keys},
                      counts={str(k): counts.get(k, 0) for k in keys})


def details_for(view: MapView, lang: str) -> dict[str, str]:
    """One more hover line per kecamatan made from its desa: the desa averaged, or the share of each status."""
    out = {}
    for code, members in view.members.items():
        if view.categories:
            out[code] = " · ".join(f"{category_label(view, k, lang)} {fmt_number(100 * s, 0, lang)}%"
                                   for k, s in sorted(members.items()))
        else:
            out[code] = t("peta.village.mean_of", lang, n=fmt_number(members.get(0, 0), 0, lang))
    return out


def not_scored_for(view: MapView, lang: str) -> dict[str, str]:
    key = "peta.village.kelurahan_only" if view.level == "district" else "peta.village.kelurahan"
    return {view.codes[i]: t(key, lang) for i in view.not_scored}


def village_notes(view: MapView, lang: str) -> list[str]:
    """Summary lines of a village map: the count per status, the kelurahan, the desa without a shape."""
    notes = []
    if view.categories and view.level == "village":
        counts = category_counts(view)
        notes.append(", ".join(f"{category_label(view, k, lang)} {fmt_number(counts.get(k, 0), 0, lang)}"
                               for k in sorted(view.categories)))
    if view.not_scored:
        notes.append(t("peta.village.not_scored_count", lang, n=fmt_number(len(view.not_scored), 0, lang)))
    if view.no_shape:
        notes.append(t("peta.village.no_shape", lang, n=fmt_number(len(view.no_shape), 0, lang),
                       names=", ".join(view.names[i] for i in view.no_shape[:10])
                       + (" …" if len(view.no_shape) > 10 else "")))
    if view.members and view.level == "district":
        notes.append(t("peta.village.district_from_desa", lang))
    return notes


def selected_line(view: MapView, code: str | None, lang: str) -> str | None:
    """The region the URL asked for, named with its value on this map (a desa: its status or index)."""
    if not code or code not in view.codes:
        return None
    i = view.codes.index(code)
    value = view.values[i]
    if i in view.not_scored:
        shown = t("peta.legend.kelurahan", lang)
    elif not np.isfinite(value):
        shown = t("peta.legend.no_data", lang)
    elif view.categories:
        shown = category_label(view, int(value), lang)
    else:
        shown = fmt_number(float(view.exact[i]) if len(view.exact) else value, view.decimals, lang)
    return t("peta.village.selected", lang, name=view.names[i], value=shown)
