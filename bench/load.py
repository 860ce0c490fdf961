"""Load: 50 locust users walk the pages of `gunicorn app:server` on a seeded temporary store.

gunicorn runs with the repo's gunicorn.conf.py on a fresh SQLite store in a temporary folder (seeded with the
bundled data on start; the user's store is never touched). locust runs headless from its own virtual
environment, bench/.venv-load (created on the first run with `python -m venv` and `pip install locust`;
git-ignored), because dash[testing]'s pins (urllib3 1.26, selenium 4.2) break locust in the main environment.
The scenario is bench/locustfile.py. Percentiles are locust's, over every request of the run.

Environment: BENCH_LOAD_USERS (50), BENCH_LOAD_SECONDS (60), BENCH_LOAD_SPAWN (5 users/s),
BENCH_LOAD_PORT (8150), BENCH_LOAD_VENV (bench/.venv-load), and DASHBOARD_WORKERS / DASHBOARD_THREADS for
gunicorn as in production.
"""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

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
    from dashboard import queries  # noqa: PLC0415 - the main environment only
    from data.store import open_engine  # noqa: PLC0415

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


def start_server(database_url: str, port: int, log_path: Path) -> subprocess.Popen:
    env = {**os.environ, "DASHBOARD_DATABASE_URL": database_url, "DASHBOARD_HOST": "127.0.0.1",
           "DASHBOARD_PORT": str(port), "DASHBOARD_AUTO_SEED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "app:server"], cwd=ROOT, env=env,
                            stdout=log_path.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {log_path.read_text()[-2000:]}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200:
                return proc
        except requests.RequestException:
            pass
        time.sleep(0.5)
    proc.terminate()
    raise RuntimeError("gunicorn did not answer in 180 s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


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


def run_locust(url: str, users: int, seconds: int, spawn: float, scenario_path: Path, prefix: Path) -> None:
    env = {**os.environ, "BENCH_LOAD_SCENARIO": str(scenario_path)}
    cmd = [str(locust_bin()), "-f", str(HERE / "locustfile.py"), "--headless", "--host", url, "-u", str(users),
           "-r", str(spawn), "-t", f"{seconds}s", "--csv", str(prefix), "--only-summary", "--stop-timeout", "10",
           "--loglevel", "WARNING"]
    done = subprocess.run(cmd, env=env, cwd=HERE, capture_output=True, text=True)
    if done.returncode not in (0, 1):  # 1: some requests failed, counted in the stats
        raise RuntimeError(f"locust failed ({done.returncode}): {done.stderr[-2000:]}")


def main() -> dict:
    users = int(os.environ.get("BENCH_LOAD_USERS", "50"))
    seconds = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
    spawn = float(os.environ.get("BENCH_LOAD_SPAWN", "5"))
    port = int(os.environ.get("BENCH_LOAD_PORT", "8150"))
    locust_bin()
    with tempfile.TemporaryDirectory(prefix="satudata-load-") as tmp:
        work = Path(tmp)
        database_url = f"sqlite:///{work / 'store.db'}"
        log(f"gunicorn on 127.0.0.1:{port}, seeded store {work / 'store.db'}")
        server = start_server(database_url, port, work / "gunicorn.log")
        try:
            scenario_path = work / "scenario.json"
            scenario_path.write_text(json.dumps(scenario(database_url)))
            load_before = os.getloadavg()[0]
            log(f"{users} users for {seconds} s (load average before: {load_before:.2f})")
            run_locust(f"http://127.0.0.1:{port}", users, seconds, spawn, scenario_path, work / "locust")
            load_during = os.getloadavg()[0]
        finally:
            stop(server)
            keep = HERE / "scratch" / "load-gunicorn.log"  # git-ignored: the server's side of the last run
            keep.parent.mkdir(exist_ok=True)
            keep.write_bytes((work / "gunicorn.log").read_bytes())
        total, per_request = read_stats(work / "locust")
        failures = read_failures(work / "locust")
    result = summarise(total, per_request, users)
    if failures:
        result["failures"] = failures
    result.update({"seconds": seconds, "server": gunicorn_settings(),
                   "load_average_before": round(load_before, 2), "load_average_1m_end": round(load_during, 2)})
    log(json.dumps(result))
    return result


def gunicorn_settings() -> str:
    import runpy  # noqa: PLC0415

    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    return f"gunicorn {conf['worker_class']}, {conf['workers']} workers x {conf['threads']} threads"
