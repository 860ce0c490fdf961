"""Stored forecasts: fitting series from the store (batch `refit`, after an import the series it touched, after
the first seed every series) and reading them back filtered by Access (`forecasts_for`, `forecast_for`).

A forecast is never fitted across a known series break (services.series_breaks, the one list). Pages never
fit: they read the forecast table only, and a series without a stored forecast shows "proyeksi belum dihitung".
"""
from __future__ import annotations

import hashlib
import json
import logging
import math
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import groupby
from multiprocessing import get_context

import pandas as pd
from sqlalchemy import delete, exists, func, insert, select, tuple_
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from threadpoolctl import threadpool_limits
from tqdm import tqdm

from data.schema import Forecast as ForecastRow
from data.schema import Indicator, Observation, utcnow
from data.store import bump_generation, store_lock
from models.calibration import Calibration
from models.forecast import Forecast, Note
from services import queries
from services.access import PUBLIC, Access
from services.forecast_jobs import (
    FORECAST_CODE_LENGTH,
    PARALLEL_FROM,
    SeriesJob,
    built_grid,
    calibration_for,
    calibrations,
    model_frequency,
    run_chunk,
    run_job,
)
from services.queries import read_frame, scope_filter, tier_filter, wraps_store_errors

log = logging.getLogger(__name__)
# ------------------------------------------------------------------ reading series and stored rows
def read_jobs(engine: Engine, keys: Iterable[tuple[str, str]] | None = None,
          indicator: str | None = None) -> list[SeriesJob]:
    """Series from the current observations: every one, those of `indicator`, or the given (indicator, region)."""
    stmt = (select(Observation.indicator_code, Observation.region_code, Observation.period, Observation.value)
            .where(Observation.is_current.is_(True), func.length(Observation.region_code) <= FORECAST_CODE_LENGTH))
    wanted = None
    if keys is not None:
        wanted = set(keys)
        stmt = stmt.where(Observation.indicator_code.in_(sorted({i for i, _ in wanted})))
        regions = sorted({r for _, r in wanted})
        if len(regions) <= 200:
            stmt = stmt.where(Observation.region_code.in_(regions))
    if indicator:
        stmt = stmt.where(Observation.indicator_code == indicator)
    frame = read_frame(engine, stmt)
    meta = {code: (frequency, (_bound(low), _bound(high))) for code, frequency, low, high in read_frame(
        engine, select(Indicator.code, Indicator.frequency, Indicator.min_value, Indicator.max_value)
    ).itertuples(index=False)}
    jobs = []
    frame = frame.sort_values(["indicator_code", "region_code", "period"], kind="stable")
    rows = zip(frame["indicator_code"].tolist(), frame["region_code"].tolist(), frame["period"].tolist(),
               frame["value"].tolist(), strict=True)
    for (ind, reg), group in groupby(rows, key=lambda row: (row[0], row[1])):  # plain lists: 7,000 pandas groups
        if wanted is not None and (ind, reg) not in wanted:  # cost seconds
            continue
        series = list(group)
        frequency, bounds = meta.get(ind, (None, (None, None)))
        jobs.append(SeriesJob(ind, reg, model_frequency(frequency), tuple(r[2] for r in series),
                              tuple(float(r[3]) for r in series), bounds))
    return jobs


