"""Stored forecasts: fitting series from the store (batch `refit`, after an import the series it touched, after
the first seed every series) and reading them back filtered by Access (`forecasts_for`, `forecast_for`).

A forecast is never fitted across a known series break (dashboard.series_breaks, the one list). Pages never
fit: they read the forecast table only, and a series without a stored forecast shows "proyeksi belum dihitung".
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context

import pandas as pd
from sqlalchemy import delete, exists, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from threadpoolctl import threadpool_limits

from dashboard import queries
from dashboard.access import PUBLIC, Access
from dashboard.queries import _frame, _scope_filter, _tier_filter, wraps_store_errors
from dashboard.series_breaks import BreakRecord, breaks_of
from data.schema import Forecast as ForecastRow
from data.schema import Indicator, Observation, utcnow
from data.store import bump_generation, store_lock
from models.forecast import Break, Forecast, Note, forecast_series

log = logging.getLogger(__name__)
#: Bump when the models change so every stored forecast is refit once.
MODEL_VERSION = "3"
UNTIL_YEAR = 2030
#: Parallel fitting pays off only for very many series: a fit costs about 0.4 ms of CPU, starting a worker
#: process (imports) 1-2 s.
PARALLEL_FROM = 20_000

#: What the forecast note adds to a break's own note (dashboard.series_breaks, the one list of breaks).
_USED = {"papua_split": ("hanya data setelah pemekaran yang dipakai", "only post-split values are used"),
         "basis": ("tidak diproyeksikan melintasi dasar yang berbeda", "not forecast across different bases")}


def _break(record: BreakRecord) -> Break:
    used_id, used_en = _USED.get(record["kind"], _USED["basis"])
    return Break(record["starts"], Note(record["kind"], f"{record['note_id']}; {used_id}.",
                                        f"{record['note_en']}; {used_en}."))


#: Indicators never forecast, with the reason shown instead.
NOT_FORECAST: dict[str, Note] = {
    "indeks_spbe": Note("thin", "Data Indeks SPBE terlalu tipis (kutipan berita, keyakinan rendah); tidak "
                        "diproyeksikan.", "SPBE index data are too thin (news quotes, low confidence); no "
                        "forecast is made."),
}
#: For semester series, the survey month that stands for a target year (BPS headline: poverty and Gini in
#: March, unemployment in August).
TARGET_MONTH = {"p0": "03", "gini": "03", "tpt": "08"}


def breaks_for(indicator: str, region: str) -> tuple[Break, ...]:
    """The known breaks of one series (from dashboard.series_breaks); a forecast is fitted after the last."""
    return tuple(_break(r) for r in breaks_of(indicator, region))


def model_frequency(frequency: str | None) -> str:
    return "semester" if frequency == "semester" else "annual"


def input_hash(indicator: str, frequency: str, periods: Sequence[str], values: Sequence[float],
               region: str = "") -> str:
    payload = json.dumps([MODEL_VERSION, UNTIL_YEAR, indicator, frequency,
                          [(b.period, b.note.code) for b in breaks_for(indicator, region)],
                          list(periods), [round(float(v), 9) for v in values]])
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class SeriesJob:
    indicator: str
    region: str
    frequency: str
    periods: tuple[str, ...]
    values: tuple[float, ...]

    @property
    def hash(self) -> str:
        return input_hash(self.indicator, self.frequency, self.periods, self.values, self.region)


def run_job(job: SeriesJob) -> Forecast:
    """Fit one series (module level so worker processes can run it)."""
    if job.indicator in NOT_FORECAST:
        return Forecast(None, reason=NOT_FORECAST[job.indicator], used_periods=job.periods)
    return forecast_series(job.periods, job.values, job.frequency, until_year=UNTIL_YEAR,
                           breaks=breaks_for(job.indicator, job.region))


def _run_chunk(jobs: list[SeriesJob]) -> list[Forecast]:
    with threadpool_limits(1):
        return [run_job(j) for j in jobs]


# ------------------------------------------------------------------ reading series and stored rows
def _jobs(engine: Engine, keys: Iterable[tuple[str, str]] | None = None,
          indicator: str | None = None) -> list[SeriesJob]:
    """Series from the current observations: every one, those of `indicator`, or the given (indicator, region)."""
    stmt = (select(Observation.indicator_code, Observation.region_code, Observation.period, Observation.value)
            .where(Observation.is_current.is_(True)))
    wanted = None
    if keys is not None:
        wanted = set(keys)
        stmt = stmt.where(Observation.indicator_code.in_(sorted({i for i, _ in wanted})))
        regions = sorted({r for _, r in wanted})
        if len(regions) <= 200:
            stmt = stmt.where(Observation.region_code.in_(regions))
    if indicator:
        stmt = stmt.where(Observation.indicator_code == indicator)
    frame = _frame(engine, stmt)
    freq = dict(_frame(engine, select(Indicator.code, Indicator.frequency)).itertuples(index=False))
    jobs = []
    for (ind, reg), group in frame.sort_values("period").groupby(["indicator_code", "region_code"], sort=True):
        if wanted is not None and (ind, reg) not in wanted:
            continue
        jobs.append(SeriesJob(ind, reg, model_frequency(freq.get(ind)), tuple(group["period"]),
                              tuple(float(v) for v in group["value"])))
    return jobs


def _stored_hashes(engine: Engine, indicator: str | None = None) -> dict[tuple[str, str], str]:
    stmt = select(ForecastRow.indicator_code, ForecastRow.region_code, ForecastRow.input_hash)
    if indicator:
        stmt = stmt.where(ForecastRow.indicator_code == indicator)
    with engine.connect() as conn:
        return {(i, r): h for i, r, h in conn.execute(stmt).all()}


def _row(job: SeriesJob, result: Forecast) -> dict:
    dumps = lambda v: json.dumps(v, ensure_ascii=False)  # noqa: E731
    data = result.to_dict()
    return {
        "indicator_code": job.indicator, "region_code": job.region, "model": result.model, "step": result.step,
        "mase": result.mase, "points": dumps(data["points"]), "fitted": dumps(data["fitted"]),
        "candidates": dumps(data["candidates"]), "notes": dumps(data["notes"]),
        "used_periods": dumps(data["used_periods"]),
        "reason_code": result.reason.code if result.reason else None,
        "reason_id": result.reason.id if result.reason else None,
        "reason_en": result.reason.en if result.reason else None,
        "n_points": len(result.used_periods), "input_hash": job.hash, "fitted_at": utcnow(),
    }


def _store(engine: Engine, pairs: Sequence[tuple[SeriesJob, Forecast]]) -> None:
    if not pairs:
        return
    rows = [_row(j, f) for j, f in pairs]
    try:
        with engine.begin() as conn:
            for start in range(0, len(rows), 300):
                chunk = rows[start:start + 300]
                for r in chunk:
                    conn.execute(delete(ForecastRow).where(ForecastRow.indicator_code == r["indicator_code"],
                                                           ForecastRow.region_code == r["region_code"]))
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
    jobs = _jobs(engine, keys)
    stored = _stored_hashes(engine)
    report = RefitReport()
    todo = [j for j in jobs if force or stored.get((j.indicator, j.region)) != j.hash]
    report.unchanged = len(jobs) - len(todo)
    results = _fit_all(todo, processes, progress)
    for f in results:
        report.refused += not f.ok
        if f.ok:
            report.models[f.model] = report.models.get(f.model, 0) + 1
    report.fitted = len(todo)
    _store(engine, list(zip(todo, results, strict=True)))
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
        except Exception:  # noqa: BLE001 - a background task: log it, the app keeps serving
            log.exception("first refit failed; run `python -m dashboard refit`")
            return
        log.info("first refit: %d series fitted (%d already stored) in %.1f s", report.fitted, report.unchanged,
                 time.perf_counter() - started)

    thread = threading.Thread(target=work, name="first-refit", daemon=True)
    thread.start()
    return thread


def _fit_all(jobs: list[SeriesJob], processes: int, progress: bool) -> list[Forecast]:
    bar = None
    if progress:
        from tqdm import tqdm  # noqa: PLC0415

        bar = tqdm(total=len(jobs), unit="series", desc="refit")
    try:
        if processes > 1 and len(jobs) >= PARALLEL_FROM:
            size = 25
            chunks = [jobs[i:i + size] for i in range(0, len(jobs), size)]
            out: list[Forecast] = []
            with ProcessPoolExecutor(max_workers=processes, mp_context=get_context("spawn")) as pool:
                for part in pool.map(_run_chunk, chunks):
                    out.extend(part)
                    if bar is not None:
                        bar.update(len(part))
            return out
        out = []
        with threadpool_limits(1):  # BLAS threads only fight each other on these tiny problems
            for job in jobs:
                out.append(run_job(job))
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
    except Exception:  # noqa: BLE001 - the import itself succeeded; the forecast is derived and can be rebuilt
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
    scope = _scope_filter(access, ForecastRow.region_code)
    if scope is not None:
        stmt = stmt.where(scope)
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return {row.region_code: _from_row(row) for row in rows
            if (wanted is None or row.region_code in wanted) and access.sees_region(row.region_code)}


def forecast_for(engine: Engine, indicator: str, region: str, access: Access = PUBLIC) -> Forecast | None:
    """One series' stored forecast; None when none is stored (not yet computed) or the series is hidden."""
    return forecasts_for(engine, indicator, [region], access).get(region)


@wraps_store_errors
def stored_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return len(conn.execute(select(ForecastRow.id)).all())


def indicator_visible(engine: Engine, indicator: str, access: Access) -> bool:
    return bool((_frame(engine, select(Indicator.code).where(Indicator.code == indicator,
                                                              _tier_filter(access)))).shape[0])


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
    keys = [(j.indicator, j.region) for j in _jobs(engine, indicator=indicator)]
    return refit_series(engine, keys, **kwargs)
