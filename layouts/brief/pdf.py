"""The executive brief as a one-page A4 PDF (fpdf2, DejaVu Sans so Indonesian text, ▲▼ and − print as written).

Blocks top to bottom: title and the date of the data, key cards (at most 8), a kab/kota's desa by IDM status, the
map with its caption (or a note that it could not be drawn), the three top priorities with their numbers and
sources, method and sources.
"""
from __future__ import annotations

import io
from pathlib import Path

from fpdf import FPDF

from i18n import fmt_number, t
from layouts.brief import text
from layouts.choropleth import category_colours
from models.brief import Brief, KeyCard

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVu"
MARGIN = 12.0
PAGE_W = 210.0
INK, MUTED, ACCENT = (33, 37, 41), (108, 117, 125), (13, 110, 253)
TONE = {"good": (25, 135, 84), "bad": (200, 35, 51), "neutral": MUTED}
MAX_CARDS = 8
GAP = 3.0  # mm between blocks at the least; MAX_GAP at the most when the page has room to spare
MAX_GAP = 12.0
MAP_W, MIN_MAP_W = 124.0, 90.0  # mm; the map gives way when the text needs the room
VILLAGE_MAP_W = 36.0  # mm; the kab/kota's desa map beside its status counts (left out if the page is full)
FOOTER_TOP = 297 - MARGIN - 13


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
        """One line (the title, a heading); cut with an ellipsis only if it could not fit at all."""
        self.style(size, bold, colour)
        self.set_xy(x, y)
        h = height or size * 0.45
        self.cell(width, h, self.fit(value, width))
        return y + h

    def wrap(self, x: float, y: float, width: float, value: str, size: float, bold: bool = False,
             colour: tuple[int, int, int] = INK, draw: bool = True) -> float:
        """`value` wrapped onto as many lines as it needs (nothing is cut); the y below it. `draw=False` measures."""
        self.style(size, bold, colour)
        self.set_xy(x, y)
        height = self.multi_cell(width, size * 0.42, value, align="L", dry_run=not draw, output="HEIGHT",
                                 padding=0)
        return y + float(height)

    def heading(self, y: float, value: str) -> float:
        self.set_draw_color(*ACCENT)
        self.set_line_width(0.4)
        self.text_at(MARGIN, y, self.width, value, 11, bold=True, colour=ACCENT)
        self.line(MARGIN, y + 5.6, MARGIN + self.width, y + 5.6)
        return y + 7.5


def _card_lines(card: KeyCard, region: dict, lang: str) -> list[tuple[str, float, bool, tuple]]:
    """(text, size, bold, colour) of each line of one card, top to bottom."""
    when = text.period(card.period, lang, card.status)
    if card.value is not None and text.unit(card.indicator, lang):
        when += " · " + text.unit(card.indicator, lang)
    lines = [(text.ind_name(card.indicator, lang), 7.5, True, INK),
             (text.number(card.value, card.indicator, lang, with_unit=False), 12, True, INK),
             (when, 7, False, MUTED), (text.change(card, lang), 7, False, TONE.get(card.tone, MUTED))]
    lines += [(extra, 6.5, False, INK) for extra in (text.standing(card, region, lang), text.target(card, lang),
                                                     text.track(card, lang)) if extra]
    return lines


def _card(pdf: BriefPDF, lines: list, x: float, y: float, w: float, h: float | None) -> float:
    """Draws one card of height `h` (None: only measures); the y below its last line."""
    if h is not None:
        pdf.set_draw_color(222, 226, 230)
        pdf.set_fill_color(248, 249, 250)
        pdf.rect(x, y, w, h, style="DF")
    cy = y + 1.5
    for value, size, bold, colour in lines:
        cy = pdf.wrap(x + 2, cy, w - 4, value, size, bold, colour, draw=h is not None) + 0.3
    return cy


def _cards(pdf: BriefPDF, brief: Brief, y: float, lang: str) -> float:
    """The key cards, four to a row; each row as tall as its fullest card."""
    y = pdf.heading(y, t("brief.cards", lang))
    cards = [_card_lines(c, brief.region, lang) for c in brief.cards[:MAX_CARDS]]
    cols, gap = 4, 3.0
    w = (pdf.width - gap * (cols - 1)) / cols
    for start in range(0, len(cards), cols):
        row = cards[start:start + cols]
        h = max(_card(pdf, lines, 0, y, w, None) for lines in row) - y + 1.2
        for i, lines in enumerate(row):
            _card(pdf, lines, MARGIN + i * (w + gap), y, w, h)
        y += h + gap
    return y + 1


