"""The on-track badge and target text other pages show beside a value (overview cards, trend chart, forecast
page). Pure: the dict made by services.targets.on_track in, components out."""
from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
from dash import html

from i18n import fmt_chance, fmt_number, fmt_period, t

#: Bootstrap colour and text colour per SDSN-style status (text in words too, never colour alone).
STATUS_COLOURS = {"on_track": ("success", "white"), "moderately_improving": ("info", "dark"),
                  "stagnating": ("warning", "dark"), "worsening": ("danger", "white")}
STATUS_ICONS = {"on_track": "bi-check-circle-fill", "moderately_improving": "bi-arrow-up-right-circle",
                "stagnating": "bi-dash-circle", "worsening": "bi-x-circle-fill"}


def status_text(status: str | None, lang: str) -> str:
    return t(f"proyeksi.status.{status or 'none'}", lang)


def badge(found: Mapping | None, lang: str, class_name: str = "") -> dbc.Badge | None:
    """The coloured status badge ("sesuai jalur", "stagnan", ...); None without a target."""
    if not found:
        return None
    status = found.get("status")
    colour, text_colour = STATUS_COLOURS.get(status, ("secondary", "white"))
    help_text = t("on_track.badge_help", lang, year=found["year"], plan=found["plan"]) + " " + \
        t("proyeksi.status.help", lang)
    return dbc.Badge([html.I(className=f"bi {STATUS_ICONS.get(status, 'bi-question-circle')} me-1",
                             **{"aria-hidden": "true"}), status_text(status, lang)],
                     color=colour, text_color=text_colour, title=help_text,
                     className=f"on-track-badge on-track-{status or 'none'} {class_name}".strip())


def target_value(found: Mapping, decimals: int, lang: str, suffix: str = "") -> str:
    low, high = found["low"], found["high"]
    if low == high:
        return fmt_number(low, decimals, lang) + suffix
    return f"{fmt_number(low, decimals, lang)}–{fmt_number(high, decimals, lang)}{suffix}"


def target_text(found: Mapping, decimals: int, lang: str, suffix: str = "") -> str:
    """"Target RPJMN 2025-2029 (2029): 4,5–5,0%"."""
    return t("on_track.target", lang, plan=found["plan"], year=found["year"],
             value=target_value(found, decimals, lang, suffix))


def observed_outcome(found: Mapping) -> bool | None:
    """Whether the target was met, when its year is already observed (no forecast needed); None otherwise."""
    latest = str(found.get("latest_period") or "")
    if found.get("forecast_period") or found.get("probability") is None or latest[:4] != str(found["year"]):
        return None
    return found["probability"] >= 0.5


def outcome_text(found: Mapping, lang: str) -> str | None:
    """"angka 2024: belum tercapai" for a target whose year is already observed; None otherwise."""
    met = observed_outcome(found)
    if met is None:
        return None
    return t("on_track.observed_met" if met else "on_track.observed_missed", lang,
             period=fmt_period(str(found["latest_period"]), lang))


def chance_text(found: Mapping, lang: str) -> str | None:
    """"peluang tercapai 2029: 34%" from the stored forecast; "angka 2024: belum tercapai" when the target year is
    already observed; "proyeksi belum dihitung" without a forecast."""
    outcome = outcome_text(found, lang)
    if outcome is not None:
        return outcome
    if found.get("probability") is not None:
        period = found.get("forecast_period") or str(found["year"])
        return t("on_track.chance", lang, period=fmt_period(period, lang), value=fmt_chance(found["probability"], lang))
    if not found.get("has_forecast", True):
        return t("on_track.not_computed", lang)
    return None
