"""Configuration: every setting is declared once here, with its env var, default and help text.

The README's configuration table lists each of them; `tests/services/test_config.py` fails when one is missing.
"""
from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from data.store import DEFAULT_URL, URL_VARIABLE

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _bool(text: str) -> bool:
    return text.strip().lower() in {"1", "true", "yes", "on", "ya"}


def _optional(text: str) -> str | None:
    return text.strip() or None


def _zone(text: str) -> str:
    """An IANA time zone name (Asia/Jakarta); a clear error at start for anything else."""

    try:
        ZoneInfo(text.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("unknown time zone (e.g. Asia/Jakarta, Asia/Makassar, Asia/Jayapura)") from None
    return text.strip()


class ConfigError(ValueError):
    """An environment variable that cannot be read; the message names it."""


@dataclass(frozen=True)
class Setting:
    field: str
    env: str
    parse: Callable[[str], Any]
    help: str
    #: Set but empty means "off" (the value ""), not "use the default".
    empty_is_off: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting("database_url", URL_VARIABLE, str,
            "SQLAlchemy URL of the store; default: a SQLite file at instance/satudata.db"),
    Setting("host", "DASHBOARD_HOST", str, "address `python app.py` listens on"),
    Setting("port", "DASHBOARD_PORT", int, "port `python app.py` listens on"),
    Setting("debug", "DASHBOARD_DEBUG", _bool, "Dash debug mode (dev tools, reloader); never in production"),
    Setting("default_lang", "DASHBOARD_LANG", str, "default UI language, `id` or `en`"),
    Setting("timezone", "DASHBOARD_TIMEZONE", _zone,
            "time zone of the times shown (load history, audit, saved scenarios): Asia/Jakarta (WIB), "
            "Asia/Makassar (WITA) or Asia/Jayapura (WIT); the store keeps UTC"),
    Setting("auto_seed", "DASHBOARD_AUTO_SEED", _bool,
            "create the schema and load the bundled seed data on start when the store is empty"),
    Setting("villages", "DASHBOARD_VILLAGES", _bool,
            "with auto-seed: load the kecamatan and desa/kelurahan with IDM 2024 in the background after the seed "
            "(/healthz says `villages`: loading or ready)"),
    Setting("redis_url", "DASHBOARD_REDIS_URL", _optional,
            "Redis URL for the shared cache (and rate limits); empty: an in-process cache"),
    Setting("rate_limit_file", "DASHBOARD_RATE_LIMIT_FILE", _optional,
            "file where the workers of one server share their rate-limit counts when there is no Redis; "
            "gunicorn.conf.py sets one per start; empty: counts per process"),
    Setting("cache_timeout", "DASHBOARD_CACHE_TIMEOUT", int, "seconds a cached query result is kept"),
    Setting("cache_prefix", "DASHBOARD_CACHE_PREFIX", str,
            "prefix of every Redis cache and rate-limit key, so several deployments (or tests) share one Redis apart"),
    Setting("workers", "DASHBOARD_WORKERS", int,
            "gunicorn worker processes (gunicorn.conf.py); 0: 2 x CPU cores + 1"),
    Setting("threads", "DASHBOARD_THREADS", int,
            "threads per gunicorn worker process (gunicorn.conf.py), and of `python app.py` (waitress)"),
    Setting("timeout", "DASHBOARD_TIMEOUT", int,
            "seconds gunicorn lets a request run before restarting its worker (gunicorn.conf.py)"),
    Setting("secret_key", "DASHBOARD_SECRET_KEY", _optional,
            "key that signs session cookies; empty: a random key per process (sessions end on restart)"),
    Setting("max_upload_mb", "DASHBOARD_MAX_UPLOAD_MB", int, "largest upload accepted, in MB"),
    Setting("max_unpacked_mb", "DASHBOARD_MAX_UNPACKED_MB", int,
            "most an uploaded workbook may unpack to, in MB (and at most 20 times the upload limit); checked "
            "before a cell is read"),
    Setting("max_sheet_rows", "DASHBOARD_MAX_SHEET_ROWS", int,
            "most rows an uploaded sheet or CSV may declare or fill; checked before a cell is read"),
    Setting("max_sheet_columns", "DASHBOARD_MAX_SHEET_COLUMNS", int,
            "most columns an uploaded sheet or CSV may declare or fill"),
    Setting("max_sheet_cells", "DASHBOARD_MAX_SHEET_CELLS", int,
            "most cells (rows x columns) an uploaded sheet or CSV may declare or fill"),
    Setting("write_wait", "DASHBOARD_WRITE_WAIT", float,
            "seconds an import, approval or rollback waits for another write to the store before it is refused "
            "with a message naming what holds it"),
    Setting("secure_cookies", "DASHBOARD_SECURE_COOKIES", _bool,
            "send the session cookie over HTTPS only (turn on behind TLS)"),
    Setting("force_https", "DASHBOARD_FORCE_HTTPS", _bool,
            "redirect HTTP to HTTPS and send Strict-Transport-Security (behind TLS only)"),
    Setting("session_hours", "DASHBOARD_SESSION_HOURS", int, "hours a sign-in lasts"),
    Setting("login_rate_limit", "DASHBOARD_LOGIN_RATE_LIMIT", str,
            "sign-in attempts allowed per address (flask-limiter syntax; empty: no limit)", empty_is_off=True),
    Setting("api_rate_limit", "DASHBOARD_API_RATE_LIMIT", str,
            "API requests allowed per address (flask-limiter syntax; empty: no limit)", empty_is_off=True),
    Setting("oidc_issuer", "DASHBOARD_OIDC_ISSUER", _optional,
            "OpenID Connect issuer URL for single sign-on; empty: single sign-on off"),
    Setting("oidc_client_id", "DASHBOARD_OIDC_CLIENT_ID", _optional, "OpenID Connect client id"),
    Setting("oidc_client_secret", "DASHBOARD_OIDC_CLIENT_SECRET", _optional, "OpenID Connect client secret"),
    Setting("oidc_username_claim", "DASHBOARD_OIDC_USERNAME_CLAIM", str,
            "the ID-token claim matched against user names"),
    Setting("oidc_default_role", "DASHBOARD_OIDC_DEFAULT_ROLE", _optional,
            "role given to a single-sign-on user not yet known here; empty: unknown users are refused"),
    Setting("embed_frame_ancestors", "DASHBOARD_EMBED_FRAME_ANCESTORS", str,
            "CSP frame-ancestors of /embed pages: which sites may show a chart in an iframe (`*`: any site); "
            "every other page keeps 'self'"),
)


