"""The query layer: every read the pages, API and exports make, filtered by the caller's Access.

Returns pandas frames or plain values; raises data.errors.NoDataError / StoreError, never SQLAlchemy errors.
The reads the pages repeat are @cached_query: on an app's engine they go through its shared cache, keyed by
the store's generation (see services/cache.py); the signatures are the same either way.
Current rows are filtered with the bare `Observation.is_current`, never `.is_(True)`: PostgreSQL only uses the
partial indexes (`WHERE is_current`) for the former (`IS TRUE` fell back to a scan of all rows; bench/store.py).
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import wraps

import pandas as pd
from sqlalchemy import String, and_, bindparam, case, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from data.errors import NoDataError, StoreError
from data.schema import ImportBatch, Indicator, IndicatorCategory, Observation, Region, Target
from services.access import ALL_TIERS, PUBLIC, PUBLIC_TIERS, Access, AccessDenied
from services.cache import cached_query


def wraps_store_errors(fn):
    """Turn driver errors into StoreError so callers never see SQLAlchemy."""

    @wraps(fn)
    def inner(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except SQLAlchemyError as exc:
            raise StoreError(f"{fn.__name__}: {exc.__class__.__name__}") from exc

    return inner


def read_frame(engine: Engine, stmt) -> pd.DataFrame:
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


def tier_filter(access: Access):
    return Indicator.tier.in_(sorted(access.tiers))


def scope_filter(access: Access, column, indicator_column):
    """A region scope narrows only what is not public: values of a public indicator are the same for everyone,
    values of an internal or excluded one only for the regions in (and above) the scope. None: no narrowing."""
    if access.region_scope is None:
        return None
    scope = access.region_scope
    inside = (column == "ID") | (column == scope[:2]) | column.like(f"{scope}%")
    return inside | indicator_column.in_(select(Indicator.code).where(Indicator.tier.in_(sorted(PUBLIC_TIERS))))


def _series_quality():
    """`confidence`: the quality flag EVERY current value of the indicator carries (e.g. Indeks SPBE: all quoted
    from press reports), else None. Derived from the per-observation flag, the one mechanism; a series with only
    some flagged values (stunting 2023) is flagged per value (services.provenance), not as a whole."""
    q = Observation.__table__.alias("q")
    shared = and_(func.count() == func.count(q.c.quality), func.min(q.c.quality) == func.max(q.c.quality))
    return (select(case((shared, func.max(q.c.quality)), else_=None))
            .where(q.c.indicator_code == Indicator.code, q.c.is_current).scalar_subquery().label("confidence"))


@cached_query
@wraps_store_errors
def indicators(engine: Engine, access: Access = PUBLIC) -> pd.DataFrame:
    """Every indicator the caller may see, in display order, with its metadata."""
    stmt = (select(*Indicator.__table__.columns, _series_quality()).where(tier_filter(access))
            .order_by(Indicator.sort_order, Indicator.code))
    return read_frame(engine, stmt)


@cached_query
@wraps_store_errors
def indicator(engine: Engine, indicator: str, access: Access = PUBLIC) -> dict:
    """One indicator's metadata; NoDataError when unknown or not visible to the caller."""
    stmt = select(*Indicator.__table__.columns, _series_quality()).where(Indicator.code == indicator, tier_filter(access))
    with engine.connect() as conn:
        row = conn.execute(stmt).mappings().first()
    if row is None:
        with engine.connect() as conn:
            exists = conn.scalar(select(Indicator.code).where(Indicator.code == indicator))
        if exists:
            raise AccessDenied(f"indicator {indicator!r} is not open to this caller")
        raise NoDataError(f"indicator {indicator!r} not found")
    return dict(row)


@cached_query
@wraps_store_errors
def regions(engine: Engine, level: str | None = None, parent: str | None = None,
            access: Access = PUBLIC) -> pd.DataFrame:
    """Regions (code, name, level, parent_code, kind: desa/kelurahan for villages) by level and/or parent, sorted by code."""
    stmt = select(Region.code, Region.name, Region.level, Region.parent_code, Region.kind).order_by(Region.code)
    if level:
        stmt = stmt.where(Region.level == level)
    if parent:
        stmt = stmt.where(under(Region.code, Region.parent_code, parent, level))
    del access  # region names and codes are public: a region scope narrows values, never the region list
    return read_frame(engine, stmt)


