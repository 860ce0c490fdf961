"""The audit-log page (/audit): the newest security events, filterable by action. No store access."""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from i18n import label_of, t
from layouts.common import dropdown_labels, grid_locale, page_header


class ids:
    LANG = "audit-lang"
    ACTION = "audit-action"
    GRID = "audit-grid"


def action_label(action: str, lang: str) -> str:
    """"Impor data" for `import`; an action without a label (from a newer version) shows its code."""
    return label_of("audit.action", action, lang)


def detail_text(detail: str | None) -> str:
    """A JSON detail as "key: value · key: value" (nested values compact); other text as it is."""
    if not detail:
        return ""
    try:
        found = json.loads(detail)
    except ValueError:
        return detail
    if not isinstance(found, dict):
        return detail
    plain = lambda v: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
    return " · ".join(f"{key}: {plain(value)}" for key, value in found.items() if value not in (None, "", [], {}))


def columns(lang: str) -> list[dict]:
    col = lambda field, **kw: {"field": field, "headerName": t(f"audit.col.{field}", lang), **kw}
    return [col("at", flex=2, minWidth=150), col("actor", flex=1, minWidth=120), col("action", flex=1, minWidth=130),
            col("target", flex=1, minWidth=120), col("success", flex=1, minWidth=90),
            col("detail", flex=3, minWidth=200, tooltipField="detail"), col("ip", flex=1, minWidth=110)]


def layout(rows: Sequence[Mapping] = (), lang: str = "id", actions: Sequence[str] = ()) -> dbc.Container:
    """`actions`: what the filter offers (services.audit.ACTIONS)."""
    return dbc.Container([
        page_header(t("audit.title", lang), t("audit.subtitle", lang)),
        dcc.Store(id=ids.LANG, data=lang),
        html.Div(dcc.Dropdown([{"label": action_label(a, lang), "value": a} for a in actions], None, id=ids.ACTION,
                              placeholder=t("audit.filter", lang),
                              labels=dropdown_labels(lang)), style={"maxWidth": "320px"}, className="mb-3"),
        dag.AgGrid(id=ids.GRID, rowData=list(rows), columnDefs=columns(lang),
                   defaultColDef={"sortable": True, "filter": True, "resizable": True},
                   dashGridOptions={"localeText": grid_locale(lang), "domLayout": "autoHeight", "pagination": True,
                                    "paginationPageSize": 50},
                   style={"width": "100%"}),
    ], fluid=True, className="pb-4")
