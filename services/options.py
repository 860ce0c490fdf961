"""Choices every page offers (regions, indicators) and the checking of URL state (`wilayah`, `indikator`, ...).

Unknown codes in a URL never raise: they come back as notices and the page falls back to its defaults.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from data import schema
from i18n import normalise_lang, t
from services import queries, village_place
from services.access import PUBLIC, Access
from services.context import AppContext

LEVEL_ORDER = {"country": 0, "province": 1, "regency": 2}
THEMES = schema.THEMES  # the themes an indicator can carry, in the order the theme pickers list them


def region_options(ctx: AppContext, lang: str = "id", access: Access = PUBLIC,
                   levels: tuple[str, ...] = ("country", "province", "regency")) -> list[dict]:
    """Options for one searchable dropdown: Indonesia, then each province followed by its kab/kota; `level` says
    which (layouts.common.region_choices makes them dropdown options, a kab/kota indented)."""
    frame = queries.page_regions(ctx.engine, access=access)
    names = dict(zip(frame["code"], frame["name"], strict=True))
    options = []
    for row in sorted(frame.to_dict("records"), key=lambda r: (r["code"] != "ID", r["code"])):
        if row["level"] not in levels:
            continue
        if row["level"] == "regency":
            label = f"{row['name']} ({names.get(row['parent_code'], '')})"
        elif row["level"] == "province":
            label = f"{row['name']} \u2014 {t('common.province', lang)}"
        else:
            label = t("common.indonesia", lang)
        options.append({"label": label, "value": row["code"], "search": row["name"], "level": row["level"]})
    return options


def indicator_options(ctx: AppContext, lang: str = "id", access: Access = PUBLIC,
                      theme: str | None = None) -> list[dict]:
    frame = queries.indicators(ctx.engine, access)
    if theme:
        frame = frame[frame["theme"] == theme]
    column = "name_id" if normalise_lang(lang) == "id" else "name_en"
    return [{"label": row[column], "value": row["code"]} for row in frame.to_dict("records")]


def theme_codes(ctx: AppContext, theme: str, access: Access = PUBLIC) -> list[str]:
    """Codes of the visible indicators of one theme, in display order."""
    frame = queries.indicators(ctx.engine, access)
    return list(frame.loc[frame["theme"] == theme, "code"])


def theme_options(ctx: AppContext, lang: str = "id", access: Access = PUBLIC) -> list[dict]:
    """One option per theme that has an indicator visible to the caller."""
    present = set(queries.indicators(ctx.engine, access)["theme"].dropna())
    return [{"label": t("theme." + th, lang), "value": th} for th in THEMES if th in present]


def resolve_theme(ctx: AppContext, theme: str | None, lang: str = "id",
                  access: Access = PUBLIC) -> tuple[str | None, list[str]]:
    """The theme of a URL (`?tema=`) when some visible indicator carries it; otherwise no theme and a plain notice."""
    if not theme:
        return None, []
    theme = str(theme).strip()[:40]
    if theme in {o["value"] for o in theme_options(ctx, lang, access)}:
        return theme, []
    return None, [t("common.unknown_theme", lang, theme=theme)]


@dataclass
class PageState:
    """Checked URL state of a page, in the data model's names; `notices` says what was unknown and replaced by a
    default."""

    lang: str
    region: str
    indicator: str | None
    period: str | None
    notices: list[str] = field(default_factory=list)
    theme: str | None = None
    #: the kecamatan or desa/kelurahan the URL asked for (`region` is then its kab/kota)
    place: village_place.Place | None = None


@dataclass(frozen=True)
class Lifted:
    """A kecamatan or desa code on a page that picks regions down to the kab/kota: the kab/kota to show (None when
    the code is no kecamatan or desa), the place itself (None when the villages are not in the store) and what to
    tell the reader."""

    region: str | None
    place: village_place.Place | None
    notice: str | None


def lift_below(engine, code: str, lang: str, known: set[str] | None = None) -> Lifted:
    """The kab/kota of a kecamatan or desa code (dots allowed), with a plain notice saying the page shows that
    kab/kota instead; a code of that shape while the villages are not in the store goes to the kab/kota its first
    four digits name, if that is one, and says so."""
    known = set(queries.page_regions(engine)["code"]) if known is None else known
    place = village_place.locate(engine, code)
    if place is not None and place.regency in known:
        kind = t(f"common.kind.{place.kind or 'desa'}", lang)
        text = (t("common.below.village", lang, kind=kind, name=place.name, code=place.code,
                  district=place.district_name, regency=place.regency_name) if place.level == "village"
                else t("common.below.district", lang, name=place.name, code=place.code, regency=place.regency_name))
        return Lifted(place.regency, place, text)
    clean = village_place.clean_code(code)
    if (place is None and village_place.looks_below(clean) and clean[:4] in known
            and not village_place.in_store(engine)):
        return Lifted(clean[:4], None, t("common.below.not_loaded", lang, code=code))
    return Lifted(None, None, None)


def resolve_state(ctx: AppContext, lang: str | None = None, region: str | None = None,
                  indicator: str | None = None, period: str | None = None, access: Access = PUBLIC,
                  default_region: str = "ID", default_indicator: str | None = "ipm",
                  theme: str | None = None, villages: bool = False) -> PageState:
    """Validate the region, indicator, period and theme a URL asked for (`?wilayah=&indikator=&periode=&tema=`)
    against the store (and the caller's access); without a region, a caller with a region scope gets that region.

    With a known theme, only that theme's indicators are valid and the default is the theme's first one. A kecamatan
    or desa code gives its kab/kota and `place`; a page that shows them (`villages`) says nothing more, any other
    says in words that it shows the kab/kota."""
    lang = normalise_lang(lang or ctx.config.default_lang)
    home = access.region_scope or default_region  # a user with a region opens on it, not on Indonesia
    state = PageState(lang=lang, region=home, indicator=default_indicator, period=None)
    state.theme, state.notices = resolve_theme(ctx, theme, lang, access)
    in_theme = theme_codes(ctx, state.theme, access) if state.theme else None
    visible_codes = list(queries.indicators(ctx.engine, access)["code"])
    if in_theme is not None and default_indicator is not None and default_indicator not in in_theme:
        state.indicator = in_theme[0] if in_theme else None
    elif default_indicator is not None and default_indicator not in visible_codes:
        state.indicator = visible_codes[0] if visible_codes else None  # the default is hidden from this caller
    if region:
        code = region.replace(".", "").strip()
        code = "ID" if code.upper() == "ID" else code
        known = set(queries.page_regions(ctx.engine, access=access)["code"])
        lifted = lift_below(ctx.engine, code, lang, known) if code not in known else Lifted(None, None, None)
        if code in known:
            state.region = code
        elif lifted.region:
            state.region, state.place = lifted.region, lifted.place
            if not (villages and lifted.place):
                state.notices.append(str(lifted.notice))
        else:
            state.notices.append(t("common.unknown_region", lang, code=region))
    if indicator:
        visible = set(visible_codes)
        if indicator in visible and (in_theme is None or indicator in in_theme):
            state.indicator = indicator
        elif indicator in visible:
            state.notices.append(t("common.indicator_not_in_theme", lang, code=indicator,
                                   theme=t("theme." + str(state.theme), lang)))
        else:
            state.notices.append(t("common.unknown_indicator", lang, code=indicator))
    if period and state.indicator:
        if period in queries.periods(ctx.engine, state.indicator, access=access):
            state.period = period
        else:
            state.notices.append(t("common.unknown_period", lang, period=period))
    return state