#: The levels pages pick a region from (Indonesia, provinces, kab/kota): 553 rows. Kecamatan and desa (91,047 once
#: the villages are loaded) are reached through their kab/kota, never listed whole on a page.
PAGE_LEVELS = ("country", "province", "regency")


@cached_query
@wraps_store_errors
def page_regions(engine: Engine, access: Access = PUBLIC) -> pd.DataFrame:
    """The regions of PAGE_LEVELS (code, name, level, parent_code), sorted by code."""
    stmt = (select(Region.code, Region.name, Region.level, Region.parent_code)
            .where(Region.level.in_(PAGE_LEVELS)).order_by(Region.code))
    del access  # region names and codes are public
    return read_frame(engine, stmt)


def under(code_column, parent_column, parent: str, level: str | None):
    """The regions under `parent`: with a `level`, every region of that level inside it (level=village, parent=3201:
    the desa/kelurahan of Kab. Bogor, two levels down); without, its direct children. Kemendagri codes nest (a
    desa's code begins with its kecamatan's, kab/kota's and province's), so "inside" is a range on the code that
    the primary key answers."""
    if not level:
        return parent_column == parent
    if parent == "ID":
        return code_column != "ID"
    return and_(code_column > parent, code_column < parent + ":")  # ':' sorts right after '9'


@cached_query
@wraps_store_errors
def regions_by_code(engine: Engine, codes: Sequence[str]) -> pd.DataFrame:
    """The regions among `codes` that exist (code, name, level, parent_code, kind), sorted by code: what a page
    needs of a few chosen regions, without reading all 91,047 once the villages are loaded (1.7 s on /tren)."""
    wanted = sorted({str(c) for c in codes})
    stmt = (select(Region.code, Region.name, Region.level, Region.parent_code, Region.kind)
            .where(Region.code.in_(wanted)).order_by(Region.code))
    return read_frame(engine, stmt)


@cached_query
@wraps_store_errors
def level_counts(engine: Engine) -> dict[str, int]:
    """How many regions each level has ({"province": 38, "regency": 514, ...})."""
    stmt = select(Region.level, func.count()).group_by(Region.level)
    with engine.connect() as conn:
        return {str(level): int(n) for level, n in conn.execute(stmt).all()}


@cached_query
@wraps_store_errors
def region(engine: Engine, code: str) -> dict:
    with engine.connect() as conn:
        row = conn.execute(select(Region.code, Region.name, Region.level, Region.parent_code, Region.kind)
                           .where(Region.code == code)).mappings().first()
    if row is None:
        raise NoDataError(f"region {code!r} not found")
    return dict(row)


def visible_indicator(access: Access):
    return Observation.indicator_code.in_(select(Indicator.code).where(tier_filter(access)))


def _param(name: str):
    return bindparam(name, None, type_=String)


@cached_query
@wraps_store_errors
def values_for_period(engine: Engine, indicator: str, period: str, level: str | None = None,
                      parent: str | None = None, access: Access = PUBLIC) -> pd.DataFrame:
    """One indicator for every region of `level` (optionally under `parent`) in one period. With a level, "under"
    is every region of that level inside the parent (level=village, parent=3201: the desa of Kab. Bogor), as in
    `regions`; without, the parent's direct children."""
    def build():
        stmt = (select(Observation.region_code, Region.name, Observation.value, Observation.status)
                .join(Region, Region.code == Observation.region_code)
                .where(Observation.indicator_code == _param("indicator"), Observation.period == _param("period"),
                       Observation.is_current, visible_indicator(access))
                .order_by(Observation.region_code))
        if level:
            stmt = stmt.where(Region.level == _param("level"))
        if parent and level:  # Kemendagri codes nest: a range on the code the primary key answers
            stmt = stmt.where(Observation.region_code > _param("parent"), Observation.region_code < _param("parent_end"))
        elif parent:
            stmt = stmt.where(Region.parent_code == _param("parent"))
        scope = scope_filter(access, Observation.region_code, Observation.indicator_code)
        return stmt if scope is None else stmt.where(scope)

    parent = None if parent == "ID" else parent
    shape = ("period", bool(level), bool(parent), _access_key(access))
    return _fast_frame(engine, shape, build, {"indicator": indicator, "period": period, "level": level,
                                              "parent": parent, "parent_end": f"{parent}:" if parent else None})


