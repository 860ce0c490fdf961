"""Hardening of the Flask server under Dash: session cookies, security headers and CSP (flask-talisman with
Dash's script hashes), CSRF (Flask-WTF) on forms, an Origin check on every state-changing request (this is what
protects Dash's JSON callback endpoint), rate limits (flask-limiter) and the 403 for pages a caller may not open.
"""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from dash import Dash
from flask import Flask, g, jsonify, redirect, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from dashboard import limit_store
from i18n import normalise_lang, t
from i18n.urls import PATHS
from services.config import Config

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
#: Dash's own JSON endpoints: a cross-site form cannot send JSON, and the Origin check refuses cross-site fetches.
DASH_JSON = ("/_dash-update-component",)
#: Pages other sites may frame (read-only public charts); everything else is frame-ancestors 'self'.
EMBED_PATHS = (PATHS["embed"],)


def content_security_policy() -> dict:
    """The policy without Dash's inline-script hashes (added once the app knows every inline script).

    style-src needs 'unsafe-inline': Dash, dash-bootstrap-components and plotly set inline styles.
    """
    return {
        "default-src": "'self'",
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": "'self'",
        "worker-src": ["'self'", "blob:"],
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'self'",
    }


def configure_cookies(server: Flask, config: Config) -> None:
    server.config.update(
        SECRET_KEY=config.session_secret(),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.secure_cookies,
        SESSION_COOKIE_NAME="satudata_session",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=config.session_hours),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=config.secure_cookies,
        WTF_CSRF_CHECK_DEFAULT=False,  # checked in `check_request` below, for forms only
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        # an upload reaches the server base64-encoded inside Dash's JSON (4/3 larger), plus the callback's state
        MAX_CONTENT_LENGTH=(config.max_upload_mb * 4 // 3 + 2) * 1024 * 1024,
    )


def same_origin(server_url: str, header: str | None) -> bool:
    """Whether an Origin (or Referer) header names this very site (host and port; the scheme is left out so a
    TLS-terminating proxy in front does not make every request look foreign)."""
    if not header or header == "null":
        return False
    return urlsplit(server_url).netloc.lower() == urlsplit(header).netloc.lower()


def allow_embedding(server: Flask, frame_ancestors: str) -> None:
    """Let other sites frame the /embed pages only: their CSP frame-ancestors becomes `frame_ancestors` and
    X-Frame-Options goes (it cannot express a list of sites). Registered before Talisman so that it runs after
    Talisman's own header hook (Flask runs after_request hooks in reverse order of registration)."""

    @server.after_request
    def embed_headers(response):
        if (request.path.rstrip("/") or "/") not in EMBED_PATHS:
            return response
        response.headers.pop("X-Frame-Options", None)
        policy = response.headers.get("Content-Security-Policy")
        if policy:
            parts = [p.strip() for p in policy.split(";") if p.strip() and not p.strip().startswith("frame-ancestors")]
            response.headers["Content-Security-Policy"] = "; ".join([*parts, f"frame-ancestors {frame_ancestors}"])
        return response


def limit_storage(config: Config) -> str:
    """Where rate-limit counts live: Redis, else the file the workers of this server share, else this process."""
    if config.redis_url:
        return config.redis_url
    if config.rate_limit_file:
        return limit_store.uri_for(config.rate_limit_file)
    return "memory://"


def init_security(app: Dash, config: Config) -> tuple[Talisman, Limiter, CSRFProtect]:
    server = app.server
    configure_cookies(server, config)
    allow_embedding(server, config.embed_frame_ancestors.strip() or "'self'")
    talisman = Talisman(
        server, force_https=config.force_https, strict_transport_security=config.force_https,
        session_cookie_secure=config.secure_cookies, content_security_policy=content_security_policy(),
        frame_options="SAMEORIGIN", referrer_policy="strict-origin-when-cross-origin",
    )
    csrf = CSRFProtect(server)
    limiter = Limiter(get_remote_address, app=server,
                      storage_uri=limit_storage(config), key_prefix=f"{config.cache_prefix}limit",
                      headers_enabled=True, in_memory_fallback_enabled=bool(config.redis_url))

    @server.before_request
    def check_request():
        """Refuse a state-changing request from another site; forms must also carry the CSRF token."""
        if request.method not in UNSAFE or request.routing_exception is not None:
            return None  # a method or path no route takes is answered 405 / 404, not as a forged form
        origin = request.headers.get("Origin") or request.headers.get("Referer")
        if origin is not None and not same_origin(request.host_url, origin):
            return refusal(403, "security.cross_site")
        if request.path in DASH_JSON:
            if not request.is_json:
                return refusal(400, "security.not_json")
            return None
        if request.path.startswith("/api/") and request.headers.get("Authorization"):
            return None  # token clients carry no ambient cookie to forge
        csrf.protect()
        return None

    @server.errorhandler(CSRFError)
    def csrf_failed(_err):
        return refusal(400, "security.csrf")

    @server.errorhandler(429)
    def too_many(_err):
        return refusal(429, "security.rate_limited")

    @server.errorhandler(413)
    def too_large(_err):
        return refusal(413, "security.too_large", mb=config.max_upload_mb)

    return talisman, limiter, csrf


def request_lang() -> str:
    lang = request.args.get("lang") or form_value("lang") if request else None
    if lang in ("id", "en"):
        return lang
    best = request.accept_languages.best_match(["id", "en"]) if request else None
    return normalise_lang(best or "id")


def form_value(name: str) -> str | None:
    """A field of a posted form, or None when the body cannot be read (too large, malformed): a refusal must
    never fail while it reads the request it refuses."""
    try:
        return request.form.get(name)
    except HTTPException:
        return None


def error_body(key: str, **values) -> dict:
    """The one JSON error shape of the API and Dash endpoints: the message in both languages."""
    return {"error": {"id": t(key, "id", **values), "en": t(key, "en", **values)}}


def wants_json() -> bool:
    return request.path.startswith(("/api/", "/_dash")) or request.is_json


def refusal(status: int, key: str, **values):
    """A refusal in the caller's language: JSON for API and Dash clients, a small page for browsers."""
    if wants_json():
        return jsonify(error_body(key, **values)), status
    lang = request_lang()
    message = t(key, lang, **values)
    title = t(f"security.status.{status}", lang)
    body = (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
            f'<link rel="stylesheet" href="/assets/00_vendor/bootstrap/bootstrap.min.css"></head>'
            f'<body class="p-4"><div class="alert alert-danger"><h1 class="h4">{title}</h1><p>{message}</p>'
            f'<a href="/">{t("security.home", lang)}</a></div></body></html>')
    return body, status, {"Content-Type": "text/html; charset=utf-8"}


def guard_pages(server: Flask, protected: dict[str, str], login_url, current_access) -> None:
    """Direct loads of a protected page: the public is sent to sign in, a signed-in user without the
    permission gets the app with status 403 (the page itself then says why, in its language)."""

    @server.before_request
    def protect_pages():
        permission = protected.get(request.path.rstrip("/") or "/")
        if permission is None or request.method != "GET":
            return None
        access = current_access()
        if access.can(permission):
            return None
        if not access.signed_in:
            return redirect(login_url(request.full_path.rstrip("?"), request.args.get("lang")))
        g.forbidden_page = True
        return None

    @server.after_request
    def forbidden_status(response):
        if g.get("forbidden_page") and response.status_code == 200:
            response.status_code = 403
        return response
