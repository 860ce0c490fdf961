"""Named target scenarios saved from /skenario (table `scenario`): save, overwrite on request, list, read, delete.
No page layout code here.

Rules (services/access.py): saving and deleting need the `save_scenario` permission (planning roles: analis,
walidata, admin) inside the caller's region scope; listing needs a signed-in staff role (`read_internal`).
Anonymous visitors can still simulate, they just cannot keep a scenario. A name that exists for the same region
and indicator is never replaced silently: `save` raises ScenarioExists unless `overwrite=True` is passed.
"""
from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from data.schema import Scenario, utcnow
from services import queries
from services.access import Access
from services.queries import wraps_store_errors

SAVE_PERMISSION = "save_scenario"
VIEW_PERMISSION = "read_internal"
METHODS = ("linear", "growth")
MAX_NAME = 80
SUGGESTED = ("optimis", "moderat", "pesimis")


class ScenarioRefused(ValueError):
    """A save or delete that is not accepted; `key` names the i18n string that says why."""

    def __init__(self, key: str, **values: object):
        super().__init__(key)
        self.key = key
        self.values = values


class ScenarioExists(ScenarioRefused):
    """The name is taken for this region and indicator; `existing` is the scenario that would be replaced."""

    def __init__(self, existing: SavedScenario):
        super().__init__("skenario.saved.exists", name=existing.name)
        self.existing = existing


@dataclass(frozen=True)
class SavedScenario:
    id: int
    name: str
    region: str
    indicator: str
    base_year: int
    baseline: float
    end_year: int
    target: float
    method: str
    path: tuple[tuple[int, float], ...]
    created_by: str
    created_at: datetime
    updated_by: str | None = None
    updated_at: datetime | None = None

    @property
    def saved_by(self) -> str:
        return self.updated_by or self.created_by

    @property
    def saved_at(self) -> datetime:
        return self.updated_at or self.created_at


def may_save(access: Access, region: str | None = None) -> bool:
    return access.signed_in and access.can(SAVE_PERMISSION) and (region is None or access.owns_region(region))


def may_view(access: Access) -> bool:
    return access.signed_in and access.can(VIEW_PERMISSION)


def clean_name(name: object) -> str:
    """The name as stored: spaces collapsed; refused when empty, too long or holding control characters."""
    text = " ".join(str(name or "").split())
    if not text:
        raise ScenarioRefused("skenario.saved.name_empty")
    if len(text) > MAX_NAME:
        raise ScenarioRefused("skenario.saved.name_long", limit=MAX_NAME)
    if any(unicodedata.category(c).startswith("C") for c in text):
        raise ScenarioRefused("skenario.saved.name_bad")
    return text


_COLUMNS = select(*Scenario.__table__.columns)


def _row(row) -> SavedScenario:
    path = tuple((int(y), float(v)) for y, v in json.loads(row.path))
    return SavedScenario(row.id, row.name, row.region_code, row.indicator_code, int(row.base_year),
                         float(row.baseline), int(row.end_year), float(row.target), row.method, path,
                         row.created_by, row.created_at, row.updated_by, row.updated_at)


def _find(conn, region: str, indicator: str, name: str):
    stmt = _COLUMNS.where(Scenario.region_code == region, Scenario.indicator_code == indicator,
                          Scenario.name == name)
    return conn.execute(stmt).first()


@wraps_store_errors
def save(engine: Engine, access: Access, *, name: str, region: str, indicator: str, base_year: int,
         baseline: float, end_year: int, target: float, method: str, path: Sequence[tuple[int, float]],
         overwrite: bool = False) -> tuple[SavedScenario, bool]:
    """Store the scenario; (the stored scenario, whether an existing one was replaced).

    Raises ScenarioRefused (no permission, bad name or method, empty path) and ScenarioExists (name taken and
    `overwrite` not given); NoDataError when the indicator is not visible to the caller."""
    if not may_save(access, region):
        raise ScenarioRefused("skenario.saved.forbidden")
    name = clean_name(name)
    if method not in METHODS or not path:
        raise ScenarioRefused("skenario.saved.no_path")
    queries.indicator(engine, indicator, access)  # NoDataError / AccessDenied when hidden
    values = {"base_year": int(base_year), "baseline": float(baseline), "end_year": int(end_year),
              "target": float(target), "method": method,
              "path": json.dumps([[int(y), float(v)] for y, v in path])}
    try:
        with engine.begin() as conn:
            existing = _find(conn, region, indicator, name)
            if existing is not None and not overwrite:
                raise ScenarioExists(_row(existing))
            if existing is not None:
                conn.execute(update(Scenario).where(Scenario.id == existing.id)
                             .values(**values, updated_by=access.user, updated_at=utcnow()))
            else:
                conn.execute(insert(Scenario).values(**values, name=name, region_code=region,
                                                     indicator_code=indicator, created_by=access.user,
                                                     created_at=utcnow()))
            stored = _row(_find(conn, region, indicator, name))
    except IntegrityError:  # another request saved the same name between our check and insert
        with engine.connect() as conn:
            raise ScenarioExists(_row(_find(conn, region, indicator, name))) from None
    return stored, existing is not None


@wraps_store_errors
def list_saved(engine: Engine, access: Access, region: str, indicator: str) -> list[SavedScenario]:
    """The saved scenarios of one region and indicator, newest first (empty for callers who may not view)."""
    if not may_view(access) or not access.sees_region(region):
        return []
    queries.indicator(engine, indicator, access)
    stmt = _COLUMNS.where(Scenario.region_code == region, Scenario.indicator_code == indicator)
    with engine.connect() as conn:
        rows = [_row(r) for r in conn.execute(stmt)]
    return sorted(rows, key=lambda s: s.saved_at, reverse=True)


@wraps_store_errors
def get_many(engine: Engine, access: Access, ids: Sequence[int]) -> list[SavedScenario]:
    """The scenarios with these ids that the caller may see, in the order asked."""
    wanted = [int(i) for i in ids]
    if not wanted or not may_view(access):
        return []
    with engine.connect() as conn:
        rows = {r.id: _row(r) for r in conn.execute(_COLUMNS.where(Scenario.id.in_(wanted)))}
    visible = {i: s for i, s in rows.items() if access.sees_region(s.region)}
    tiers_ok = set(queries.indicators(engine, access)["code"])
    return [visible[i] for i in wanted if i in visible and visible[i].indicator in tiers_ok]


@wraps_store_errors
def remove(engine: Engine, access: Access, scenario_id: int) -> SavedScenario:
    """Delete one scenario (the caller must be allowed to save for its region); returns what was deleted."""
    found = get_many(engine, access, [scenario_id])
    if not found or not may_save(access, found[0].region):
        raise ScenarioRefused("skenario.saved.forbidden")
    with engine.begin() as conn:
        conn.execute(delete(Scenario).where(Scenario.id == int(scenario_id)))
    return found[0]
