"""Compressed responses and long-lived static files: what makes a first visit a few MB lighter and a second one
(nearly) free. Flask-Compress answers brotli or gzip, as the browser asks; compressed static files are kept in
memory (they never change while the process runs), dynamic answers (layouts, callbacks, API) are compressed per
request and never cached. Files under /assets/ requested with a version token (Dash's `?m=<mtime>`, the icon
font's `?<hash>`) are cached by browsers for a year; Dash's own component suites already are (fingerprinted).
"""
from __future__ import annotations

from flask import Flask, Response, request
from flask_compress import Compress

STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/")
YEAR = 365 * 24 * 3600


class StaticOnlyCache:
    """A Flask-Compress cache backend that keeps only static files: keys are 'algorithm;path?query'."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    @staticmethod
    def static(key: str) -> bool:
        return key.split(";", 1)[-1].startswith(STATIC_PREFIXES)

    def get(self, key: str) -> bytes | None:
        return self.data.get(key) if self.static(key) else None

    def set(self, key: str, value: bytes) -> None:
        if self.static(key):
            self.data[key] = value


def versioned_asset(path: str, query: bytes) -> bool:
    """An /assets/ file asked for with a version token in its query string (changes when the file changes)."""
    return path.startswith("/assets/") and bool(query)


def prepare_static(response: Response) -> Response:
    """Runs before Flask-Compress: an /assets/ file is read into memory (small; its compressed form is cached)
    so that it is compressed like any answer, not streamed (Flask-Compress streams no gzip); a versioned one is
    kept by browsers for a year."""
    if request.path.startswith("/assets/") and response.status_code == 200 and response.is_streamed:
        response.direct_passthrough = False
        response.make_sequence()
    if versioned_asset(request.path, request.query_string) and response.status_code in (200, 304):
        response.cache_control.public = True
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
        response.cache_control.no_cache = None
    return response


def init_compression(server: Flask) -> Compress:
    cache = StaticOnlyCache()
    server.config.update(COMPRESS_ALGORITHM=["br", "gzip"], COMPRESS_BR_LEVEL=5, COMPRESS_LEVEL=6,
                         COMPRESS_MIN_SIZE=500, COMPRESS_CACHE_BACKEND=lambda: cache,
                         COMPRESS_CACHE_KEY=lambda req: req.full_path)
    compress = Compress(server)
    server.after_request(prepare_static)  # registered last: Flask runs it first
    return compress