def _bound(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _stored_hashes(engine: Engine, indicator: str | None = None) -> dict[tuple[str, str], str]:
    stmt = select(ForecastRow.indicator_code, ForecastRow.region_code, ForecastRow.input_hash)
    if indicator:
        stmt = stmt.where(ForecastRow.indicator_code == indicator)
    with engine.connect() as conn:
        return {(i, r): h for i, r, h in conn.execute(stmt).all()}


def _row(job: SeriesJob, result: Forecast, digest: str) -> dict:
    dumps = lambda v: json.dumps(v, ensure_ascii=False)
    data = result.to_dict()
    return {
        "indicator_code": job.indicator, "region_code": job.region, "model": result.model, "step": result.step,
        "mase": result.mase, "points": dumps(data["points"]), "fitted": dumps(data["fitted"]),
        "candidates": dumps(data["candidates"]), "notes": dumps(data["notes"]),
        "used_periods": dumps(data["used_periods"]),
        "reason_code": result.reason.code if result.reason else None,
        "reason_id": result.reason.id if result.reason else None,
        "reason_en": result.reason.en if result.reason else None,
        "n_points": len(result.used_periods), "input_hash": digest, "fitted_at": utcnow(),
    }


def job_hash(job: SeriesJob, calibration: Calibration | None, reprs: dict[int, str] | None = None) -> str:
    """The job's input hash with its group's calibration: a changed pool refits the series on a full refit.
    `reprs`: the calibrations' repr by id, when many jobs share them."""
    text = reprs[id(calibration)] if reprs is not None and id(calibration) in reprs else repr(calibration)
    return hashlib.sha256((job.hash + text).encode()).hexdigest()


def _store(engine: Engine, triples: Sequence[tuple[SeriesJob, Forecast, str]]) -> None:
    if not triples:
        return
    rows = [_row(j, f, h) for j, f, h in triples]
    try:
        with engine.begin() as conn:
            for start in range(0, len(rows), 300):
                chunk = rows[start:start + 300]
                pairs = [(r["indicator_code"], r["region_code"]) for r in chunk]
                conn.execute(delete(ForecastRow).where(
                    tuple_(ForecastRow.indicator_code, ForecastRow.region_code).in_(pairs)))
                conn.execute(insert(ForecastRow), chunk)
            bump_generation(conn)  # pages cached per store generation show the new forecasts
    except IntegrityError:  # another request stored the same series meanwhile: theirs is as good
        log.info("forecast rows stored concurrently; kept the other copy")


def _from_row(row) -> Forecast:
    reason = Note(row.reason_code or "", row.reason_id, row.reason_en or "") if row.reason_id else None
    return Forecast.from_dict({
        "model": row.model, "points": json.loads(row.points), "fitted": json.loads(row.fitted),
        "mase": row.mase, "candidates": json.loads(row.candidates), "notes": json.loads(row.notes),
        "used_periods": json.loads(row.used_periods), "step": row.step,
        "reason": reason.__dict__ if reason else None})


# ------------------------------------------------------------------ batch refit
@dataclass
class RefitReport:
    fitted: int = 0
    unchanged: int = 0
    refused: int = 0
    removed: int = 0
    models: dict[str, int] = field(default_factory=dict)


def refit_series(engine: Engine, keys: Iterable[tuple[str, str]] | None = None, *, processes: int = 1,
                 force: bool = False, progress: bool = False) -> RefitReport:
    """Refit the forecasts of `keys` ((indicator, region) pairs; None = every series) whose input changed.

    Call it after an import commits, with the keys the import touched. Series that no longer have values
    lose their stored forecast. `processes` > 1 fits in worker processes when there are many series.
    """
    keys = None if keys is None else list(dict.fromkeys(keys))
    jobs = read_jobs(engine, keys)
    pool = jobs if keys is None else [j for i in sorted({i for i, _ in keys}) for j in read_jobs(engine, indicator=i)]
    built = {(j.indicator, j.region): built_grid(j) for j in pool}
    grids = {key: grid for key, (grid, _) in built.items()}
    found = calibrations(pool, grids)  # pooled over every region of the indicator, not only the touched ones
    cals = {(j.indicator, j.region): calibration_for(j, found, grids[j.indicator, j.region]) for j in jobs}
    digests = {id(c): repr(c) for c in found.values()}  # one repr per group, not per series
    hashes = {(j.indicator, j.region): job_hash(j, cals[j.indicator, j.region], digests) for j in jobs}
    stored = _stored_hashes(engine)
    report = RefitReport()
    todo = [j for j in jobs if force or stored.get((j.indicator, j.region)) != hashes[j.indicator, j.region]]
    report.unchanged = len(jobs) - len(todo)
    results = _fit_all([(j, cals[j.indicator, j.region], built[j.indicator, j.region]) for j in todo], processes,
                       progress)
    for f in results:
        report.refused += not f.ok
        if f.ok:
            report.models[f.model] = report.models.get(f.model, 0) + 1
    report.fitted = len(todo)
    _store(engine, [(j, f, hashes[j.indicator, j.region]) for j, f in zip(todo, results, strict=True)])
    present = {(j.indicator, j.region) for j in jobs}
    gone = [k for k in (stored if keys is None else keys) if k not in present and k in stored]
    if gone:
        with engine.begin() as conn:
            for ind, reg in gone:
                conn.execute(delete(ForecastRow).where(ForecastRow.indicator_code == ind,
                                                       ForecastRow.region_code == reg))
            bump_generation(conn)
        report.removed = len(gone)
    return report


@wraps_store_errors
def forecasts_missing(engine: Engine) -> bool:
    """A store with values but no stored forecast (made before forecasts were stored, or a refit that never ran):
    the first start fits them, as after a seed, instead of leaving every page saying "not computed yet"."""
    with engine.connect() as conn:
        return bool(conn.scalar(select(exists().where(Observation.is_current))) and
                    not conn.scalar(select(exists().select_from(ForecastRow))))


def fit_every_series(engine: Engine) -> RefitReport:
    """Fit every series of a new (or never fitted) store under the store lock: servers and gunicorn workers starting
    together on it each ask for this while the first fit is still running; the first one fits, the others wait and
    then find every series unchanged (nothing fitted twice)."""
    with store_lock(engine):
        return refit_series(engine, None, processes=1)


def refit_in_background(engine: Engine) -> threading.Thread:
    """Fit every series once in a daemon thread (after the first seed, so the app starts serving at once; pages
    say "proyeksi belum dihitung" until a series is stored). Failures are logged; `refit` can be rerun."""

    def work() -> None:
        started = time.perf_counter()
        try:
            report = fit_every_series(engine)
        except Exception:  # a background task: log it, the app keeps serving
            log.exception("first refit failed; run `python -m dashboard refit`")
            return
        log.info("first refit: %d series fitted (%d already stored) in %.1f s", report.fitted, report.unchanged,
                 time.perf_counter() - started)

    thread = threading.Thread(target=work, name="first-refit", daemon=True)
    thread.start()
    return thread


def _fit_all(jobs: list[tuple[SeriesJob, Calibration | None, tuple]], processes: int, progress: bool
             ) -> list[Forecast]:
    bar = None
    if progress:
        bar = tqdm(total=len(jobs), unit="series", desc="refit")
    try:
        if processes > 1 and len(jobs) >= PARALLEL_FROM:
            size = 25
            chunks = [[(j, c) for j, c, _ in jobs[i:i + size]] for i in range(0, len(jobs), size)]
            out: list[Forecast] = []
            with ProcessPoolExecutor(max_workers=processes, mp_context=get_context("spawn")) as pool:
                for part in pool.map(run_chunk, chunks):
                    out.extend(part)
                    if bar is not None:
                        bar.update(len(part))
            return out
        out = []
        with threadpool_limits(1):  # BLAS threads only fight each other on these tiny problems
            for job, calibration, built in jobs:
                out.append(run_job(job, calibration, built))
                if bar is not None:
                    bar.update(1)
        return out
    finally:
        if bar is not None:
            bar.close()


def refit_touched(engine: Engine, keys: Iterable[tuple[str, str]]) -> RefitReport | None:
    """Refit the series an import or rollback touched (after its commit). A failure is logged, never raised: the
    data are committed already, and `python -m dashboard refit` catches up."""
    keys = sorted(set(keys))
    if not keys:
        return None
    try:
        return refit_series(engine, keys)
    except Exception:  # the import itself succeeded; the forecast is derived and can be rebuilt
        log.exception("refit after import failed for %d series", len(keys))
        return None


def touched_keys(prepared) -> list[tuple[str, str]]:
    """The (indicator, region) pairs of a committed import (data.ingest.Prepared)."""
    frame = getattr(prepared, "frame", None)
    if frame is None or frame.empty:
        return []
    return sorted(set(zip(frame["indicator_code"].astype(str), frame["region_code"].astype(str), strict=True)))


def batch_keys(engine: Engine, batch_id: int) -> list[tuple[str, str]]:
    """The (indicator, region) pairs one import batch wrote or replaced."""
    stmt = (select(Observation.indicator_code, Observation.region_code).distinct()
            .where((Observation.batch_id == batch_id) | (Observation.replaced_by_batch_id == batch_id)))
    with engine.connect() as conn:
        return [(i, r) for i, r in conn.execute(stmt).all()]


# ------------------------------------------------------------------ reads for pages (stored only)
@wraps_store_errors
def forecasts_for(engine: Engine, indicator: str, regions: Sequence[str] | None = None,
                  access: Access = PUBLIC) -> dict[str, Forecast]:
    """Stored forecasts of one indicator (all regions, or `regions`) that `access` may read. Never fits: a series
    without a stored forecast is simply absent (pages say "proyeksi belum dihitung"); `refit` and the import
    path keep the table current. An indicator the caller cannot see gives {}."""
    if indicator not in set(queries.indicators(engine, access)["code"]):
        return {}
    stmt = select(ForecastRow).where(ForecastRow.indicator_code == indicator)
    wanted = None if regions is None else set(regions)
    if wanted is not None and len(wanted) <= 500:
        stmt = stmt.where(ForecastRow.region_code.in_(sorted(wanted)))
    scope = scope_filter(access, ForecastRow.region_code, ForecastRow.indicator_code)
    if scope is not None:
        stmt = stmt.where(scope)
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return {row.region_code: _from_row(row) for row in rows
            if wanted is None or row.region_code in wanted}


def forecast_for(engine: Engine, indicator: str, region: str, access: Access = PUBLIC) -> Forecast | None:
    """One series' stored forecast; None when none is stored (not yet computed) or the series is hidden."""
    return forecasts_for(engine, indicator, [region], access).get(region)


@wraps_store_errors
def stored_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return len(conn.execute(select(ForecastRow.id)).all())


def indicator_visible(engine: Engine, indicator: str, access: Access) -> bool:
    return bool((read_frame(engine, select(Indicator.code).where(Indicator.code == indicator,
                                                              tier_filter(access)))).shape[0])


def to_frame(results: dict[str, Forecast]) -> pd.DataFrame:
    """One row per region: model, MASE and the first forecast point (for tables and exports)."""
    rows = []
    for region, f in sorted(results.items()):
        first = f.points[0] if f.points else None
        rows.append({"region_code": region, "model": f.model, "mase": f.mase,
                     "next_period": first.period if first else None, "next_mean": first.mean if first else None,
                     "reason": f.reason.en if f.reason else None})
    return pd.DataFrame(rows)


def refit_indicator(engine: Engine, indicator: str, **kwargs) -> RefitReport:
    """Refit every series of one indicator."""
    keys = [(j.indicator, j.region) for j in read_jobs(engine, indicator=indicator)]
    return refit_series(engine, keys, **kwargs)
