"""When a page's default indicator (ipm on /peta, p0 on /proyeksi) is not public, the public gets the first
indicator it may see, not the store-error block (the query for the hidden default used to fail as 'no data')."""
from __future__ import annotations

import pytest
from sqlalchemy import update

import callbacks.peta
import callbacks.proyeksi
from data.schema import Indicator
from data.store import bump_generation
from i18n import t
from services.context import AppContext


@pytest.fixture
def hidden_defaults(config, engine):
    with engine.begin() as conn:
        conn.execute(update(Indicator).where(Indicator.code.in_(["ipm", "p0"])).values(tier="internal"))
        bump_generation(conn)
    return AppContext(engine=engine, config=config, cache=None)


@pytest.mark.parametrize("module", [callbacks.peta, callbacks.proyeksi])
def test_public_gets_a_visible_indicator_instead_of_the_store_error(app, hidden_defaults, module):
    with app.server.test_request_context("/"):
        text = str(module.page(hidden_defaults)())
    assert t("error.store", "id") not in text
    assert "'ipm'" not in text and "'p0'" not in text
