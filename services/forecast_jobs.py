"""A forecast job: one (indicator, region) series as the store holds it, how it is fitted (the grid after its
breaks and survey month, its pooled calibration group) and the hash that says whether its stored forecast is
still current. No SQL here: services.forecasts reads the jobs from the store and stores what `run_job` returns.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from threadpoolctl import threadpool_limits

from models.calibration import LEVEL_ORIGINS, ORIGINS, Calibration, backtest_errors, calibrate, level_quantiles
from models.forecast import Break, Forecast, Grid, Note, build_grid, forecast_series
from services.series_breaks import BreakRecord, breaks_of

#: Bump when the models change so every stored forecast is refit once.
MODEL_VERSION = "5"  # 5: forecasts held inside the indicator's valid range
UNTIL_YEAR = 2030
#: Parallel fitting pays off only for very many series: a fit costs about 0.4 ms of CPU, starting a worker
#: process (imports) 1-2 s.
PARALLEL_FROM = 20_000

#: What the forecast note adds to a break's own note (services.series_breaks, the one list of breaks).
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
    """The known breaks of one series (from services.series_breaks); a forecast is fitted after the last."""
    return tuple(_break(r) for r in breaks_of(indicator, region))


def model_frequency(frequency: str | None) -> str:
    return "semester" if frequency == "semester" else "annual"


def input_hash(indicator: str, frequency: str, periods: Sequence[str], values: Sequence[float],
               region: str = "", bounds: tuple[float | None, float | None] = (None, None)) -> str:
    payload = json.dumps([MODEL_VERSION, UNTIL_YEAR, indicator, frequency, list(bounds),
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
    bounds: tuple[float | None, float | None] = (None, None)  # the indicator's valid range (min_value, max_value)

    @property
    def hash(self) -> str:
        return input_hash(self.indicator, self.frequency, self.periods, self.values, self.region, self.bounds)


#: Annual figures of a semester indicator that BPS states for one survey month. Kab/kota poverty (P0): BPS
#: estimates it from the March Susenas only (the round with a kab/kota-representative sample; BPS kab/kota releases
#: read "Profil Kemiskinan ... Maret YYYY", and the bundled 2021-2024 kab/kota tables' province rows equal BPS's
#: "Semester 1 (Maret)" figures, data/seed/indicators/SOURCE.md). So a kab/kota P0 value labelled only "2020" is
#: fitted as March 2020. Only for the fit: the stored period stays as published.
YEAR_MONTH = {("p0", "regency"): "03"}


#: Series are fitted for Indonesia, provinces and kab/kota only: a kecamatan or desa code (6 or 10 digits) has one
#: IDM year per village, and 300,000 one-point series would only store "too few points".
FORECAST_CODE_LENGTH = 4


def level_of(region: str) -> str:
    """The pooling level of a region: kab/kota, or provinces (Indonesia is pooled with them)."""
    return "regency" if len(region) == 4 else "province"


def fit_periods(job: SeriesJob) -> tuple[str, ...]:
    month = YEAR_MONTH.get((job.indicator, level_of(job.region)))
    if month is None:
        return job.periods
    return tuple(f"{p}-{month}" if len(p) == 4 and p.isdigit() else p for p in job.periods)


def built_grid(job: SeriesJob) -> tuple[Grid | None, list[Note]]:
    """build_grid's answer for a job: the grid it is fitted on (breaks, the survey month above) and the notes on
    what was left out; (None, []) for an indicator never forecast."""
    if job.indicator in NOT_FORECAST:
        return None, []
    return build_grid(fit_periods(job), job.values, job.frequency, breaks_for(job.indicator, job.region))


def series_grid(job: SeriesJob) -> Grid | None:
    """The grid a job is fitted on (breaks, the survey month above), or None when nothing is left."""
    return built_grid(job)[0]


def group_key(job: SeriesJob, grid: Grid) -> tuple[str, str, str]:
    return job.indicator, level_of(job.region), grid.step


def calibrations(jobs: Iterable[SeriesJob], grids: dict | None = None) -> dict[tuple[str, str, str], Calibration | None]:
    """The pooled calibration (models.calibration) of every group (indicator, level, grid step) among `jobs`, blended
    with its level's pool (every indicator of the level among `jobs`)."""
    groups: dict[tuple[str, str, str], list[Grid]] = {}
    for job in jobs:
        grid = grids[job.indicator, job.region] if grids is not None else series_grid(job)
        if grid is not None:
            groups.setdefault(group_key(job, grid), []).append(grid)
    wide = {key: backtest_errors(grids, LEVEL_ORIGINS) for key, grids in groups.items()}  # once per group: the
    levels = {level: level_quantiles([e for key, e in sorted(wide.items()) if key[1] == level])  # level's pool and,
              for level in sorted({key[1] for key in groups})}  # cut to its latest origins, the group's own
    return {key: calibrate(grids, level=levels[key[1]], errors=wide[key].latest_origins(ORIGINS))
            for key, grids in sorted(groups.items())}


def calibration_for(job: SeriesJob, found: dict, grid: Grid | None = None) -> Calibration | None:
    grid = grid or series_grid(job)
    return None if grid is None else found.get(group_key(job, grid))


def run_job(job: SeriesJob, calibration: Calibration | None = None,
            built: tuple[Grid | None, list[Note]] | None = None) -> Forecast:
    """Fit one series (module level so worker processes can run it); `built`: its built_grid when known."""
    if job.indicator in NOT_FORECAST:
        return Forecast(None, reason=NOT_FORECAST[job.indicator], used_periods=job.periods)
    periods = fit_periods(job)
    result = forecast_series(periods, job.values, job.frequency, until_year=UNTIL_YEAR,
                             breaks=breaks_for(job.indicator, job.region), calibration=calibration,
                             bounds=job.bounds, built=built)
    if periods == job.periods:
        return result
    published = dict(zip(periods, job.periods, strict=True))  # the periods as stored, not as fitted
    return replace(result, used_periods=tuple(published.get(p, p) for p in result.used_periods))


def run_chunk(pairs: list[tuple[SeriesJob, Calibration | None]]) -> list[Forecast]:
    with threadpool_limits(1):
        return [run_job(j, c) for j, c in pairs]
