"""The shared cache of query results and map geometry, and its invalidation across every app server.

Entries are keyed by the store's *generation* (`store_info.cache_generation`), which every committed write
bumps inside its own transaction (`data.store.bump_generation`, called by data.writer and the seed). An
import committed on one server therefore makes every server miss on its next request, whatever cache each
one runs (Redis shared by all, or a per-process SimpleCache): old entries are never read again and expire.
The generation is one primary-key lookup, read at most once per HTTP request.

API (one module, used by the query layer, the pages and the import path):
    cached(ctx, key, fn)       value of fn() under `key` for the current generation
    invalidate(ctx, conn=None) bump the generation (inside `conn`'s transaction when given)
    watch(engine)              done by create_app: a commit on `engine` forgets the request's memoised generation
    cached_query               decorator for services.queries functions (engine first), keyed by arguments: inside a
                               request of an app whose engine it is, read through that app's cache
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import g, has_request_context
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from data.store import bump_generation, read_generation
from services.access import Access
from services.context import AppContext, current_context

T = TypeVar("T")
log = logging.getLogger(__name__)
_MISSING = object()


def watch(engine: Engine) -> None:
    """Forget the generation memoised for the current request when `engine` commits (create_app calls this)."""
    if not event.contains(engine, "commit", _forget_generation):
        event.listen(engine, "commit", _forget_generation)


def _forget_generation(conn: Connection) -> None:
    """A commit may have bumped the generation: a read later in the same request (a callback that writes, then
    shows the result) must not reuse the generation memoised before the write."""
    if has_request_context():
        g.pop("_store_generation", None)


def generation(engine: Engine) -> str | None:
    """The store's generation, read once per request; None when the store does not answer (then: no caching)."""
    memo = g.setdefault("_store_generation", {}) if has_request_context() else None
    if memo is not None and id(engine) in memo:
        return memo[id(engine)]
    try:
        with engine.connect() as conn:
            value = read_generation(conn)
    except SQLAlchemyError:
        value = None  # no schema yet or store down: the query itself will say so
    if memo is not None:
        memo[id(engine)] = value
    return value


def _lookup(cache: Any, engine: Engine, key: str, fn: Callable[[], T], timeout: int | None) -> T:
    gen = generation(engine)
    if gen is None:
        return fn()
    full = f"g{gen}:{key}"
    try:
        value = cache.get(full)
    except Exception as exc:  # a cache that does not answer must not take the page down
        log.warning("cache get failed (%s); reading the store", exc.__class__.__name__)
        return fn()
    if value is not None:
        return value
    value = fn()
    try:
        cache.set(full, value, timeout=timeout)
    except Exception as exc:
        log.warning("cache set failed (%s)", exc.__class__.__name__)
    return value


def cached(ctx: AppContext, key: str, fn: Callable[[], T], timeout: int | None = None) -> T:
    """fn() cached under `key` for the store's current generation (None results are not cached)."""
    return _lookup(ctx.cache, ctx.engine, key, fn, timeout)


def invalidate(ctx: AppContext, conn: Connection | None = None) -> int:
    """Make every app server's cached entries stale; pass the import's `conn` to commit it together."""
    if conn is not None:
        return bump_generation(conn)
    with ctx.engine.begin() as own:
        return bump_generation(own)


def _canonical(value: Any) -> Any:
    """A repr that is the same in every process (frozenset order depends on the hash seed)."""
    if isinstance(value, Access):
        return ("access", tuple(sorted(value.tiers)), value.region_scope)
    if isinstance(value, frozenset | set):
        return tuple(sorted(map(_canonical, value), key=repr))
    if isinstance(value, list | tuple):
        return tuple(_canonical(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _canonical(v)) for k, v in value.items()))
    return value


def call_key(name: str, args: tuple, kwargs: dict) -> str:
    text = repr((_canonical(args), _canonical(kwargs)))
    return f"q:{name}:{hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()}"


def cached_query(fn: Callable[..., T]) -> Callable[..., T]:
    """Cache a query-layer function `fn(engine, *args, **kwargs)` in the cache of the app serving the request,
    when `engine` is that app's store.

    Callers keep the same signature; outside a request (scripts, commands, benchmarks, most tests) and for any
    other engine the store is read directly.
    """

    @wraps(fn)
    def inner(engine: Engine, *args: Any, **kwargs: Any) -> T:
        ctx = current_context()
        if ctx is None or ctx.engine is not engine or ctx.cache is None:
            return fn(engine, *args, **kwargs)
        return _lookup(ctx.cache, engine, call_key(fn.__name__, args, kwargs), lambda: fn(engine, *args, **kwargs), None)

    inner.uncached = fn  # type: ignore[attr-defined]
    return inner
