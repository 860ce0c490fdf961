"""Feedback on figures: the button any chart or card can carry, the shell's modal, the Q&A and inbox pages."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

from i18n import fmt_number, fmt_period, t


class ids:
    OPEN = "feedback-open"  # pattern-matching type; index = "indicator|region|period"
    OPENED = "feedback-opened"  # {"key": index of the button clicked, "at": ms}: set in the browser on a click
    MODAL = "feedback-modal"
    TARGET = "feedback-target"
    ABOUT = "feedback-about"
    ANSWERS = "feedback-answers"
    KIND = "feedback-kind"
    MESSAGE = "feedback-message"
    CONTACT = "feedback-contact"
    CHALLENGE_LABEL = "feedback-challenge-label"
    CHALLENGE_TOKEN = "feedback-challenge-token"
    CHALLENGE = "feedback-challenge"
    SEND = "feedback-send"
    RESULT = "feedback-result"


def target_key(indicator: str, region: str, period: str | None) -> str:
    return f"{indicator}|{region}|{period or ''}"


def parse_key(key: str) -> tuple[str, str, str | None]:
    indicator, region, period = (key.split("|") + ["", "", ""])[:3]
    return indicator, region, period or None


def button(indicator: str, region: str, period: str | None, lang: str = "id", size: str = "sm") -> dbc.Button:
    """A small button that opens the feedback form for one figure."""
    return dbc.Button([html.I(className="bi bi-chat-square-text me-1"), t("feedback.button", lang)],
                      id={"type": ids.OPEN, "index": target_key(indicator, region, period)},
                      color="link", size=size, className="feedback-open p-0 text-decoration-none")


def modal(lang: str = "id") -> dbc.Modal:
    return dbc.Modal([
        dbc.ModalHeader(dbc.ModalTitle(t("feedback.title", lang))),
        dbc.ModalBody([
            dcc.Store(id=ids.TARGET), dcc.Store(id=ids.CHALLENGE_TOKEN),
            # "" not None: a Store mounted with None reports a change of its data (see callbacks.feedback)
            dcc.Store(id=ids.OPENED, data=""),
            html.P(id=ids.ABOUT, className="fw-semibold"),
            html.Div(id=ids.ANSWERS, className="mb-3"),
            dbc.Label(t("feedback.kind", lang)),
            dbc.RadioItems(id=ids.KIND, value="question", options=[
                {"label": t("feedback.kind.flag", lang), "value": "flag"},
                {"label": t("feedback.kind.question", lang), "value": "question"}], className="mb-2"),
            dbc.Label(t("feedback.message", lang), html_for=ids.MESSAGE),
            dbc.Textarea(id=ids.MESSAGE, maxLength=1000, rows=4, className="mb-2"),
            dbc.Label(t("feedback.contact", lang), html_for=ids.CONTACT),
            dbc.Input(id=ids.CONTACT, maxLength=200, className="mb-2"),
            dbc.Label(id=ids.CHALLENGE_LABEL, html_for=ids.CHALLENGE),
            dbc.Input(id=ids.CHALLENGE, type="text", inputMode="numeric", style={"maxWidth": "8rem"}),
            html.Div(id=ids.RESULT, className="mt-3"),
        ]),
        dbc.ModalFooter(dbc.Button(t("feedback.send", lang), id=ids.SEND, color="primary")),
    ], id=ids.MODAL, is_open=False, size="lg")


def answers_list(items: Sequence[Mapping], lang: str = "id") -> html.Div:
    """Published answers as text (never HTML)."""
    if not items:
        return html.P(t("feedback.no_answers", lang), className="text-muted small")
    return html.Div([html.H3(t("feedback.answers", lang), className="h6")] + [
        html.Blockquote([
            html.P([html.Strong(t("tanya_jawab.question", lang) + ": "), html.Span(item["message"])], className="mb-1"),
            html.P([html.Strong(t("tanya_jawab.answer", lang) + ": "), html.Span(item["answer"])], className="mb-0"),
        ], className="border-start border-3 ps-2 small") for item in items])


def figure_text(indicator_name: str, region_name: str, period: str | None, lang: str) -> str:
    return t("feedback.about", lang, indicator=indicator_name, region=region_name,
             period=fmt_period(period, lang) if period else "–")


def value_text(value: float | None, decimals: int, lang: str) -> str:
    return t("feedback.value", lang, value=fmt_number(value, decimals, lang))
