"""Choices every page offers (regions, indicators) and the checking of URL state (`wilayah`, `indikator`, ...).

Unknown codes in a URL never raise: they come back as notices and the page falls back to its defaults.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from dashboard import queries
from dashboard.access import PUBLIC, Access
from dashboard.context import AppContext
from dashboard.i18n import normalise_lang, t
from data import schema

LEVEL_ORDER = {"country": 0, "province": 1, "regency": 2}
THEMES = schema.THEMES  # the themes an indicator can carry, in the order the theme pickers list them


def region_options(ctx: AppContext, lang: str = "id", access: Access = PUBLIC,
                   levels: tuple[str, ...] = ("country", "province", "regency")) -> list[dict]:
    """Options for one searchable dropdown: Indonesia, then each province followed by its kab/kota."""
    frame = queries.regions(ctx.engine, access=access)
    names = dict(zip(frame["code"], frame["name"], strict=True))
    options = []
    for row in sorted(frame.to_dict("records"), key=lambda r: (r["code"] != "ID", r["code"])):
        if row["level"] not in levels:
            continue
        if row["level"] == "regency":
            label = f"\u2003{row['name']} ({names.get(row['parent_code'], '')})"
        elif row["level"] == "province":
            label = f"{row['name']} \u2014 {t('common.province', lang)}"
        else:
            label = t("common.indonesia", lang)
        options.append({"label": label, "value": row["code"], "search": row["name"]})
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


def resolve_theme(ctx: AppContext, tema: str | None, lang: str = "id",
                  access: Access = PUBLIC) -> tuple[str | None, list[str]]:
    """The `tema` of a URL when some visible indicator carries it; otherwise no theme and a plain notice."""
    if not tema:
        return None, []
    tema = str(tema).strip()[:40]
    if tema in {o["value"] for o in theme_options(ctx, lang, access)}:
        return tema, []
    return None, [t("common.unknown_theme", lang, theme=tema)]


@dataclass
class PageState:
    """Checked URL state of a page; `notices` says what was unknown and replaced by a default."""

    lang: str
    wilayah: str
    indikator: str | None
    periode: str | None
    notices: list[str] = field(default_factory=list)
    tema: str | None = None


def resolve_state(ctx: AppContext, lang: str | None = None, wilayah: str | None = None,
                  indikator: str | None = None, periode: str | None = None, access: Access = PUBLIC,
                  default_region: str = "ID", default_indicator: str | None = "ipm",
                  tema: str | None = None) -> PageState:
    """Validate `wilayah`/`indikator`/`periode`/`tema` from the URL against the store (and the caller's access).

    With a known theme, only that theme's indicators are valid and the default is the theme's first one."""
    lang = normalise_lang(lang or ctx.config.default_lang)
    state = PageState(lang=lang, wilayah=default_region, indikator=default_indicator, periode=None)
    state.tema, state.notices = resolve_theme(ctx, tema, lang, access)
    in_theme = theme_codes(ctx, state.tema, access) if state.tema else None
    if in_theme is not None and default_indicator is not None and default_indicator not in in_theme:
        state.indikator = in_theme[0] if in_theme else None
    if wilayah:
        code = wilayah.replace(".", "").strip()
        code = "ID" if code.upper() == "ID" else code
        known = set(queries.regions(ctx.engine, access=access)["code"])
        if code in known:
            state.wilayah = code
        else:
            state.notices.append(t("common.unknown_region", lang, code=wilayah))
    if indikator:
        visible = set(queries.indicators(ctx.engine, access)["code"])
        if indikator in visible and (in_theme is None or indikator in in_theme):
            state.indikator = indikator
        elif indikator in visible:
            state.notices.append(t("common.indicator_not_in_theme", lang, code=indikator,
                                   theme=t("theme." + str(state.tema), lang)))
        else:
            state.notices.append(t("common.unknown_indicator", lang, code=indikator))
    if periode and state.indikator:
        if periode in queries.periods(ctx.engine, state.indikator, access=access):
            state.periode = periode
        else:
            state.notices.append(t("common.unknown_period", lang, period=periode))
    return state
