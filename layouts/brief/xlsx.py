"""The executive brief as XLSX tables: indicators (key cards), priorities, the map's values, a kab/kota's desa with
their IDM figures, and `about`.

Headers in the brief's language; numbers stay numbers. Stored figures (value, the parent's value, the target
band) are written as stored, full precision; derived ones (change, scores, percentages) are rounded to what the
page shows (the indicator's decimals, two for scores, one for percentages), so 0.69 never reads 0.6900000000000119.
Every number gets a number format with the page's decimals (display only).
An indicator without data says so in its row instead of leaving it blank. Every text cell goes through
models.cells.escape_cell (no formula injection).
"""
from __future__ import annotations

import io
import math

from i18n import fmt_date, label_of, t
from layouts import on_track
from layouts.brief import text
from models.brief import Brief
from models.cells import escape_cell

#: decimals of a column: "ind" = the row's indicator decimals; an int = fixed; absent = not a number column
DECIMALS = {"value": "ind", "change": "ind", "parent_value": "ind", "target_low": "ind", "target_high": "ind",
            "achievement_pct": 1, "chance": 2, "need_score": 2, "gap_to_target_pct": 1, "worse_than_median": "ind",
            "worsening_per_year": "ind", "idm": "ind", "iks": "ind", "ike": "ind", "ikl": "ind"}
#: columns that hold a stored value: never rounded in the file (rounding is for display: the number format)
EXACT = frozenset({"value", "parent_value", "target_low", "target_high", "idm", "iks", "ike", "ikl"})
Row = dict[str, object]
CARD_COLUMNS = ("indicator", "name", "unit", "period", "value", "status", "previous_period", "change", "parent",
                "parent_value", "rank", "rank_of", "target_year", "target_low", "target_high", "target_plan",
                "on_track", "chance", "achievement_pct", "source")
PRIORITY_COLUMNS = ("rank", "region", "region_name", "indicator", "indicator_name", "period", "value", "need_score",
                    "gap_to_target_pct", "worse_than_median", "worsening_per_year", "target_year", "target_plan",
                    "target_source", "source", "ranked_among_children_of")
MAP_COLUMNS = ("region", "region_name", "indicator", "period", "value")
VILLAGE_COLUMNS = ("village_code", "village_name", "kind", "district", "idm_period", "idm", "iks", "ike", "ikl",
                   "status_idm")
#: decimals of the IDM and its dimensions as Kemendes PDTT publishes them (the indicators' own, data/seed/villages)
IDM_DECIMALS = 4


def _row_decimals(key: str, decimals: int) -> int | None:
    rule = DECIMALS.get(key)
    return decimals if rule == "ind" else rule  # type: ignore[return-value]


def cards_table(brief: Brief, lang: str) -> list[tuple[Row, int]]:
    """One row per key card (with its indicator's decimals); no value: the status column says 'no data'."""
    rows = []
    for c in brief.cards:
        target, track = c.target or {}, c.on_track or {}
        rows.append(({"indicator": c.indicator["code"], "name": text.ind_name(c.indicator, lang, short=False),
                      "unit": text.unit(c.indicator, lang), "period": c.period, "value": c.value,
                      "status": label_of("brief.status", c.status, lang) if c.value is not None
                      else t("brief.no_data", lang),
                      "previous_period": c.previous_period, "change": c.change,
                      "parent": c.parent["name"] if c.parent else None, "parent_value": c.parent_value,
                      "rank": (c.rank or {}).get("position"), "rank_of": (c.rank or {}).get("of"),
                      "target_year": target.get("year"), "target_low": target.get("low"),
                      "target_high": target.get("high"), "target_plan": target.get("plan"),
                      "on_track": on_track.status_text(track["status"], lang) if track.get("status") else None,
                      "chance": track.get("probability"),
                      "achievement_pct": track.get("achievement"),
                      "source": c.indicator.get("producer")}, c.indicator["decimals"]))
    return rows


