"""Users in the store and on the command line: hashed passwords, roles, scope, stdin passwords, set-tier."""
import io

import pytest

from dashboard.cli import main
from data.errors import NoDataError
from data.schema import User
from services import audit, queries, users
from services.access import AccessDenied, access_for


def test_password_is_stored_hashed_and_checked(engine):
    users.add_user(engine, "budi", "a long secret!", "analis")
    with engine.connect() as conn:
        stored = conn.execute(User.__table__.select()).first().password_hash
    assert "a long secret!" not in stored and stored.startswith(("scrypt:", "pbkdf2:"))
    assert users.authenticate(engine, "budi", "a long secret!").role == "analis"
    assert users.authenticate(engine, "budi", "wrong password") is None
    assert users.authenticate(engine, "nobody", "a long secret!") is None


def test_bad_requests_are_refused(engine):
    with pytest.raises(users.UserError, match="10 characters"):
        users.add_user(engine, "budi", "short", "analis")
    with pytest.raises(users.UserError, match="role"):
        users.add_user(engine, "budi", "a long secret!", "superuser")
    with pytest.raises(users.UserError, match="region"):
        users.add_user(engine, "budi", "a long secret!", "analis", region_scope="99")
    users.add_user(engine, "budi", "a long secret!", "analis", region_scope="32.73")
    assert users.get_user(engine, "budi").region_scope == "3273"
    with pytest.raises(users.UserError, match="exists"):
        users.add_user(engine, "budi", "a long secret!", "analis")


def test_disabled_user_cannot_sign_in_and_session_ends(engine):
    account = users.add_user(engine, "budi", "a long secret!", "walidata")
    users.update_user(engine, "budi", active=False)
    assert users.authenticate(engine, "budi", "a long secret!") is None
    assert users.load_user(engine, account.id) is None


@pytest.fixture
def cli(engine, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", str(engine.url))
    return lambda *argv: main(list(argv))


def test_cli_users_add_reads_password_from_stdin(engine, cli, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("pipe-password-123\n"))
    assert cli("users", "add", "siti", "--role", "produsen", "--agency", "Dinas Kesehatan", "--region", "32") == 0
    account = users.authenticate(engine, "siti", "pipe-password-123")
    assert account is not None and account.role == "produsen" and account.region_scope == "32"
    assert account.agency == "Dinas Kesehatan"
    log = audit.entries(engine, access_for("admin", "root"))
    assert ("user_add", "siti") in set(zip(log["action"], log["target"], strict=True))
    assert cli("users", "set-role", "siti", "walidata") == 0
    assert users.get_user(engine, "siti").role == "walidata"
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert cli("users", "add", "eko", "--role", "analis") == 2
    assert "10 characters" in capsys.readouterr().err


def test_cli_set_tier_hides_indicator_from_public(engine, cli, capsys):
    assert "gini" in set(queries.indicators(engine)["code"])
    assert cli("indicators", "set-tier", "gini", "internal") == 0
    assert "publik -> internal" in capsys.readouterr().out
    assert "gini" not in set(queries.indicators(engine)["code"])
    with pytest.raises(AccessDenied):  # a refusal, told apart from an unknown code
        queries.indicator(engine, "gini")
    with pytest.raises(NoDataError) as unknown:
        queries.indicator(engine, "nope")
    assert not isinstance(unknown.value, AccessDenied)
    assert queries.values_for_period(engine, "gini", "2024-03").empty
    assert not queries.values_for_period(engine, "gini", "2024-03", access=access_for("analis", "a")).empty
    assert cli("indicators", "set-tier", "nope", "internal") == 2
    with pytest.raises(SystemExit):
        cli("indicators", "set-tier", "gini", "secret")
