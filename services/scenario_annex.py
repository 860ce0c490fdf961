"""A scenario as a proposed target table (XLSX) in the shape of an RKPD annex: one row per scenario with the
indicator, unit, baseline year and value, and one target column per year. No Dash here.

The workbook goes through services.export.safe_xlsx (text cells escaped against formula injection, numbers kept
as numbers) and carries an `about` sheet with the source, the citation and the caveat that these are proposals.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from i18n import fmt_date, t
from services.export import citation, safe_xlsx


@dataclass(frozen=True)
class AnnexRow:
    """One scenario to export (saved or the one on screen)."""

    name: str
    method: str  # linear | growth
    base_year: int
    baseline: float
    path: Sequence[tuple[int, float]]  # base_year..end_year


def indicator_name(meta: dict, lang: str) -> str:
    return str(meta.get("name_en") if lang == "en" and meta.get("name_en") else meta["name_id"])


def unit_of(meta: dict, lang: str) -> str:
    return str(meta.get("unit_en") if lang == "en" and meta.get("unit_en") else meta.get("unit") or "")


def annex_frame(rows: Sequence[AnnexRow], meta: dict, region_name: str, lang: str = "id") -> pd.DataFrame:
    """The annex table: No, indicator, unit, region, scenario, path method, baseline year and value, then
    'Target <year>' for every year after the earliest baseline up to the latest end year (blank where a
    scenario has no value). Values rounded to the indicator's decimals."""
    decimals = int(meta.get("decimals") if meta.get("decimals") is not None else 2)
    years = sorted({y for r in rows for y, _ in r.path if y > r.base_year})
    head = [t(f"skenario.annex.{k}", lang) for k in ("no", "indicator", "unit", "region", "scenario", "method",
                                                      "base_year", "baseline")]
    columns = head + [t("skenario.annex.target", lang, year=y) for y in years]
    records = []
    for number, r in enumerate(rows, start=1):
        by_year = dict(r.path)
        records.append([number, indicator_name(meta, lang), unit_of(meta, lang), region_name, r.name,
                        t(f"skenario.method.{r.method}", lang), int(r.base_year), round(float(r.baseline), decimals)]
                       + [round(float(by_year[y]), decimals) if y in by_year and y > r.base_year else None
                          for y in years])
    return pd.DataFrame(records, columns=columns)


def annex_xlsx(rows: Sequence[AnnexRow], meta: dict, region_name: str, lang: str = "id",
               by: str | None = None, today: date | None = None) -> bytes:
    today = today or date.today()
    frame = annex_frame(rows, meta, region_name, lang)
    about = [
        (t("skenario.annex.about.title", lang), t("skenario.annex.about.what", lang)),
        (t("skenario.annex.indicator", lang), f"{indicator_name(meta, lang)} ({meta['code']})"),
        (t("skenario.annex.region", lang), region_name),
        (t("skenario.annex.about.source", lang), str(meta.get("source") or meta.get("producer") or "")),
        (t("skenario.annex.about.cite", lang), citation(indicator_name(meta, lang), region_name, None,
                                                          str(meta.get("source") or meta.get("producer") or ""),
                                                          fmt_date(today, lang), lang=lang)),
        (t("skenario.annex.about.method", lang), t("skenario.annex.about.method_text", lang)),
        (t("skenario.annex.about.caveat", lang), t("skenario.annex.about.caveat_text", lang)),
        (t("skenario.annex.about.made", lang), f"{fmt_date(today, lang)}" + (f" · {by}" if by else "")),
    ]
    return safe_xlsx(frame, sheet=t("skenario.annex.sheet", lang), about=about)
