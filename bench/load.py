"""Load: 100 locust users walk the pages of two `gunicorn app:server` over one PostgreSQL store and Redis, twice:
once undisturbed, once with faults a quarter in (one worker SIGKILLed, the other server restarted).

Both servers use the repo's gunicorn.conf.py on a new PostgreSQL database (seeded by the servers on start; the
user's store is never touched) and a Redis key prefix of the run (bench/load_servers.py). Each user keeps to one
server (round robin), as behind a balancer with sticky sessions, so a user of the restarted server meets its
outage; `faults.errors_after_recovery` counts failures later than 5 s after it answered again.
locust runs headless from its own virtual environment, bench/.venv-load (created on the first run with
`python -m venv` and `pip install locust`; git-ignored), because dash[testing]'s pins (urllib3 1.26,
selenium 4.2) break locust in the main environment.
The scenario is bench/locustfile.py. Percentiles are locust's, over every request of the run.

Environment: BENCH_LOAD_USERS (100), BENCH_LOAD_SECONDS (60), BENCH_LOAD_FAULT_SECONDS (120: the faults run),
BENCH_LOAD_SPAWN (10 users/s),
BENCH_LOAD_PORT (8150, and the next), BENCH_LOAD_WORKERS (2 per server), BENCH_LOAD_VENV (bench/.venv-load),
BENCH_PG_ADMIN_URL, BENCH_LOAD_REDIS_URL (redis://127.0.0.1:6379/14), DASHBOARD_THREADS for gunicorn.
"""
from __future__ import annotations

import csv
import json
import os
import runpy
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.load_servers import REDIS_URL, Server, postgres_database, redis_prefix

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV = Path(os.environ.get("BENCH_LOAD_VENV", HERE / ".venv-load"))


def log(message: str) -> None:
    print(f"[load] {message}", file=sys.stderr, flush=True)


def locust_bin() -> Path:
    """locust in its own virtual environment, made on first use."""
    exe = VENV / "bin" / "locust"
    if not exe.exists():
        log(f"creating {VENV} with locust (first run)")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", "locust"], check=True)
    return exe


def scenario(database_url: str) -> dict:
    """The store's indicators with their periods and the region codes, for the users' choices."""
    # the main environment only (locust runs in its own virtual environment)
    from data.store import open_engine
    from services import queries

    engine = open_engine(database_url)
    try:
        codes = list(queries.indicators(engine)["code"])
        regency = {c: queries.periods(engine, c, level="regency") for c in codes}
        province = {c: queries.periods(engine, c, level="province") for c in codes}
        return {"map_indicators": [c for c in codes if regency[c]],
                "trend_indicators": [c for c in codes if province[c]],
                "periods": {"regency": regency, "province": province},
                "provinces": list(queries.regions(engine, level="province")["code"]),
                "regencies": list(queries.regions(engine, level="regency")["code"])}
    finally:
        engine.dispose()


def read_stats(prefix: Path) -> tuple[dict, list[dict]]:
    """locust's `<prefix>_stats.csv`: the Aggregated row and the per-request rows."""
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    return total, [r for r in rows if r["Name"] != "Aggregated"]


def read_failures(prefix: Path) -> dict[str, int]:
    """locust's `<prefix>_failures.csv`: "request: error" -> occurrences."""
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return {}
    with path.open(newline="") as handle:
        return {f"{r['Name']}: {r['Error']}"[:200]: int(r["Occurrences"]) for r in csv.DictReader(handle)}


def summarise(total: dict, per_request: list[dict], users: int) -> dict:
    def ms(row: dict, column: str) -> float:
        return round(float(row[column]), 1)

    slowest = sorted(per_request, key=lambda r: float(r["95%"]), reverse=True)[:5]
    return {
        "users": users, "requests": int(total["Request Count"]), "p50_ms": ms(total, "50%"),
        "p95_ms": ms(total, "95%"), "p99_ms": ms(total, "99%"), "errors": int(total["Failure Count"]),
        "requests_per_s": round(float(total["Requests/s"]), 1),
        "slowest_p95_ms": {r["Name"]: ms(r, "95%") for r in slowest},
    }


