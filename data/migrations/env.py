"""Alembic environment: runs on the engine handed over in config.attributes, or on -x url=... / DASHBOARD_DATABASE_URL."""
from __future__ import annotations

import os

from alembic import context

from data.schema import Base
from data.store import DEFAULT_URL, URL_VARIABLE, open_engine

config = context.config
target_metadata = Base.metadata


def _engine():
    engine = config.attributes.get("engine")
    if engine is not None:
        return engine
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get(URL_VARIABLE) or DEFAULT_URL
    return open_engine(url)


def run_migrations_online() -> None:
    engine = _engine()
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        context.run_migrations()


run_migrations_online()
