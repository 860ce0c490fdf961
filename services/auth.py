"""Sign-in and who is asking: Flask-Login over services.users, the /auth routes, optional OIDC single sign-on,
and `current_access()`, the ONE place an Access is derived from the request. No page layout code here.

Every callback, export and API route calls `current_access()` and hands the result to the query layer.
"""
from __future__ import annotations

import logging
from urllib.parse import urlencode, urlsplit

from flask import Flask, abort, current_app, has_request_context, redirect, request, session
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from data.errors import StoreError
from i18n.urls import PATHS
from services import audit, users
from services.access import PUBLIC, Access
from services.context import AppContext

log = logging.getLogger("services.auth")

LOGIN_PAGE = PATHS["masuk"]
LOGIN_POST = "/auth/masuk"
LOGOUT_POST = "/auth/keluar"
SSO_START = "/auth/sso"
SSO_CALLBACK = "/auth/sso/callback"


class SessionUser(UserMixin):
    """The Flask-Login user: a thin wrapper over a users.Account, reloaded from the store on every request."""

    def __init__(self, account: users.Account):
        self.account = account
        self.id = str(account.id)

    @property
    def is_active(self) -> bool:
        return self.account.active


def current_access() -> Access:
    """The caller's Access: the signed-in user's role, tiers, scope and permissions; the public otherwise.

    Outside a request (CLI, Dash's start-up validation) it is always the public.
    """
    if not has_request_context() or getattr(current_app, "login_manager", None) is None:
        return PUBLIC
    user = current_user._get_current_object()
    if not getattr(user, "is_authenticated", False) or not isinstance(user, SessionUser):
        return PUBLIC
    return user.account.access


def client_ip() -> str | None:
    return request.remote_addr if has_request_context() else None


def safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no host, no //, no backslash) is followed after sign-in."""
    target = (target or "").strip()
    parts = urlsplit(target)
    if not target.startswith("/") or target.startswith("//") or "\\" in target or parts.scheme or parts.netloc:
        return "/"
    return target


def login_url(next_path: str | None = None, lang: str | None = None, **extra: str) -> str:
    params = {k: v for k, v in {"next": next_path, "lang": lang, **extra}.items() if v}
    return LOGIN_PAGE + ("?" + urlencode(params) if params else "")


def init_login(server: Flask, ctx: AppContext) -> LoginManager:
    manager = LoginManager()
    manager.init_app(server)
    manager.session_protection = "basic"

    @manager.user_loader
    def _load(user_id: str):
        try:
            account = users.load_user(ctx.engine, int(user_id))
        except (ValueError, StoreError):
            return None
        return SessionUser(account) if account else None

    @manager.unauthorized_handler
    def _unauthorized():
        return redirect(login_url(request.full_path.rstrip("?")))

    return manager


def register(server: Flask, ctx: AppContext, limiter=None) -> None:
    """The sign-in and sign-out routes (rate-limited when a limiter is given) and, when configured, OIDC."""
    init_login(server, ctx)

    def sign_in():
        form = request.form
        name = (form.get("username") or "").strip()[:100]
        lang = form.get("lang") if form.get("lang") in ("id", "en") else None
        next_path = safe_next(form.get("next"))
        try:
            account = users.authenticate(ctx.engine, name, form.get("password") or "")
        except StoreError:
            abort(503)
        if account is None:
            audit.record(ctx.engine, "login_failed", actor=name or None, success=False, ip=client_ip())
            return redirect(login_url(next_path if next_path != "/" else None, lang, gagal="1"), code=303)
        start_session(account)
        audit.record(ctx.engine, "login", actor=account.username, detail={"role": account.role}, ip=client_ip())
        return redirect(next_path, code=303)

    def sign_out():
        if current_user.is_authenticated:
            audit.record(ctx.engine, "logout", actor=current_user.account.username, ip=client_ip())
        logout_user()
        session.clear()
        return redirect("/", code=303)

    if limiter is not None and ctx.config.login_rate_limit:
        sign_in = limiter.limit(ctx.config.login_rate_limit, methods=["POST"])(sign_in)
    server.add_url_rule(LOGIN_POST, "auth_sign_in", sign_in, methods=["POST"])
    server.add_url_rule(LOGOUT_POST, "auth_sign_out", sign_out, methods=["POST"])
    if ctx.config.oidc_enabled:
        register_sso(server, ctx)


def start_session(account: users.Account) -> None:
    """A fresh session for the signed-in user (nothing from the anonymous session carries over).

    The form token is made here, so the session cookie of the sign-in response already holds it. A signed-in
    (permanent) session is re-sent with every response; were the token made later, by the first /_dash-layout,
    a parallel request of the same page load that answered last would write the session back without it and
    the sign-out form would be refused."""
    session.clear()
    login_user(SessionUser(account), remember=False)
    session.permanent = True
    generate_csrf()


def register_sso(server: Flask, ctx: AppContext) -> None:
    """OpenID Connect sign-in through authlib; only people known here (or a configured default role) get in."""
    from authlib.integrations.flask_client import OAuth  # only when single sign-on is on

    config = ctx.config
    oauth = OAuth(server)
    oauth.register(
        "sso", client_id=config.oidc_client_id, client_secret=config.oidc_client_secret,
        server_metadata_url=config.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email profile"},
    )

    def sso_start():
        return oauth.sso.authorize_redirect(request.host_url.rstrip("/") + SSO_CALLBACK)

    def sso_callback():
        try:
            token = oauth.sso.authorize_access_token()
        except Exception as exc:  # any failure of the provider is a refused sign-in
            log.warning("single sign-on failed: %s", exc.__class__.__name__)
            return redirect(login_url(gagal="sso"), code=303)
        claims = token.get("userinfo") or {}
        account = sso_account(ctx, claims)
        if account is None:
            audit.record(ctx.engine, "login_failed", actor=str(claims.get(config.oidc_username_claim) or "")[:100],
                         success=False, detail={"via": "sso"}, ip=client_ip())
            return redirect(login_url(gagal="sso"), code=303)
        start_session(account)
        audit.record(ctx.engine, "login", actor=account.username, detail={"role": account.role, "via": "sso"},
                     ip=client_ip())
        return redirect("/", code=303)

    server.add_url_rule(SSO_START, "auth_sso", sso_start)
    server.add_url_rule(SSO_CALLBACK, "auth_sso_callback", sso_callback)


def sso_account(ctx: AppContext, claims: dict) -> users.Account | None:
    """The active account for verified OIDC claims: an existing user of that name, or a new one with the
    configured default role; None when neither applies (unknown people are refused by default)."""
    name = str(claims.get(ctx.config.oidc_username_claim) or "").strip()
    if not name or not users.USERNAME.match(name):
        return None
    try:
        account = users.get_user(ctx.engine, name)
    except users.UserError:
        role = ctx.config.oidc_default_role
        if not role:
            return None
        account = users.add_user(ctx.engine, name, None, role)
        audit.record(ctx.engine, "user_add", actor="sso", target=name, detail={"role": role, "via": "sso"})
    return account if account.active else None
