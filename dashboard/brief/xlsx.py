"""The executive brief as XLSX tables: indicators (key cards), priorities, the map's values, and `about`.

Every text cell goes through dashboard.export.escape_cell (no formula injection); numbers stay numbers.
"""
from __future__ import annotations

import io

import pandas as pd

from dashboard.brief import text
from dashboard.brief.content import Brief
from dashboard.export import escape_cell
from dashboard.i18n import fmt_date, t


def cards_table(brief: Brief, lang: str) -> pd.DataFrame:
    rows = []
    for c in brief.cards:
        rows.append({"indicator": c.indicator["code"], "name": text.ind_name(c.indicator, lang, short=False),
                     "unit": text.unit(c.indicator, lang), "period": c.period, "value": c.value,
                     "status": c.status, "previous_period": c.previous_period, "change": c.change,
                     "target_year": c.target["year"] if c.target else None,
                     "target_low": c.target["low"] if c.target else None,
                     "target_high": c.target["high"] if c.target else None,
                     "target_plan": c.target["plan"] if c.target else None,
                     "on_track": (c.on_track or {}).get("status"),
                     "achievement_pct": (c.on_track or {}).get("achievement"),
                     "source": c.indicator.get("producer")})
    return pd.DataFrame(rows)


def priorities_table(brief: Brief, lang: str) -> pd.DataFrame:
    rows = []
    for p in brief.priorities:
        rows.append({"rank": p.rank, "region": p.region["code"], "region_name": p.region["name"],
                     "indicator": p.indicator["code"], "indicator_name": text.ind_name(p.indicator, lang, False),
                     "period": p.period, "value": p.value, "need_score": p.need,
                     "gap_to_target_pct": p.criteria.get("gap_to_target"),
                     "worse_than_median": p.criteria.get("below_median"),
                     "worsening_per_year": p.criteria.get("trend"),
                     "target_year": p.target["year"] if p.target else None,
                     "target_plan": p.target["plan"] if p.target else None,
                     "target_source": p.target.get("source") if p.target else None,
                     "source": p.indicator.get("producer"), "ranked_among_children_of": p.parent})
    return pd.DataFrame(rows)


def map_table(brief: Brief) -> pd.DataFrame:
    if brief.map is None:
        return pd.DataFrame(columns=["region", "region_name", "indicator", "period", "value"])
    frame = brief.map.frame.rename(columns={"code": "region", "name": "region_name"})
    return frame.assign(indicator=brief.map.indicator["code"], period=brief.map.period)[
        ["region", "region_name", "indicator", "period", "value"]]


def about(brief: Brief, lang: str) -> list[tuple[str, str]]:
    return [("title", text.title(brief, lang)), ("region", brief.region["code"]),
            ("data_as_of", brief.data_period or ""),
            ("loaded", fmt_date(brief.loaded, lang, short=True) if brief.loaded else ""),
            ("generated", brief.generated.isoformat()), ("sources", text.sources(brief)),
            ("priorities_basis", text.priorities_basis(brief, lang)),
            ("method", t("brief.method", lang)), ("publisher", t("brief.app", lang))]


def render_xlsx(brief: Brief, lang: str = "id") -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415

    book = Workbook()
    book.remove(book.active)
    for key, frame in (("brief.sheet.cards", cards_table(brief, lang)),
                       ("brief.sheet.priorities", priorities_table(brief, lang)),
                       ("brief.sheet.map", map_table(brief))):
        sheet = book.create_sheet(t(key, lang)[:31])
        sheet.append([str(escape_cell(str(c))) for c in frame.columns])
        for row in frame.itertuples(index=False):
            sheet.append([None if v is None or (isinstance(v, float) and v != v) else escape_cell(v) for v in row])
    info = book.create_sheet(t("brief.sheet.about", lang))
    for key, value in about(brief, lang):
        info.append([escape_cell(key), escape_cell(value)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
