"""Single sign-on (OpenID Connect): off by default; when on, only known users (or a configured default role) get in."""
import dash

from services import users
from services.auth import sso_account
from services.config import Config
from services.context import AppContext


def _ctx(engine, **settings) -> AppContext:
    return AppContext(engine=engine, config=Config(database_url=str(engine.url), **settings), cache=None)


def test_sso_is_off_by_default(client):
    assert not Config().oidc_enabled
    assert client.get("/auth/sso").status_code != 302


def test_sso_maps_claims_to_known_users_only(engine):
    ctx = _ctx(engine)
    users.add_user(engine, "siti", None, "walidata")
    assert sso_account(ctx, {"preferred_username": "siti"}).role == "walidata"
    assert sso_account(ctx, {"preferred_username": "stranger"}) is None
    assert sso_account(ctx, {"preferred_username": "bad name with spaces"}) is None
    users.update_user(engine, "siti", active=False)
    assert sso_account(ctx, {"preferred_username": "siti"}) is None
    # a password-less (SSO-only) user cannot sign in with a password
    assert users.authenticate(engine, "siti", "") is None


def test_sso_default_role_creates_unknown_users(engine):
    ctx = _ctx(engine, oidc_default_role="analis", oidc_username_claim="email")
    account = sso_account(ctx, {"email": "eko@jabarprov.go.id"})
    assert account.role == "analis" and users.get_user(engine, "eko@jabarprov.go.id").role == "analis"


def test_sso_routes_exist_when_configured(config, engine):
    from dataclasses import replace

    from dashboard import create_app

    dash.page_registry.clear()
    app = create_app(replace(config, oidc_issuer="https://sso.example.go.id/realms/satudata",
                             oidc_client_id="dasbor", oidc_client_secret="s3cret"), engine=engine)
    rules = {r.rule for r in app.server.url_map.iter_rules()}
    dash.page_registry.clear()
    assert {"/auth/sso", "/auth/sso/callback"} <= rules
