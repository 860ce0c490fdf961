"""The sign-in page: the form (with this session's CSRF token); the sign-in itself is the /auth/masuk route."""
from __future__ import annotations

from dash import Dash
from flask import has_request_context
from flask_wtf.csrf import generate_csrf

from i18n import normalise_lang
from layouts import masuk
from services.auth import current_access, safe_next
from services.context import AppContext


def csrf_token() -> str:
    return generate_csrf() if has_request_context() else ""


def page(ctx: AppContext):
    def layout(lang: str | None = None, next: str | None = None, gagal: str | None = None, **_query):
        lang = normalise_lang(lang or ctx.config.default_lang)
        access = current_access()
        return masuk.layout(lang, csrf_token(), safe_next(next), failed=gagal, user=access.user,
                            role=access.role, sso=ctx.config.oidc_enabled)

    return layout


def register(app: Dash, ctx: AppContext) -> None:
    """No callbacks: the form posts to /auth/masuk (rate-limited, CSRF-checked)."""
