"""Alembic environment: runs on the engine handed over in config.attributes, or on -x url=... / the app's config."""
from __future__ import annotations

from alembic import context

from data.schema import Base

config = context.config
target_metadata = Base.metadata


def _engine():
    engine = config.attributes.get("engine")
    if engine is not None:
        return engine
    from data.store import open_engine  # noqa: PLC0415  (only when alembic runs from the command line)

    url = context.get_x_argument(as_dictionary=True).get("url")
    if url is None:
        from dashboard.config import Config  # noqa: PLC0415

        url = Config.from_env().database_url
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