def run_locust(hosts: list[str], users: int, seconds: int, spawn: float, scenario_path: Path,
               prefix: Path) -> subprocess.Popen:
    """locust, started: its users are spread over `hosts` (one host per user, round robin)."""
    env = {**os.environ, "BENCH_LOAD_SCENARIO": str(scenario_path), "BENCH_LOAD_HOSTS": ",".join(hosts)}
    cmd = [str(locust_bin()), "-f", str(HERE / "locustfile.py"), "--headless", "--host", hosts[0], "-u", str(users),
           "-r", str(spawn), "-t", f"{seconds}s", "--csv", str(prefix), "--csv-full-history", "--only-summary",
           "--stop-timeout", "10", "--loglevel", "WARNING"]
    return subprocess.Popen(cmd, env=env, cwd=HERE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def finish_locust(proc: subprocess.Popen) -> None:
    _, err = proc.communicate()
    if proc.returncode not in (0, 1):  # 1: some requests failed, counted in the stats
        raise RuntimeError(f"locust failed ({proc.returncode}): {err[-2000:]}")


def failures_after(prefix: Path, moment: float) -> int:
    """Failures locust counted after `moment` (epoch seconds), from its per-second history."""
    with open(f"{prefix}_stats_history.csv", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["Name"] == "Aggregated"]
    before = [int(r["Total Failure Count"]) for r in rows if float(r["Timestamp"]) <= moment]
    return int(rows[-1]["Total Failure Count"]) - (before[-1] if before else 0) if rows else 0


def with_faults(servers: list[Server], seconds: int) -> dict:
    """A quarter into the run: SIGKILL one worker of the first server, restart the second; when it was back (a
    restart on this 2-core machine takes 20-100 s, so the run has time left to show that errors stop)."""
    time.sleep(seconds / 4)
    started = time.time()
    killed = servers[0].kill_one_worker()
    servers[1].stop()
    servers[1].start()
    servers[1].wait_ready()
    back = time.time()
    log(f"faults: worker {killed} killed, server 2 down {back - started:.1f} s")
    return {"started": started, "back": back}


def one_run(servers: list[Server], users: int, seconds: int, spawn: float, scenario_path: Path, prefix: Path,
            faults: bool) -> dict:
    load_before = os.getloadavg()[0]
    log(f"{users} users for {seconds} s{' with faults' if faults else ''} (load average before: {load_before:.2f})")
    proc = run_locust([s.url for s in servers], users, seconds, spawn, scenario_path, prefix)
    window = with_faults(servers, seconds) if faults else None
    finish_locust(proc)
    total, per_request = read_stats(prefix)
    result = summarise(total, per_request, users)
    if failures := read_failures(prefix):
        result["failures"] = failures
    result.update(load_average_before=round(load_before, 2), load_average_1m_end=round(os.getloadavg()[0], 2))
    if window:
        grace = 5  # connections refused in the second the server comes back are still "while it is down"
        ended = time.time()
        result.update(down_s=round(window["back"] - window["started"], 1),
                      seconds_after_recovery=round(max(0.0, ended - window["back"] - grace), 1),
                      errors_after_recovery=failures_after(prefix, window["back"] + grace))
    return result


def main() -> dict:
    users = int(os.environ.get("BENCH_LOAD_USERS", "100"))
    seconds = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
    spawn = float(os.environ.get("BENCH_LOAD_SPAWN", "10"))
    port = int(os.environ.get("BENCH_LOAD_PORT", "8150"))
    workers = os.environ.get("BENCH_LOAD_WORKERS", "2")
    fault_seconds = int(os.environ.get("BENCH_LOAD_FAULT_SECONDS", "120"))
    locust_bin()
    with tempfile.TemporaryDirectory(prefix="satudata-load-") as tmp, postgres_database() as database_url, \
            redis_prefix() as prefix:
        work = Path(tmp)
        env = {"DASHBOARD_DATABASE_URL": database_url, "DASHBOARD_REDIS_URL": REDIS_URL,
               "DASHBOARD_CACHE_PREFIX": prefix, "DASHBOARD_AUTO_SEED": "1", "DASHBOARD_WORKERS": workers,
               "DASHBOARD_SECRET_KEY": secrets.token_hex(32),
               "DASHBOARD_API_RATE_LIMIT": "", "DASHBOARD_LOGIN_RATE_LIMIT": ""}  # 100 users share one address
        servers = [Server(env, port + i, work / f"gunicorn-{i}.log") for i in range(2)]
        log(f"2 gunicorn servers on ports {port}, {port + 1} over PostgreSQL and Redis")
        try:
            for server in servers:
                server.start()
            for server in servers:
                server.wait_ready()
            scenario_path = work / "scenario.json"
            scenario_path.write_text(json.dumps(scenario(database_url)))
            result = one_run(servers, users, seconds, spawn, scenario_path, work / "locust", faults=False)
            faulted = one_run(servers, users, fault_seconds, spawn, scenario_path, work / "faults", faults=True)
        finally:
            for server in servers:
                server.stop()
            keep = HERE / "scratch"  # git-ignored: the servers' side of the last run
            keep.mkdir(exist_ok=True)
            for i in range(2):
                (keep / f"load-gunicorn-{i}.log").write_bytes((work / f"gunicorn-{i}.log").read_bytes())
    result.update({"seconds": seconds, "servers": 2, "backend": "postgresql",
                   "server": gunicorn_settings(workers), "faults_errors": faulted["errors"],
                   "faults_errors_after_recovery": faulted["errors_after_recovery"],
                   "faults": {**faulted, "seconds": fault_seconds}})
    log(json.dumps(result))
    return result


def gunicorn_settings(workers: str) -> str:
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    return f"2 x gunicorn {conf['worker_class']}, {workers} workers x {conf['threads']} threads, Redis"
