"""The public Q&A page: answered questions about figures, shown as text."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_bootstrap_components as dbc
from dash import html

from i18n import fmt_date, t
from layouts.common import page_header


def layout(items: Sequence[Mapping] = (), lang: str = "id") -> dbc.Container:
    """`items`: answered messages with `figure` (indicator, region, period as text) and `value_text`."""
    cards = [dbc.Card(dbc.CardBody([
        html.Div(f"{item['figure']} · {item['value_text']}", className="text-muted small mb-2"),
        html.P([html.Strong(t("tanya_jawab.question", lang) + ": "), html.Span(item["message"])]),
        html.P([html.Strong(t("tanya_jawab.answer", lang) + ": "), html.Span(item["answer"])], className="mb-1"),
        html.Small(fmt_date(item.get("answered_at"), lang), className="text-muted"),
    ]), className="mb-3 qa-item") for item in items]
    return dbc.Container([
        page_header(t("tanya_jawab.title", lang), t("tanya_jawab.subtitle", lang)),
        *(cards or [dbc.Alert(t("tanya_jawab.empty", lang), color="light")]),
    ], fluid=True, className="pb-4")