def _villages(pdf: BriefPDF, brief: Brief, y: float, lang: str, png: bytes | None = None) -> float:
    """A kab/kota's desa by IDM status, each status after its colour (the map's), beside the village map when there
    is one; nothing for other regions."""
    desa = brief.villages
    if not desa:
        return y
    if desa["state"] != "ready" or not desa["period"]:
        key = f"brief.villages.{desa['state']}" if desa["state"] != "ready" else "brief.villages.off"
        return pdf.wrap(MARGIN, y, pdf.width, t(key, lang), 8, colour=MUTED) + GAP
    y = pdf.heading(y, t("brief.villages", lang, period=desa["period"]))
    left, width, bottom = MARGIN, pdf.width, y
    if png:
        pdf.image(io.BytesIO(png), x=MARGIN, y=y, w=VILLAGE_MAP_W, h=VILLAGE_MAP_W * 560 / 700)
        left, width, bottom = MARGIN + VILLAGE_MAP_W + 4, pdf.width - VILLAGE_MAP_W - 4, y + VILLAGE_MAP_W * 560 / 700
    x, top = left, y
    for status, colour in zip(desa["statuses"], category_colours(len(desa["statuses"])), strict=True):
        label = f"{status['label_id'] if lang == 'id' else status['label_en']}: {fmt_number(status['count'], 0, lang)}"
        pdf.style(8.5, bold=True)
        size = pdf.get_string_width(label) + 7
        if x + size > left + width:
            x, top = left, top + 4.6
        pdf.set_fill_color(*(int(colour[i:i + 2], 16) for i in (1, 3, 5)))
        pdf.set_draw_color(150, 150, 150)
        pdf.rect(x, top + 0.6, 3, 3, style="DF")
        pdf.text_at(x + 4, top, size - 4, label, 8.5, bold=True)
        x += size
    notes = [t("brief.villages.kelurahan", lang, n=fmt_number(desa["kelurahan"], 0, lang))] if desa["kelurahan"] else []
    if png and desa["kelurahan"]:
        notes.append(t("brief.villages.grey", lang))
    if desa["unscored"]:
        notes.append(t("brief.villages.unscored", lang, n=fmt_number(desa["unscored"], 0, lang)))
    if all(s["change"] is None for s in desa["statuses"]):
        notes.append(t("brief.villages.one_year", lang))
    notes.append(t("brief.villages.source", lang, period=desa["period"]))
    return max(bottom, pdf.wrap(left, top + 5, width, " ".join(notes), 7.5, colour=MUTED)) + 1


def _map(pdf: BriefPDF, brief: Brief, png: bytes | None, y: float, lang: str, parent_name: str | None,
         img_w: float = MAP_W) -> float:
    data = brief.map
    caption = text.map_caption(data, lang, parent_name) if data else t("brief.map.none", lang)
    y = pdf.heading(y, caption)
    img_h = img_w * 620 / 900
    side_x, side_w = MARGIN + img_w + 4, pdf.width - img_w - 4
    if not png:
        return pdf.wrap(MARGIN, y + 2, pdf.width, t("brief.map.missing", lang) if data else t("brief.map.none", lang),
                        8.5, colour=MUTED) + 4

    pdf.image(io.BytesIO(png), x=MARGIN, y=y, w=img_w, h=img_h)
    cy = pdf.wrap(side_x, y + 2, side_w, t("brief.map.legend", lang), 7.5, colour=MUTED) + 3
    best = data.frame.dropna(subset=["value"]) if data is not None else None
    hib = data.indicator["higher_is_better"] if data is not None else None
    if hib is not None and not best.empty:
        ordered = best.sort_values("value", ascending=not hib)
        for label, rows in (("▲", ordered.head(3)), ("▼", ordered.tail(3).iloc[::-1])):
            for row in rows.itertuples(index=False):
                cy = pdf.wrap(side_x, cy, side_w, f"{label} {row.name}: {text.number(row.value, data.indicator, lang)}",
                              7.5) + 0.6
            cy += 2
    return max(y + img_h, cy) + 2


