"""Choices every page offers (regions, indicators) and the checking of URL state (`wilayah`, `indikator`, ...).

Unknown codes in a URL never raise: they come back as notices and the page falls back to its defaults.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from dashboard import queries
from dashboard.access import PUBLIC, Access
from dashboard.context import AppContext
from dashboard.i18n import normalise_lang, t

LEVEL_ORDER = {"country": 0, "province": 1, "regency": 2}


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


@dataclass
class PageState:
    """Checked URL state of a page; `notices` says what was unknown and replaced by a default."""

    lang: str
    wilayah: str
    indikator: str | None
    periode: str | None
    notices: list[str] = field(default_factory=list)


def resolve_state(ctx: AppContext, lang: str | None = None, wilayah: str | None = None,
                  indikator: str | None = None, periode: str | None = None, access: Access = PUBLIC,
                  default_region: str = "ID", default_indicator: str | None = "ipm") -> PageState:
    """Validate `wilayah`/`indikator`/`periode` from the URL against the store (and the caller's access)."""
    lang = normalise_lang(lang or ctx.config.default_lang)
    state = PageState(lang=lang, wilayah=default_region, indikator=default_indicator, periode=None)
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
        if indikator in visible:
            state.indikator = indikator
        else:
            state.notices.append(t("common.unknown_indicator", lang, code=indikator))
    if periode and state.indikator:
        if periode in queries.periods(ctx.engine, state.indikator, access=access):
            state.periode = periode
        else:
            state.notices.append(t("common.unknown_period", lang, period=periode))
    return state
