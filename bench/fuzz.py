"""Fuzzing the import path: generated and mutated CSV/XLSX files (bench.fuzz_inputs) committed to a throwaway
seeded SQLite store, in a subprocess under a memory cap.

    python -m bench fuzz                       FUZZ_INPUTS inputs (default 100,000) over FUZZ_WORKERS processes (1),
                                               writes bench/results/fuzz.json
    python -m bench.fuzz --worker N SEED       the worker itself (prints its figures as JSON)

Every input goes through `ingest.commit` (which validates, diffs and writes in one transaction); every 25th also
through the CLI's dry run (`services.importing.run_file`). Counted: accepted, refused, crashes (any exception but
a refusal), refusals with a problem that names no reason in both languages, refused commits after which the
store's fingerprint changed, and the worker's peak memory. Crashing inputs are kept in bench/scratch/fuzz-crashes/.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from sqlalchemy import text

from bench.fuzz_inputs import generate, seed_grids
from data import ingest
from data.errors import ValidationError
from data.ingest.regions import RegionResolver
from data.seed import load_seed
from data.store import open_engine
from services.importing import run_file

ROOT = Path(__file__).resolve().parent.parent
CRASHES = ROOT / "bench" / "scratch" / "fuzz-crashes"
MEMORY_CAP_MB = int(os.environ.get("FUZZ_MEMORY_MB", "3072"))
DRY_RUN_EVERY = 25
PROGRESS = ROOT / "bench" / "scratch" / "fuzz-progress.json"  # one per worker seed


def store_hash(engine) -> str:
    """A fingerprint of everything a commit writes: observations, batches, indicators and the cache generation
    (which every write path bumps, so a flipped is_current shows too)."""

    with engine.connect() as conn:
        row = conn.execute(text(  # each aggregate alone: SQLite answers count(*) and max(id) from an index
            "SELECT (SELECT count(*) FROM observation), (SELECT max(id) FROM observation), "
            "(SELECT count(*) FROM import_batch), (SELECT max(id) FROM import_batch), (SELECT count(*) FROM indicator), "
            "(SELECT value FROM store_info WHERE key = 'cache_generation')")).one()
    return hashlib.sha256(repr(tuple(row)).encode()).hexdigest()


def unnamed(problems) -> int:
    """Problems that do not say where (row/column, or the file) and why in both languages."""
    bad = 0
    for p in problems:
        where_ok = (p.row is None or (isinstance(p.row, int) and p.row > 0)) and (p.column is None or str(p.column))
        reason_ok = all(isinstance(r, str) and r.strip() and "Traceback" not in r for r in (p.reason_id, p.reason_en))
        bad += not (where_ok and reason_ok)
    return bad


class Tally:
    def __init__(self) -> None:
        self.counts = {"inputs": 0, "crashes": 0, "refused": 0, "accepted": 0, "unnamed_refusals": 0,
                       "store_changed_after_refusal": 0, "dry_runs": 0, "dry_run_crashes": 0}
        self.samples: list[str] = []

    def crash(self, where: str, content: bytes, name: str, exc: BaseException) -> None:
        self.counts["crashes" if where == "commit" else "dry_run_crashes"] += 1
        if len(self.samples) < 20:
            CRASHES.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256(content).hexdigest()[:12]
            (CRASHES / f"{digest}-{name}").write_bytes(content)
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            self.samples.append(f"{where}: {exc.__class__.__name__}: {str(exc)[:160]} at {frame.filename}:"
                                f"{frame.lineno} ({digest}-{name})")


def one(engine, resolver, content: bytes, name: str, tally: Tally, dry_run: bool) -> None:
    tally.counts["inputs"] += 1
    options = ingest.ImportOptions()
    if dry_run:
        tally.counts["dry_runs"] += 1
        try:
            run_file(engine, content, name, options, dry_run=True, user="fuzz", out=lambda _line: None)
        except Exception as exc:  # counted: the CLI must never show a traceback
            tally.crash("dry-run", content, name, exc)
    before = store_hash(engine)
    try:
        ingest.commit(engine, content, name, options, user="fuzz", note="fuzz input", resolver=resolver)
    except ValidationError as refused:
        tally.counts["refused"] += 1
        tally.counts["unnamed_refusals"] += unnamed(refused.problems) > 0
        tally.counts["store_changed_after_refusal"] += store_hash(engine) != before
    except Exception as exc:  # this is what the fuzz looks for
        tally.crash("commit", content, name, exc)
    else:
        tally.counts["accepted"] += 1


def worker(count: int, seed: int) -> dict:
    rng, grids, tally = random.Random(seed), seed_grids(), Tally()
    kinds = {"csv": 0, "xlsx": 0}
    with tempfile.TemporaryDirectory() as folder:
        engine = open_engine(f"sqlite:///{Path(folder) / 'fuzz.db'}")
        load_seed(engine)
        with engine.connect() as conn:
            resolver = RegionResolver(conn)
        started = time.perf_counter()
        for number in range(count):
            content, name = generate(rng, grids)
            kinds["xlsx" if name.endswith(".xlsx") else "csv"] += 1
            one(engine, resolver, content, name, tally, dry_run=number % DRY_RUN_EVERY == 0)
            if number % 2000 == 1999:  # a long run can be followed (and its figures read if it is stopped)
                PROGRESS.parent.mkdir(parents=True, exist_ok=True)
                progress = {**tally.counts, "seconds": round(time.perf_counter() - started)}
                PROGRESS.with_name(f"fuzz-progress-{seed}.json").write_text(json.dumps(progress))
        seconds = time.perf_counter() - started
        engine.dispose()
    return {**tally.counts, **{f"{k}_inputs": v for k, v in kinds.items()}, "seconds": round(seconds, 1),
            "inputs_per_s": round(count / seconds, 1) if seconds else None,
            "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "crash_samples": tally.samples}


def _cap_memory() -> None:
    cap = MEMORY_CAP_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def run(count: int, seed: int = 21, workers: int = 1) -> dict:
    """`workers` worker subprocesses (each its own store) under the memory cap, their figures summed; a worker
    that dies counts as a crash."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    shares = [count // workers + (i < count % workers) for i in range(workers)]
    running = [subprocess.Popen([sys.executable, "-m", "bench.fuzz", "--worker", str(n), str(seed + i)], cwd=ROOT,
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                preexec_fn=_cap_memory) for i, n in enumerate(shares)]
    results = []
    for n, process in zip(shares, running, strict=True):
        out, err = process.communicate()
        lines = out.strip().splitlines()
        results.append(json.loads(lines[-1]) if process.returncode == 0 and lines else
                       {"inputs": n, "crashes": 1, "worker_failed": err[-2000:]})
    total: dict = {}
    for result in results:
        for key, value in result.items():
            if isinstance(value, int | float) and key not in ("seconds", "inputs_per_s", "worker_peak_rss_mb"):
                total[key] = total.get(key, 0) + value
    seconds = max(r.get("seconds", 0) for r in results)
    peak = max([r.get("worker_peak_rss_mb", 0) for r in results] +
               [resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024])
    return {**total, "workers": workers, "seconds": seconds, "inputs_per_s": round(count / seconds, 1) if seconds else None,
            "peak_rss_mb": round(peak, 1), "memory_cap_mb": MEMORY_CAP_MB, "seed": seed,
            "crash_samples": [s for r in results for s in r.get("crash_samples", [])],
            "worker_failed": [r["worker_failed"] for r in results if "worker_failed" in r]}


def main() -> dict:
    return run(int(os.environ.get("FUZZ_INPUTS", "100000")), workers=int(os.environ.get("FUZZ_WORKERS", "1")))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        print(json.dumps(worker(int(sys.argv[2]), int(sys.argv[3]))))
    else:
        print(json.dumps(main(), indent=2))
