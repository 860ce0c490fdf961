"""The executive brief as a one-page A4 PDF (fpdf2, DejaVu Sans so Indonesian text, ▲▼ and − print as written).

Blocks top to bottom: title and the date of the data, key cards (at most 8), the map with its caption (or a
note that it could not be drawn), the three top priorities with their numbers and sources, method and sources.
"""
from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from dashboard.brief import text
from dashboard.brief.content import Brief, KeyCard
from dashboard.i18n import t

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVu"
MARGIN = 12.0
PAGE_W = 210.0
INK, MUTED, ACCENT = (33, 37, 41), (108, 117, 125), (13, 110, 253)
TONE = {"good": (25, 135, 84), "bad": (200, 35, 51), "neutral": MUTED}
MAX_CARDS = 8


class BriefPDF(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        for style, name in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf")):
            path = FONT_DIR / name
            if not path.exists():
                raise FileNotFoundError(f"font {path} missing (Debian package fonts-dejavu-core)")
            self.add_font(FONT, style, str(path))
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.add_page()

    @property
    def width(self) -> float:
        return PAGE_W - 2 * MARGIN

    def style(self, size: float, bold: bool = False, colour: tuple[int, int, int] = INK) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*colour)

    def fit(self, value: str, width: float) -> str:
        """`value` cut with an ellipsis so that it fits `width` mm in the current font."""
        if self.get_string_width(value) <= width:
            return value
        while value and self.get_string_width(value + "…") > width:
            value = value[:-1]
        return value.rstrip() + "…"

    def text_at(self, x: float, y: float, width: float, value: str, size: float, bold: bool = False,
             colour: tuple[int, int, int] = INK, height: float | None = None) -> float:
        self.style(size, bold, colour)
        self.set_xy(x, y)
        h = height or size * 0.45
        self.cell(width, h, self.fit(value, width))
        return y + h

    def heading(self, y: float, value: str) -> float:
        self.set_draw_color(*ACCENT)
        self.set_line_width(0.4)
        self.text_at(MARGIN, y, self.width, value, 11, bold=True, colour=ACCENT)
        self.line(MARGIN, y + 5.6, MARGIN + self.width, y + 5.6)
        return y + 7.5


def _card(pdf: BriefPDF, card: KeyCard, x: float, y: float, w: float, h: float, lang: str) -> None:
    pdf.set_draw_color(222, 226, 230)
    pdf.set_fill_color(248, 249, 250)
    pdf.rect(x, y, w, h, style="DF")
    ix, iw = x + 2, w - 4
    cy = pdf.text_at(ix, y + 1.5, iw, text.ind_name(card.indicator, lang), 7.5, bold=True)
    cy = pdf.text_at(ix, cy + 0.5, iw, text.number(card.value, card.indicator, lang, with_unit=False), 12,
                     bold=True)
    when = text.period(card.period, lang, card.status)
    if card.value is not None and text.unit(card.indicator, lang):
        when += " · " + text.unit(card.indicator, lang)
    cy = pdf.text_at(ix, cy + 0.3, iw, when, 7, colour=MUTED)
    cy = pdf.text_at(ix, cy + 0.3, iw, text.change(card, lang), 7, colour=TONE.get(card.tone, MUTED))
    for extra in (text.target(card, lang), text.track(card, lang)):
        if extra:
            cy = pdf.text_at(ix, cy + 0.2, iw, extra, 6.5)


