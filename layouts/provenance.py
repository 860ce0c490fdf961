"""Where a figure comes from, on screen: the source line on hover (producer, table, period, vintage, quality), the
badge of a value that is not an official release, and the note on a comparison of two releases. Pure: provenance
dicts (services.provenance) in, text and components out.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import dash_bootstrap_components as dbc
from dash import html

from i18n import fmt_date, fmt_period, t

SEP = " · "


def vintage_text(source: Mapping | None, lang: str) -> str:
    """What the vintage of a figure is, in words: "pembaruan BPS 15 Mei 2025", "diakses 30 September 2026",
    "diambil sekitar 2024" (a year alone when the notes give only the year); "" without a vintage."""
    vintage, kind = (source or {}).get("vintage"), (source or {}).get("vintage_kind")
    if not vintage:
        return ""
    when = fmt_date(date.fromisoformat(vintage), lang) if len(vintage) == 10 else vintage
    return t(f"provenance.vintage.{kind}" if kind else "provenance.vintage", lang, date=when)


def source_text(source: Mapping | None, lang: str) -> str:
    """"Badan Pusat Statistik (BPS) — <table> · 2024 · pembaruan BPS 15 Mei 2025 · dikutip pemberitaan"."""
    if not source:
        return ""
    parts = [" — ".join(p for p in (source.get("producer"), source.get("title")) if p)]
    if source.get("period"):
        parts.append(fmt_period(str(source["period"]), lang))
    parts.append(vintage_text(source, lang))
    if source.get("quality"):
        parts.append(t(f"quality.{source['quality']}", lang))
    return SEP.join(p for p in parts if p)


def quality_badge(quality: str | None, lang: str = "id") -> dbc.Badge | None:
    """The flag of one value that is not an official release (news quote, compiled sheet)."""
    if not quality:
        return None
    return dbc.Badge(t(f"quality.{quality}", lang), color="warning", text_color="dark",
                     className="quality-badge ms-1", title=t("provenance.quality_hint", lang))


def release_note(source: Mapping | None, previous: Mapping | None, lang: str) -> html.Div:
    """A comparison of figures from two releases says so; both sources on hover."""
    title = "\n".join(source_text(s, lang) for s in (source, previous) if s)
    return html.Div([html.I(className="bi bi-intersect me-1"), t("provenance.other_release", lang)],
                    className="ringkasan-release small text-warning-emphasis", title=title)
