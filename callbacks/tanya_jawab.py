"""Public Q&A page: every answered and published question about a figure (open government)."""
from __future__ import annotations

from dash import Dash

from i18n import fmt_number, fmt_period, normalise_lang
from layouts import tanya_jawab
from layouts.common import error_block
from services import feedback, queries
from services.auth import current_access
from services.context import AppContext
from services.errors import StoreError


def qa_items(ctx: AppContext, lang: str) -> list[dict]:
    access = current_access()
    answers = feedback.public_answers(ctx.engine, access)
    if answers.empty:
        return []
    meta = queries.indicators(ctx.engine, access).set_index("code")
    regions = queries.regions_by_code(ctx.engine, answers["region_code"].tolist()).set_index("code")["name"]
    items = []
    for row in answers.to_dict("records"):
        m = meta.loc[row["indicator_code"]]
        name = m["name_id"] if lang == "id" else m["name_en"]
        period = fmt_period(row["period"], lang) if row["period"] else "–"
        value = None if row["value"] is None or row["value"] != row["value"] else row["value"]
        items.append({**row, "figure": f"{name} · {regions.get(row['region_code'], row['region_code'])} · {period}",
                      "value_text": fmt_number(value, int(m["decimals"]), lang)})
    return items


def page(ctx: AppContext):
    def layout(lang: str | None = None, **_query):
        lang = normalise_lang(lang or ctx.config.default_lang)
        try:
            return tanya_jawab.layout(qa_items(ctx, lang), lang)
        except StoreError:
            return error_block(lang)

    return layout


def register(app: Dash, ctx: AppContext) -> None:
    """The page has no callbacks of its own."""
