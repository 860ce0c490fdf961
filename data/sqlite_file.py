"""Watching the file under a SQLite store: a connection keeps reading the file it opened even after that file is
renamed, deleted or swapped, so without this the app (and /healthz) would go on answering from a store that is
no longer on disk. Installed by data.store.open_engine; must not know anything above the data layer.

- gone: the file seen at the first connection is no longer at its path; no connection is made (SQLite would
  silently create a new empty store there).
- unreadable: the path holds something that is not a SQLite database (overwritten with zeros, truncated) or
  cannot be read.
- replaced: the path holds another file than the one connected to; open connections are dropped and the new
  file is opened, so what is served is what is on disk (a store without the schema then fails /healthz).
"""
from __future__ import annotations

import os
import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError

HEADER = b"SQLite format 3\x00"
PREFIX = "store file"


def reason(exc: BaseException) -> str | None:
    """'store file gone' / 'store file unreadable' when `exc` (a SQLAlchemy error) is this watch's refusal."""
    text = str(getattr(exc, "orig", "") or "")
    return text if text.startswith(PREFIX) else None


def file_problem(path: str, known: tuple[int, int] | None) -> str | None:
    """What is wrong with the store file at `path` ('gone', 'unreadable', 'replaced'), or None."""
    try:
        stat = os.stat(path)
        with open(path, "rb") as handle:
            header = handle.read(len(HEADER))
    except FileNotFoundError:
        return "gone" if known else None
    except OSError:
        return "unreadable"
    if stat.st_size and header != HEADER:
        return "unreadable"
    if known and (stat.st_dev, stat.st_ino) != known:
        return "replaced"
    return None


def watch(engine: Engine, path: str) -> None:
    """Refuse connections to a gone or unreadable file, drop pooled connections to a file no longer at `path`."""
    seen: dict[str, tuple[int, int] | None] = {"id": None}

    @event.listens_for(engine, "do_connect")
    def refuse_bad_file(_dialect, _record, _cargs, _cparams):
        problem = file_problem(path, seen["id"])
        if problem in ("gone", "unreadable"):
            raise sqlite3.OperationalError(f"{PREFIX} {problem}")
        return None  # connect as usual (a replaced file is opened and becomes the one watched)

    @event.listens_for(engine, "connect")
    def remember_file(_dbapi_conn, record):
        stat = os.stat(path)
        record.info["sqlite_file"] = seen["id"] = (stat.st_dev, stat.st_ino)

    @event.listens_for(engine, "checkout")
    def still_same_file(_dbapi_conn, record, _proxy):
        if file_problem(path, record.info.get("sqlite_file")):
            raise DisconnectionError(f"store file changed under an open connection: {path}")
