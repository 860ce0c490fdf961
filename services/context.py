"""The shared resources handed to every page and callback: the store, the configuration and the cache.

Each app keeps its own AppContext on its Flask server (`install`); code that runs inside one of its requests
finds it with `current_context()`, so two apps in one process never read each other's store, cache or settings.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy.engine import Engine

from services.config import Config

EXTENSION = "satudata"


@dataclass(frozen=True)
class AppContext:
    engine: Engine
    config: Config
    cache: Any  # flask_caching.Cache bound to this app's server


def install(server: Flask, ctx: AppContext) -> None:
    """Make `ctx` the context of every request `server` serves (create_app calls this)."""
    server.extensions[EXTENSION] = ctx


def current_context() -> AppContext | None:
    """The context of the app serving the current request; None outside one (scripts, commands, most tests)."""
    return current_app.extensions.get(EXTENSION) if has_app_context() else None
