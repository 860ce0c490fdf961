"""Loading the villages (data.villages) in a background thread after the first seed, and saying how far it got.

The state is kept per engine (the app's store), so /healthz can tell `loading` from `ready` from `failed`; a store
that already holds them is `ready` without any thread.
"""
from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable

from sqlalchemy.engine import Engine

from data.errors import StoreError
from data.villages import load_villages, loaded

log = logging.getLogger("dashboard")
#: engine -> "loading" | "failed" while this process loads (or failed to load) its villages.
_STATE: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def load_in_background(engine: Engine, then: Callable[[], object] | None = None) -> threading.Thread | None:
    """Start loading the villages unless the store already holds them (None then); the app serves meanwhile.
    `then` runs in the same thread afterwards, loaded or not (the first forecasts, which take minutes)."""
    if loaded(engine):
        return None
    _STATE[engine] = "loading"

    def work() -> None:
        try:
            _load(engine)
        finally:
            if then is not None:
                then()

    thread = threading.Thread(target=work, name="villages", daemon=True)
    thread.start()
    return thread


def _load(engine: Engine) -> None:
    try:
        report = load_villages(engine)
    except Exception:  # a background task: log it, the app keeps serving
        _STATE[engine] = "failed"
        log.exception("villages not loaded; run `python -m dashboard init-db`")
        return
    _STATE.pop(engine, None)
    if not report.skipped:
        log.info("villages: %s regions, %s values in %.1f s (%d IDM codes without a 2025 code left out)",
                 sum(report.regions.values()), sum(report.observations.values()), report.seconds,
                 len(report.unmatched))


def state(engine: Engine, wanted: bool) -> str:
    """`ready` (in the store), `loading` / `failed` (this process's thread), else `off` (not asked for here)."""
    try:
        if loaded(engine):
            return "ready"
    except StoreError:
        pass
    return _STATE.get(engine, "loading" if wanted else "off")