@cached_query
@wraps_store_errors
def series(engine: Engine, indicator: str, region_codes: list[str] | tuple[str, ...],
           access: Access = PUBLIC) -> pd.DataFrame:
    """The current values of one indicator for some regions over all periods (region_code, period, value, status)."""
    codes = list(region_codes)

    def build():
        stmt = (select(Observation.region_code, Observation.period, Observation.value, Observation.status)
                .where(Observation.indicator_code == _param("indicator"),
                       Observation.region_code.in_([_param(f"r{i}") for i in range(len(codes))]),
                       Observation.is_current, visible_indicator(access))
                .order_by(Observation.region_code, Observation.period))
        scope = scope_filter(access, Observation.region_code, Observation.indicator_code)
        return stmt if scope is None else stmt.where(scope)

    if not codes:
        return pd.DataFrame(columns=["region_code", "period", "value", "status"])
    shape = ("series", len(codes), _access_key(access))
    return _fast_frame(engine, shape, build, {"indicator": indicator} | {f"r{i}": c for i, c in enumerate(codes)})


@cached_query
@wraps_store_errors
def region_values(engine: Engine, region_code: str, access: Access = PUBLIC) -> pd.DataFrame:
    """Every current value of one region, all visible indicators (indicator_code, period, value, status)."""
    readable = access if access.sees_region(region_code) else PUBLIC  # outside the scope: what the public reads
    stmt = (select(Observation.indicator_code, Observation.period, Observation.value, Observation.status)
            .where(Observation.region_code == region_code, Observation.is_current,
                   visible_indicator(readable))
            .order_by(Observation.indicator_code, Observation.period))
    return read_frame(engine, stmt)


@cached_query
@wraps_store_errors
def periods(engine: Engine, indicator: str, level: str | None = None, access: Access = PUBLIC) -> list[str]:
    """Periods in which the indicator has at least one value (at `level` if given), oldest first."""
    stmt = (select(Observation.period).distinct()
            .where(Observation.indicator_code == indicator, Observation.is_current,
                   visible_indicator(access)))
    if level:
        stmt = stmt.join(Region, Region.code == Observation.region_code).where(Region.level == level)
    with engine.connect() as conn:
        return sorted(conn.scalars(stmt).all())


@cached_query
@wraps_store_errors
def availability(engine: Engine, indicator: str, access: Access = PUBLIC) -> pd.DataFrame:
    """How many regions of each level have a value, per period (period, level, regions)."""
    stmt = (select(Observation.period, Region.level, func.count().label("regions"))
            .join(Region, Region.code == Observation.region_code)
            .where(Observation.indicator_code == indicator, Observation.is_current,
                   visible_indicator(access))
            .group_by(Observation.period, Region.level).order_by(Observation.period))
    return read_frame(engine, stmt)


@wraps_store_errors
def observations(engine: Engine, indicator: str, access: Access = PUBLIC) -> pd.DataFrame:
    """Every current value of one indicator with region names, for downloads."""
    stmt = (select(Observation.indicator_code.label("indicator"), Observation.region_code.label("region"),
                   Region.name.label("region_name"), Region.level, Observation.period, Observation.value,
                   Observation.status)
            .join(Region, Region.code == Observation.region_code)
            .where(Observation.indicator_code == indicator, Observation.is_current,
                   visible_indicator(access))
            .order_by(Region.level, Observation.region_code, Observation.period))
    scope = scope_filter(access, Observation.region_code, Observation.indicator_code)
    if scope is not None:
        stmt = stmt.where(scope)
    return read_frame(engine, stmt)


