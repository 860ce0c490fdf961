"""The people who sign in: creating them, checking passwords, changing roles. Passwords only as salted hashes.

No Flask here; services/auth.py wires these into Flask-Login. Raises data.errors.StoreError, never SQLAlchemy.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from data.errors import StoreError
from data.schema import Region, User, utcnow
from services.access import ROLES, Access, access_for
from services.queries import wraps_store_errors

USERNAME = re.compile(r"^[A-Za-z0-9._@-]{2,100}$")
MIN_PASSWORD = 10
#: Checked against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class UserError(ValueError):
    """A request about users that cannot be carried out (bad name, role, region, weak password, unknown user)."""


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    role: str
    agency: str | None
    region_scope: str | None
    active: bool
    last_login_at: datetime | None = None

    @property
    def access(self) -> Access:
        return access_for(self.role, self.username, self.region_scope, self.agency)


def _account(row) -> Account:
    return Account(id=row.id, username=row.username, role=row.role, agency=row.agency,
                   region_scope=row.region_scope, active=row.active, last_login_at=row.last_login_at)


def _check(engine: Engine, role: str, region: str | None) -> None:
    if role not in ROLES or role == "publik":
        raise UserError(f"unknown role {role!r}; one of {', '.join(r for r in ROLES if r != 'publik')}")
    if region:
        with engine.connect() as conn:
            level = conn.scalar(select(Region.level).where(Region.code == region))
        if level not in {"province", "regency"}:
            raise UserError(f"region scope {region!r} is not a province or kabupaten/kota code")


@wraps_store_errors
def add_user(engine: Engine, username: str, password: str | None, role: str, agency: str | None = None,
             region_scope: str | None = None) -> Account:
    """Create a user; `password` None means single sign-on only. UserError when the request is not valid."""
    if not USERNAME.match(username or ""):
        raise UserError("a user name is 2-100 letters, digits or . _ @ -")
    if password is not None and len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")
    region_scope = (region_scope or "").replace(".", "").strip() or None
    _check(engine, role, region_scope)
    try:
        with engine.begin() as conn:
            conn.execute(insert(User).values(
                username=username, password_hash=generate_password_hash(password) if password else None,
                role=role, agency=agency or None, region_scope=region_scope, active=True, created_at=utcnow()))
    except IntegrityError as exc:
        raise UserError(f"user {username!r} exists already") from exc
    return get_user(engine, username)


@wraps_store_errors
def get_user(engine: Engine, username: str) -> Account:
    with engine.connect() as conn:
        row = conn.execute(select(User.__table__).where(User.username == username)).first()
    if row is None:
        raise UserError(f"no user {username!r}")
    return _account(row)


@wraps_store_errors
def load_user(engine: Engine, user_id: int) -> Account | None:
    """The active user with this id, or None (a disabled or deleted user's session ends at once)."""
    with engine.connect() as conn:
        row = conn.execute(select(User.__table__).where(User.id == user_id, User.active.is_(True))).first()
    return _account(row) if row else None


@wraps_store_errors
def list_users(engine: Engine) -> list[Account]:
    with engine.connect() as conn:
        return [_account(r) for r in conn.execute(select(User.__table__).order_by(User.username)).all()]


@wraps_store_errors
def authenticate(engine: Engine, username: str, password: str) -> Account | None:
    """The active user whose password matches, else None (same work whether or not the name exists)."""
    with engine.connect() as conn:
        row = conn.execute(select(User.__table__).where(User.username == (username or "").strip())).first()
    user = row
    stored = user.password_hash if user is not None and user.password_hash else _DUMMY_HASH
    ok = check_password_hash(stored, password or "")
    if user is None or not user.password_hash or not ok or not user.active:
        return None
    with engine.begin() as conn:
        conn.execute(update(User).where(User.id == user.id).values(last_login_at=utcnow()))
    return _account(user)


@wraps_store_errors
def update_user(engine: Engine, username: str, *, role: str | None = None, agency: str | None = None,
                region_scope: str | None = None, active: bool | None = None,
                password: str | None = None) -> Account:
    """Change a user's role, agency, scope, state or password (empty string for agency/scope clears it)."""
    current = get_user(engine, username)
    values: dict = {"updated_at": utcnow()}
    if role is not None or region_scope is not None:
        scope = current.region_scope if region_scope is None else (region_scope.replace(".", "").strip() or None)
        _check(engine, role or current.role, scope)
        values["role"], values["region_scope"] = role or current.role, scope
    if agency is not None:
        values["agency"] = agency.strip() or None
    if active is not None:
        values["active"] = active
    if password is not None:
        if len(password) < MIN_PASSWORD:
            raise UserError(f"a password needs at least {MIN_PASSWORD} characters")
        values["password_hash"] = generate_password_hash(password)
    with engine.begin() as conn:
        conn.execute(update(User).where(User.username == username).values(**values))
    return get_user(engine, username)


__all__ = ["Account", "StoreError", "UserError", "add_user", "authenticate", "get_user", "list_users",
           "load_user", "update_user"]
