"""The shared resources handed to every page and callback: the store, the configuration and the cache."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine

from dashboard.config import Config


@dataclass(frozen=True)
class AppContext:
    engine: Engine
    config: Config
    cache: Any  # flask_caching.Cache bound to this app's server