@cached_query
@wraps_store_errors
def last_loaded(engine: Engine, access: Access = PUBLIC) -> dict[str, object]:
    """When each visible indicator's current values were last loaded (indicator_code -> datetime)."""
    stmt = (select(Observation.indicator_code, func.max(ImportBatch.created_at))
            .join(ImportBatch, ImportBatch.id == Observation.batch_id)
            .where(Observation.is_current, visible_indicator(access))
            .group_by(Observation.indicator_code))
    with engine.connect() as conn:
        return dict(conn.execute(stmt).all())


@cached_query
@wraps_store_errors
def targets(engine: Engine, indicator: str | None = None, region_code: str | None = None,
            access: Access = PUBLIC) -> pd.DataFrame:
    """Plan targets (indicator_code, region_code, year, low, high, plan, source) visible to the caller."""
    stmt = (select(Target.indicator_code, Target.region_code, Target.year, Target.low, Target.high,
                   Target.plan, Target.source)
            .join(Indicator, Indicator.code == Target.indicator_code)
            .where(tier_filter(access)).order_by(Target.indicator_code, Target.region_code, Target.year))
    conditions = []
    if indicator:
        conditions.append(Target.indicator_code == indicator)
    if region_code:
        conditions.append(Target.region_code == region_code)
    if conditions:
        stmt = stmt.where(and_(*conditions))
    scope = scope_filter(access, Target.region_code, Target.indicator_code)
    if scope is not None:
        stmt = stmt.where(scope)
    return read_frame(engine, stmt)


UNPUBLISHED = ("diajukan", "dikembalikan")


def batch_tier_filter(access: Access):
    """Batches that hold no value of an indicator hidden from the caller (their file name, hash and counts would
    tell of it): by their own indicator, and for a batch of several indicators by its values. None: no narrowing."""
    if access.tiers >= ALL_TIERS:
        return None
    hidden = select(Indicator.code).where(Indicator.tier.not_in(sorted(access.tiers)))
    holds = [select(table.indicator_code).where(table.batch_id == ImportBatch.id, table.indicator_code.in_(hidden))
             .exists() for table in (Observation, Target)]
    own = or_(ImportBatch.indicator_code.is_(None), ImportBatch.indicator_code.not_in(hidden))
    return and_(own, *[~held for held in holds])


def batch_filter(access: Access):
    """Batches the caller may see: those of indicators it may see (batch_tier_filter), published ones; submitted
    and returned ones only for their uploader and the reviewers (walidata, admin). None: no restriction."""
    tiers = batch_tier_filter(access)
    if access.can("approve"):
        return tiers
    published = ImportBatch.status.not_in(UNPUBLISHED)
    status = published | (ImportBatch.created_by == access.user) if access.user else published
    return status if tiers is None else and_(tiers, status)


@wraps_store_errors
def batches(engine: Engine, access: Access = PUBLIC, limit: int = 200) -> pd.DataFrame:
    """The import history the caller may see, newest first."""
    stmt = select(*ImportBatch.__table__.columns).order_by(ImportBatch.id.desc()).limit(limit)
    if (visible := batch_filter(access)) is not None:
        stmt = stmt.where(visible)
    return read_frame(engine, stmt)


@cached_query
@wraps_store_errors
def indicator_summary(engine: Engine, access: Access = PUBLIC) -> pd.DataFrame:
    """Per visible indicator: first and last period, number of current values and of regions."""
    stmt = (select(Observation.indicator_code, func.min(Observation.period).label("first_period"),
                   func.max(Observation.period).label("last_period"), func.count().label("values"),
                   func.count(func.distinct(Observation.region_code)).label("regions"))
            .where(Observation.is_current, visible_indicator(access))
            .group_by(Observation.indicator_code))
    return read_frame(engine, stmt)


@cached_query
@wraps_store_errors
def categories(engine: Engine, indicator: str) -> pd.DataFrame:
    """The categories of a categorical indicator (value, label_id, label_en), in value order; empty for a numeric one."""
    stmt = (select(IndicatorCategory.value, IndicatorCategory.label_id, IndicatorCategory.label_en)
            .where(IndicatorCategory.indicator_code == indicator).order_by(IndicatorCategory.value))
    return read_frame(engine, stmt)