def _priorities(pdf: BriefPDF, brief: Brief, y: float, lang: str, parent_name: str) -> float:
    y = pdf.heading(y, t("brief.priorities", lang))
    y = pdf.wrap(MARGIN, y, pdf.width, text.priorities_scope(brief, lang, parent_name), 7.5, colour=MUTED) + 0.4
    y = pdf.wrap(MARGIN, y, pdf.width, text.priorities_basis(brief, lang), 7.5, colour=MUTED) + 1
    if not brief.priorities:
        return pdf.wrap(MARGIN, y, pdf.width, t("brief.no_priorities", lang), 9) + 2
    own = brief.region["level"] == "regency"
    for line in brief.priorities:
        head = text.ind_name(line.indicator, lang, short=False) if own else line.region["name"]
        y = pdf.wrap(MARGIN, y, pdf.width, f"{line.rank}. {head}", 9.5, bold=True) + 0.6
        y = pdf.wrap(MARGIN + 4, y, pdf.width - 4, " · ".join(text.priority_facts(line, lang)), 8.5) + 0.2
        y = pdf.wrap(MARGIN + 4, y, pdf.width - 4, text.priority_sources(line, lang), 7, colour=MUTED) + 1.8
    return y


def _footer(pdf: BriefPDF, brief: Brief, lang: str) -> None:
    pdf.style(6.8, colour=MUTED)
    pdf.set_xy(MARGIN, FOOTER_TOP)
    pdf.multi_cell(pdf.width, 3.2, t("brief.method", lang) + "\n" + t("brief.sources", lang,
                                                                       sources=text.sources(brief))
                   + " " + t("brief.app", lang) + ".", align="L")


def _body(pdf: BriefPDF, brief: Brief, png: bytes | None, lang: str, parent_name: str | None,
          gap: float, map_w: float, village_png: bytes | None = None) -> float:
    """Title, cards, map and priorities with `gap` mm between the blocks; the y below the last."""
    y = pdf.text_at(MARGIN, MARGIN, pdf.width, text.title(brief, lang), 17, bold=True, height=8)
    y = pdf.wrap(MARGIN, y + 1, pdf.width, text.dates(brief, lang), 8.5, colour=MUTED) + gap
    y = _cards(pdf, brief, y, lang) + gap - GAP
    y = _villages(pdf, brief, y + 1, lang, village_png) + (gap - GAP if brief.villages else 0)
    y = _map(pdf, brief, png, y + 1, lang, parent_name, map_w) + gap - GAP
    return _priorities(pdf, brief, y + 1, lang, parent_name or "")


def layout(brief: Brief, png: bytes | None, lang: str, parent_name: str | None,
           village_png: bytes | None = None) -> tuple[float, float]:
    """The gap between blocks and the map's width that fill the page down to the footer: a first pass on a
    scratch page measures the blocks; space left over is shared between the gaps, space missing is taken
    from the map (never from the text)."""
    scratch = BriefPDF()
    spare = FOOTER_TOP - 2 - _body(scratch, brief, png, lang, parent_name, GAP, MAP_W, village_png)
    if spare >= 0:
        return GAP + min(spare / 3, MAX_GAP), MAP_W
    return GAP, max(MIN_MAP_W, MAP_W + spare * 900 / 620) if png else MAP_W


def render_pdf(brief: Brief, lang: str = "id", map_png: bytes | None = None, parent_name: str | None = None,
               village_png: bytes | None = None) -> bytes:
    """The one-page brief as PDF bytes. `map_png`: the map picture (None: the page says it is missing);
    `village_png`: a kab/kota's desa map (None, or no room on the page: the status counts without it)."""
    gap, map_w = layout(brief, map_png, lang, parent_name, village_png)
    if village_png and _body(BriefPDF(), brief, map_png, lang, parent_name, gap, map_w, village_png) > FOOTER_TOP - 2:
        village_png = None  # the page's text and main map come first
        gap, map_w = layout(brief, map_png, lang, parent_name)
    pdf = BriefPDF()
    pdf.set_title(text.title(brief, lang))
    pdf.set_author(t("brief.app", lang))
    pdf.set_creator(t("brief.app", lang))
    pdf.set_lang("id-ID" if lang == "id" else "en")
    _body(pdf, brief, map_png, lang, parent_name, gap, map_w, village_png)
    _footer(pdf, brief, lang)
    return bytes(pdf.output())