def priorities_table(brief: Brief, lang: str) -> list[tuple[Row, int]]:
    return [({"rank": p.rank, "region": p.region["code"], "region_name": p.region["name"],
              "indicator": p.indicator["code"], "indicator_name": text.ind_name(p.indicator, lang, False),
              "period": p.period, "value": p.value, "need_score": p.need,
              "gap_to_target_pct": p.criteria.get("gap_to_target"),
              "worse_than_median": p.criteria.get("below_median"),
              "worsening_per_year": p.criteria.get("trend"),
              "target_year": p.target["year"] if p.target else None,
              "target_plan": p.target["plan"] if p.target else None,
              "target_source": p.target.get("source") if p.target else None,
              "source": p.indicator.get("producer"), "ranked_among_children_of": p.parent}, p.indicator["decimals"])
            for p in brief.priorities]


def map_table(brief: Brief) -> list[tuple[Row, int]]:
    if brief.map is None:
        return []
    meta = brief.map.indicator
    return [({"region": r.code, "region_name": r.name, "indicator": meta["code"], "period": brief.map.period,
              "value": r.value}, meta["decimals"]) for r in brief.map.frame.itertuples(index=False)]


def villages_table(brief: Brief, lang: str) -> list[tuple[Row, int]]:
    """One row per desa/kelurahan of a kab/kota (Brief.villages rows), values as stored; the published status by
    its label; a kelurahan or a desa without a value has empty cells, never a zero."""
    found = brief.villages or {}
    labels = {s["value"]: s["label_en" if lang == "en" else "label_id"] for s in found.get("statuses") or ()}
    return [({"village_code": r["code"], "village_name": r["name"],
              "kind": t(f"common.kind.{r['kind']}", lang) if isinstance(r.get("kind"), str) else None,
              "district": r["district"], "idm_period": found.get("period"),
              **{k: r.get(k) for k in ("idm", "iks", "ike", "ikl")},
              "status_idm": labels.get(int(r["status_idm"])) if r.get("status_idm") is not None else None},
             IDM_DECIMALS) for r in found.get("rows") or ()]


def about(brief: Brief, lang: str) -> list[tuple[str, str]]:
    return [("title", text.title(brief, lang)), ("region", brief.region["code"]),
            ("data_as_of", brief.data_period or ""),
            ("loaded", fmt_date(brief.loaded, lang, short=True) if brief.loaded else ""),
            ("generated", brief.generated.isoformat()), ("sources", text.sources(brief)),
            ("priorities_basis", text.priorities_basis(brief, lang)),
            ("method", t("brief.method", lang)), ("publisher", t("brief.app", lang))]


def number_format(decimals: int) -> str:
    """Excel's format of a number with `decimals` places and a thousands separator (shown in the reader's locale)."""
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def cell(value: object, decimals: int | None, exact: bool = False) -> object:
    """A cell value: None for missing, a stored figure as stored (`exact`), another float rounded to `decimals`,
    text escaped."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if decimals is not None and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value) if exact else round(float(value), decimals)
    return escape_cell(value)


def _write(sheet, columns: tuple[str, ...], rows: list[tuple[Row, int]], lang: str) -> None:
    sheet.append([escape_cell(t(f"brief.col.{key}", lang)) for key in columns])
    for row, decimals in rows:
        values = [(row.get(key), _row_decimals(key, decimals)) for key in columns]
        sheet.append([cell(value, d, key in EXACT) for key, (value, d) in zip(columns, values, strict=True)])
        for target, (_value, d) in zip(sheet[sheet.max_row], values, strict=True):
            if d is not None and target.value is not None:
                target.number_format = number_format(d)


def render_xlsx(brief: Brief, lang: str = "id") -> bytes:
    from openpyxl import Workbook  # heavy: imported only when a workbook is written

    book = Workbook()
    book.remove(book.active)
    for key, columns, rows in (("brief.sheet.cards", CARD_COLUMNS, cards_table(brief, lang)),
                               ("brief.sheet.priorities", PRIORITY_COLUMNS, priorities_table(brief, lang)),
                               ("brief.sheet.map", MAP_COLUMNS, map_table(brief)),
                               ("brief.sheet.villages", VILLAGE_COLUMNS, villages_table(brief, lang))):
        if key == "brief.sheet.villages" and not rows:
            continue  # a province, Indonesia, or the villages not in the store: no sheet rather than an empty one
        _write(book.create_sheet(t(key, lang)[:31]), columns, rows, lang)
    info = book.create_sheet(t("brief.sheet.about", lang))
    for key, value in about(brief, lang):
        info.append([escape_cell(t(f"brief.col.{key}", lang)), escape_cell(value)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
