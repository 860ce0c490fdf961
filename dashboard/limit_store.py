"""Rate-limit counts shared by every worker process of one server without Redis: a `limits` storage over a small
SQLite file (scheme `satudata-file://PATH`). gunicorn.conf.py names the file before the workers fork; with Redis
the counts live there instead. Fixed windows only (flask-limiter's default strategy). Must not decide limits.
"""
from __future__ import annotations

import sqlite3
import threading
import time

from limits.storage import Storage

SCHEME = "satudata-file"
SCHEMA = "CREATE TABLE IF NOT EXISTS hits (key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires REAL NOT NULL)"


def uri_for(path: str) -> str:
    return f"{SCHEME}://{path}"


class FileStorage(Storage):
    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions, **options)
        self.path = (uri or "").split("://", 1)[1]
        self.local = threading.local()
        self.conn().execute(SCHEMA)

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def conn(self) -> sqlite3.Connection:
        """One connection per thread (sqlite3 connections are not shared across threads), in autocommit."""
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=OFF")  # counts, not records: losing the last ones in a crash is fine
            self.local.conn = conn
        return conn

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        conn = self.conn()
        conn.execute("BEGIN IMMEDIATE")  # one writer at a time across processes: no lost increments
        try:
            conn.execute("DELETE FROM hits WHERE key = ? AND expires <= ?", (key, now))
            count = conn.execute(
                "INSERT INTO hits (key, count, expires) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET count = count + excluded.count RETURNING count",
                (key, amount, now + expiry)).fetchone()[0]
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return int(count)

    def _row(self, key: str) -> tuple[int, float] | None:
        row = self.conn().execute("SELECT count, expires FROM hits WHERE key = ? AND expires > ?",
                                  (key, time.time())).fetchone()
        return (int(row[0]), float(row[1])) if row else None

    def get(self, key: str) -> int:
        row = self._row(key)
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row[1] if row else time.time()

    def check(self) -> bool:
        try:
            self.conn().execute("SELECT 1")
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        return self.conn().execute("DELETE FROM hits").rowcount

    def clear(self, key: str) -> None:
        self.conn().execute("DELETE FROM hits WHERE key = ?", (key,))