@dataclass(frozen=True)
class Config:
    database_url: str = DEFAULT_URL
    host: str = "127.0.0.1"
    port: int = 8050
    debug: bool = False
    default_lang: str = "id"
    timezone: str = "Asia/Jakarta"
    auto_seed: bool = True
    villages: bool = True
    redis_url: str | None = None
    rate_limit_file: str | None = None
    cache_timeout: int = 300
    cache_prefix: str = "satudata:"
    workers: int = 0
    threads: int = 4
    timeout: int = 60
    secret_key: str | None = None
    max_upload_mb: int = 20
    max_unpacked_mb: int = 200
    max_sheet_rows: int = 1_048_576
    max_sheet_columns: int = 2_000
    max_sheet_cells: int = 5_000_000
    write_wait: float = 30.0
    secure_cookies: bool = False
    force_https: bool = False
    session_hours: int = 8
    login_rate_limit: str = "5 per minute;30 per hour"
    api_rate_limit: str = "120 per minute"
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_username_claim: str = "preferred_username"
    oidc_default_role: str | None = None
    embed_frame_ancestors: str = "*"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Config":
        environ = os.environ if environ is None else environ
        values = {}
        for s in SETTINGS:
            if s.empty_is_off and s.env in environ and not environ[s.env].strip():
                values[s.field] = ""
                continue
            if environ.get(s.env, "") == "":
                continue
            try:
                values[s.field] = s.parse(environ[s.env])
            except ValueError as exc:
                raise ConfigError(f"{s.env}={environ[s.env]!r}: {exc}") from None
        return cls(**values)

    def session_secret(self) -> str:
        return self.secret_key or _PROCESS_SECRET

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id and self.oidc_client_secret)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


_PROCESS_SECRET = secrets.token_hex(32)
