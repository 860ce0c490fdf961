"""A unit an upload defined is shown as typed in charts: plotly renders pseudo-HTML (<a href>, <b>) in hover
texts and axis titles, so it is escaped there (and only there: Dash components escape on their own)."""
from __future__ import annotations

from sqlalchemy import update

import callbacks.peta
import callbacks.proyeksi
from data.schema import Indicator
from data.store import bump_generation
from i18n import chart_text, chart_unit
from services.context import AppContext

UNIT = "<a href='https://example.com'>klik</a> <b>%</b>"


def test_chart_text_escapes_markup():
    assert chart_text("a < b & <b>c</b>") == "a &lt; b &amp; &lt;b&gt;c&lt;/b&gt;"
    assert chart_unit({"unit": "persen", "unit_en": "percent"}, "en") == "percent"


def test_map_and_forecast_charts_show_the_unit_as_text(app, config, engine):
    with engine.begin() as conn:
        conn.execute(update(Indicator).where(Indicator.code.in_(["ipm", "p0"])).values(unit=UNIT))
        bump_generation(conn)
    ctx = AppContext(engine=engine, config=config, cache=None)
    with app.server.test_request_context("/"):
        shown = {m.__name__: str(m.page(ctx)(indikator=code)) for m, code in
                 ((callbacks.peta, "ipm"), (callbacks.proyeksi, "p0"))}
    for name, text in shown.items():
        assert "<a href" not in text and "<b>%</b>" not in text, name
        assert "&lt;a href=" in text, name