def _cards(pdf: BriefPDF, brief: Brief, y: float, lang: str) -> float:
    y = pdf.heading(y, t("brief.cards", lang))
    cards = brief.cards[:MAX_CARDS]
    cols, gap, h = 4, 3.0, 27.0
    w = (pdf.width - gap * (cols - 1)) / cols
    for i, card in enumerate(cards):
        _card(pdf, card, MARGIN + (i % cols) * (w + gap), y + (i // cols) * (h + gap), w, h, lang)
    rows = (len(cards) + cols - 1) // cols
    return y + rows * (h + gap) + 1


def _map(pdf: BriefPDF, brief: Brief, png: bytes | None, y: float, lang: str, parent_name: str | None) -> float:
    data = brief.map
    caption = text.map_caption(data, lang, parent_name) if data else t("brief.map.none", lang)
    y = pdf.heading(y, caption)
    img_w, img_h = 124.0, 124.0 * 620 / 900
    side_x, side_w = MARGIN + img_w + 4, pdf.width - img_w - 4
    if png:
        import io  # noqa: PLC0415

        pdf.image(io.BytesIO(png), x=MARGIN, y=y, w=img_w, h=img_h)
        pdf.style(7.5, colour=MUTED)
        pdf.set_xy(side_x, y + 2)
        pdf.multi_cell(side_w, 3.6, t("brief.map.legend", lang), align="L")
    else:
        pdf.style(8.5, colour=MUTED)
        pdf.set_xy(MARGIN, y + 2)
        pdf.multi_cell(pdf.width, 4.2, t("brief.map.missing", lang) if data else t("brief.map.none", lang), align="L")
        return y + 14
    if data is not None:
        best = data.frame.dropna(subset=["value"])
        hib = data.indicator["higher_is_better"]
        if hib is not None and not best.empty:
            ordered = best.sort_values("value", ascending=not hib)
            cy = y + 16
            for label, rows in (("▲", ordered.head(3)), ("▼", ordered.tail(3).iloc[::-1])):
                for row in rows.itertuples(index=False):
                    cy = pdf.text_at(side_x, cy, side_w, f"{label} {row.name}: "
                                  f"{text.number(row.value, data.indicator, lang)}", 7.5) + 0.6
                cy += 2
    return y + img_h + 2


def _priorities(pdf: BriefPDF, brief: Brief, y: float, lang: str, parent_name: str) -> float:
    y = pdf.heading(y, t("brief.priorities", lang))
    y = pdf.text_at(MARGIN, y, pdf.width, text.priorities_scope(brief, lang, parent_name), 7.5, colour=MUTED) + 0.4
    y = pdf.text_at(MARGIN, y, pdf.width, text.priorities_basis(brief, lang), 7.5, colour=MUTED) + 1
    if not brief.priorities:
        return pdf.text_at(MARGIN, y, pdf.width, t("brief.no_priorities", lang), 9) + 2
    own = brief.region["level"] == "regency"
    for line in brief.priorities:
        head = text.ind_name(line.indicator, lang, short=False) if own else line.region["name"]
        y = pdf.text_at(MARGIN, y, pdf.width, f"{line.rank}. {head}", 9.5, bold=True) + 0.6
        pdf.style(8.5)
        pdf.set_xy(MARGIN + 4, y)
        pdf.multi_cell(pdf.width - 4, 4.0, " · ".join(text.priority_facts(line, lang)), align="L")
        y = pdf.text_at(MARGIN + 4, pdf.get_y() + 0.2, pdf.width - 4, text.priority_sources(line, lang), 7,
                     colour=MUTED) + 1.8
    return y


def _footer(pdf: BriefPDF, brief: Brief, lang: str) -> None:
    pdf.style(6.8, colour=MUTED)
    pdf.set_xy(MARGIN, 297 - MARGIN - 13)
    pdf.multi_cell(pdf.width, 3.2, t("brief.method", lang) + "\n" + t("brief.sources", lang,
                                                                       sources=text.sources(brief))
                   + " " + t("brief.app", lang) + ".", align="L")


def render_pdf(brief: Brief, lang: str = "id", map_png: bytes | None = None, parent_name: str | None = None) -> bytes:
    """The one-page brief as PDF bytes. `map_png`: the map picture (None: the page says it is missing)."""
    pdf = BriefPDF()
    pdf.set_title(text.title(brief, lang))
    pdf.set_author(t("brief.app", lang))
    pdf.set_creator(t("brief.app", lang))
    pdf.set_lang("id-ID" if lang == "id" else "en")
    y = pdf.text_at(MARGIN, MARGIN, pdf.width, text.title(brief, lang), 17, bold=True, height=8)
    y = pdf.text_at(MARGIN, y + 1, pdf.width, text.dates(brief, lang), 8.5, colour=MUTED) + 3
    y = _cards(pdf, brief, y, lang)
    y = _map(pdf, brief, map_png, y + 1, lang, parent_name)
    _priorities(pdf, brief, y + 1, lang, parent_name or "")
    _footer(pdf, brief, lang)
    return bytes(pdf.output())
