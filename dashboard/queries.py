"""The query layer: every read the pages, API and exports make, filtered by the caller's Access.

Returns pandas frames or plain values; raises data.errors.NoDataError / StoreError, never SQLAlchemy errors.
The reads the pages repeat are @cached_query: on an app's engine they go through its shared cache, keyed by
the store's generation (see dashboard/cache.py); the signatures are the same either way.
Current rows are filtered with the bare `Observation.is_current`, never `.is_(True)`: PostgreSQL only uses the
partial indexes (`WHERE is_current`) for the former (`IS TRUE` fell back to a scan of all rows; bench/store.py).
"""
from __future__ import annotations

from functools import wraps

import pandas as pd
from sqlalchemy import String, and_, bindparam, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from dashboard.access import PUBLIC, Access, AccessDenied
from dashboard.cache import cached_query
from data.errors import NoDataError, StoreError
from data.schema import ImportBatch, Indicator, Observation, Region, Target


def wraps_store_errors(fn):
    """Turn driver errors into StoreError so callers never see SQLAlchemy."""

    @wraps(fn)
    def inner(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except SQLAlchemyError as exc:
            raise StoreError(f"{fn.__name__}: {exc.__class__.__name__}") from exc

    return inner


def _frame(engine: Engine, stmt) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(stmt)
        # Plain tuples: pandas probes each SQLAlchemy Row with hasattr(), which cost ~10 ms per 500 rows.
        return pd.DataFrame([tuple(row) for row in result.all()], columns=list(result.keys()))


#: (dialect, query shape) -> (SQL text, positional parameter order or None, constant parameters, column names)
_COMPILED: dict[tuple, tuple[str, tuple | None, dict, list[str]]] = {}


def _access_key(access: Access) -> tuple:
    return tuple(sorted(access.tiers)), access.region_scope


def _fast_frame(engine: Engine, shape: tuple, build, values: dict) -> pd.DataFrame:
    """The hot page queries: SQL compiled once per shape, rows read straight from the DBAPI cursor.

    At 10 million rows the index search itself takes ~0.5 ms; building the SQLAlchemy statement, compiling
    its cache key and wrapping every row in a Row took 3-5 ms more (bench/store.py). Executing through the
    Connection keeps the pool, the engine's events and the driver-error wrapping.
    """
    key = (engine.dialect.name, shape)
    compiled = _COMPILED.get(key)
    if compiled is None:
        stmt = build()
        done = stmt.compile(dialect=engine.dialect, compile_kwargs={"render_postcompile": True})
        compiled = (str(done), done.positiontup, dict(done.params), list(stmt.selected_columns.keys()))
        _COMPILED[key] = compiled
    sql, order, constants, columns = compiled
    params = constants | values
    with engine.connect() as conn:
        result = conn.exec_driver_sql(sql, tuple(params[k] for k in order) if order else params)
        rows = result.cursor.fetchall()
        result.close()
    return pd.DataFrame.from_records(rows, columns=columns) if rows else pd.DataFrame(columns=columns)


def _tier_filter(access: Access):
    return Indicator.tier.in_(sorted(access.tiers))


def _scope_filter(access: Access, column):
    if access.region_scope is None:
        return None
    scope = access.region_scope
    return (column == "ID") | (column == scope[:2]) | column.like(f"{scope}%")


@cached_query
@wraps_store_errors
def indicators(engine: Engine, access: Access = PUBLIC) -> pd.DataFrame:
    """Every indicator the caller may see, in display order, with its metadata."""
    stmt = (select(*Indicator.__table__.columns).where(_tier_filter(access))
            .order_by(Indicator.sort_order, Indicator.code))
    return _frame(engine, stmt)


@cached_query
@wraps_store_errors
def indicator(engine: Engine, code: str, access: Access = PUBLIC) -> dict:
    """One indicator's metadata; NoDataError when unknown or not visible to the caller."""
    stmt = select(*Indicator.__table__.columns).where(Indicator.code == code, _tier_filter(access))
    with engine.connect() as conn:
        row = conn.execute(stmt).mappings().first()
    if row is None:
        with engine.connect() as conn:
            exists = conn.scalar(select(Indicator.code).where(Indicator.code == code))
        if exists:
            raise AccessDenied(f"indicator {code!r} is not open to this caller")
        raise NoDataError(f"indicator {code!r} not found")
    return dict(row)


@cached_query
@wraps_store_errors
def regions(engine: Engine, level: str | None = None, parent: str | None = None,
            access: Access = PUBLIC) -> pd.DataFrame:
    """Regions (code, name, level, parent_code) by level and/or parent, sorted by code."""
    stmt = select(Region.code, Region.name, Region.level, Region.parent_code).order_by(Region.code)
    if level:
        stmt = stmt.where(Region.level == level)
    if parent:
        stmt = stmt.where(Region.parent_code == parent)
    scope = _scope_filter(access, Region.code)
    if scope is not None:
        stmt = stmt.where(scope)
    return _frame(engine, stmt)


@cached_query
@wraps_store_errors
def region(engine: Engine, code: str) -> dict:
    with engine.connect() as conn:
        row = conn.execute(select(Region.code, Region.name, Region.level, Region.parent_code)
                           .where(Region.code == code)).mappings().first()
    if row is None:
        raise NoDataError(f"region {code!r} not found")
    return dict(row)


def _visible_indicator(access: Access):
    return Observation.indicator_code.in_(select(Indicator.code).where(_tier_filter(access)))


def _param(name: str):
    return bindparam(name, None, type_=String)


@cached_query
@wraps_store_errors
def values_for_period(engine: Engine, indicator_code: str, period: str, level: str | None = None,
                      parent: str | None = None, access: Access = PUBLIC) -> pd.DataFrame:
    """One indicator for every region of `level` (optionally under `parent`) in one period."""
    def build():
        stmt = (select(Observation.region_code, Region.name, Observation.value, Observation.status)
                .join(Region, Region.code == Observation.region_code)
                .where(Observation.indicator_code == _param("indicator"), Observation.period == _param("period"),
                       Observation.is_current, _visible_indicator(access))
                .order_by(Observation.region_code))
        if level:
            stmt = stmt.where(Region.level == _param("level"))
        if parent:
            stmt = stmt.where(Region.parent_code == _param("parent"))
        scope = _scope_filter(access, Observation.region_code)
        return stmt if scope is None else stmt.where(scope)

    shape = ("period", bool(level), bool(parent), _access_key(access))
    return _fast_frame(engine, shape, build, {"indicator": indicator_code, "period": period, "level": level,
                                              "parent": parent})


@cached_query
@wraps_store_errors
def series(engine: Engine, indicator_code: str, region_codes: list[str] | tuple[str, ...],
           access: Access = PUBLIC) -> pd.DataFrame:
    """The current values of one indicator for some regions over all periods (region_code, period, value, status)."""
    codes = list(region_codes)

    def build():
        stmt = (select(Observation.region_code, Observation.period, Observation.value, Observation.status)
                .where(Observation.indicator_code == _param("indicator"),
                       Observation.region_code.in_([_param(f"r{i}") for i in range(len(codes))]),
                       Observation.is_current, _visible_indicator(access))
                .order_by(Observation.region_code, Observation.period))
        scope = _scope_filter(access, Observation.region_code)
        return stmt if scope is None else stmt.where(scope)

    if not codes:
        return pd.DataFrame(columns=["region_code", "period", "value", "status"])
    shape = ("series", len(codes), _access_key(access))
    return _fast_frame(engine, shape, build, {"indicator": indicator_code} | {f"r{i}": c for i, c in enumerate(codes)})


@cached_query
@wraps_store_errors
def region_values(engine: Engine, region_code: str, access: Access = PUBLIC) -> pd.DataFrame:
    """Every current value of one region, all visible indicators (indicator_code, period, value, status)."""
    stmt = (select(Observation.indicator_code, Observation.period, Observation.value, Observation.status)
            .where(Observation.region_code == region_code, Observation.is_current,
                   _visible_indicator(access))
            .order_by(Observation.indicator_code, Observation.period))
    if not access.sees_region(region_code):
        return pd.DataFrame(columns=["indicator_code", "period", "value", "status"])
    return _frame(engine, stmt)


@cached_query
@wraps_store_errors
def periods(engine: Engine, indicator_code: str, level: str | None = None, access: Access = PUBLIC) -> list[str]:
    """Periods in which the indicator has at least one value (at `level` if given), oldest first."""
    stmt = (select(Observation.period).distinct()
            .where(Observation.indicator_code == indicator_code, Observation.is_current,
                   _visible_indicator(access)))
    if level:
        stmt = stmt.join(Region, Region.code == Observation.region_code).where(Region.level == level)
    with engine.connect() as conn:
        return sorted(conn.scalars(stmt).all())


@cached_query
@wraps_store_errors
def availability(engine: Engine, indicator_code: str, access: Access = PUBLIC) -> pd.DataFrame:
    """How many regions of each level have a value, per period (period, level, regions)."""
    stmt = (select(Observation.period, Region.level, func.count().label("regions"))
            .join(Region, Region.code == Observation.region_code)
            .where(Observation.indicator_code == indicator_code, Observation.is_current,
                   _visible_indicator(access))
            .group_by(Observation.period, Region.level).order_by(Observation.period))
    return _frame(engine, stmt)


@wraps_store_errors
def observations(engine: Engine, indicator_code: str, access: Access = PUBLIC) -> pd.DataFrame:
    """Every current value of one indicator with region names, for downloads."""
    stmt = (select(Observation.indicator_code.label("indicator"), Observation.region_code.label("region"),
                   Region.name.label("region_name"), Region.level, Observation.period, Observation.value,
                   Observation.status)
            .join(Region, Region.code == Observation.region_code)
            .where(Observation.indicator_code == indicator_code, Observation.is_current,
                   _visible_indicator(access))
            .order_by(Region.level, Observation.region_code, Observation.period))
    scope = _scope_filter(access, Observation.region_code)
    if scope is not None:
        stmt = stmt.where(scope)
    return _frame(engine, stmt)


@cached_query
@wraps_store_errors
def last_loaded(engine: Engine, access: Access = PUBLIC) -> dict[str, object]:
    """When each visible indicator's current values were last loaded (indicator_code -> datetime)."""
    stmt = (select(Observation.indicator_code, func.max(ImportBatch.created_at))
            .join(ImportBatch, ImportBatch.id == Observation.batch_id)
            .where(Observation.is_current, _visible_indicator(access))
            .group_by(Observation.indicator_code))
    with engine.connect() as conn:
        return dict(conn.execute(stmt).all())


@cached_query
@wraps_store_errors
def targets(engine: Engine, indicator_code: str | None = None, region_code: str | None = None,
            access: Access = PUBLIC) -> pd.DataFrame:
    """Plan targets (indicator_code, region_code, year, low, high, plan, source) visible to the caller."""
    stmt = (select(Target.indicator_code, Target.region_code, Target.year, Target.low, Target.high,
                   Target.plan, Target.source)
            .join(Indicator, Indicator.code == Target.indicator_code)
            .where(_tier_filter(access)).order_by(Target.indicator_code, Target.region_code, Target.year))
    conditions = []
    if indicator_code:
        conditions.append(Target.indicator_code == indicator_code)
    if region_code:
        conditions.append(Target.region_code == region_code)
    if conditions:
        stmt = stmt.where(and_(*conditions))
    scope = _scope_filter(access, Target.region_code)
    if scope is not None:
        stmt = stmt.where(scope)
    return _frame(engine, stmt)


UNPUBLISHED = ("diajukan", "dikembalikan")


def batch_filter(access: Access):
    """Batches the caller may see: published ones; submitted and returned ones only for their uploader and the
    reviewers (walidata, admin). None: no restriction."""
    if access.can("approve"):
        return None
    published = ImportBatch.status.not_in(UNPUBLISHED)
    return published | (ImportBatch.created_by == access.user) if access.user else published


@wraps_store_errors
def batches(engine: Engine, access: Access = PUBLIC, limit: int = 200) -> pd.DataFrame:
    """The import history the caller may see, newest first."""
    stmt = select(*ImportBatch.__table__.columns).order_by(ImportBatch.id.desc()).limit(limit)
    if (visible := batch_filter(access)) is not None:
        stmt = stmt.where(visible)
    return _frame(engine, stmt)


@cached_query
@wraps_store_errors
def indicator_summary(engine: Engine, access: Access = PUBLIC) -> pd.DataFrame:
    """Per visible indicator: first and last period, number of current values and of regions."""
    stmt = (select(Observation.indicator_code, func.min(Observation.period).label("first_period"),
                   func.max(Observation.period).label("last_period"), func.count().label("values"),
                   func.count(func.distinct(Observation.region_code)).label("regions"))
            .where(Observation.is_current, _visible_indicator(access))
            .group_by(Observation.indicator_code))
    return _frame(engine, stmt)
