"""Helpers shared by the compare page's views: labels, names, the View result."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from i18n import fmt_number, normalise_lang
from layouts.common import SHORT_NAMES
from services import queries
from services.access import PUBLIC, Access
from services.context import AppContext


@dataclass
class View:
    """What one chart shows: the figure (None = hide it), the text beside it, and exactly the plotted data."""

    figure: go.Figure | None
    summary: list = field(default_factory=list)
    data: pd.DataFrame = field(default_factory=pd.DataFrame)
    extra: list = field(default_factory=list)


def short_name(name: str) -> str:
    """A label that fits a chart axis: Kabupaten Bogor -> Kab. Bogor; DKI/DIY abbreviated."""
    if name in SHORT_NAMES:
        return SHORT_NAMES[name]
    return "Kab. " + name[len("Kabupaten "):] if name.startswith("Kabupaten ") else name


def indicator_meta(ctx: AppContext, code: str, access: Access = PUBLIC) -> dict:
    return queries.indicator(ctx.engine, code, access)


def indicator_name(meta: dict, lang: str, short: bool = False) -> str:
    lang = normalise_lang(lang)
    if short:
        return (meta.get("short_id") if lang == "id" else meta.get("short_en")) or indicator_name(meta, lang)
    return meta["name_id"] if lang == "id" else meta["name_en"]


def value_text(meta: dict, value: float | None, lang: str) -> str:
    return fmt_number(value, int(meta.get("decimals") or 0), lang)


def region_name(ctx: AppContext, code: str, lang: str) -> str:
    if code == "ID":
        return "Indonesia"
    return queries.region(ctx.engine, code)["name"]
