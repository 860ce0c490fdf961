"""Run the benchmarks and print one table. Each bench/<name>.py has `main() -> dict`, written to bench/results/<name>.json.

    python -m bench                   every benchmark (map, forecast, store, load, ingest, fuzz, pages), then the table
    python -m bench store load        only these
    python -m bench --skip forecast   all but these
    python -m bench --table           the table of the last results (bench/results/*.json), running nothing
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import traceback
from pathlib import Path

ORDER = ("map", "forecast", "store", "load", "ingest", "fuzz", "pages")
RESULTS = Path(__file__).resolve().parent / "results"

#: The figures the table shows per benchmark: (key, label, budget as (comparison, limit) or None).
HEADLINES: dict[str, tuple[tuple[str, str, tuple[str, float] | None], ...]] = {
    "map": (("median_ms", "map value update, server median (ms)", ("<", 50)),
            ("bytes_per_update", "bytes per update", ("<", 10_000)),
            ("browser_update_ms", "browser repaint (ms)", ("<", 500)),
            ("village_regions", "desa/kelurahan of the largest province (Jawa Tengah)", None),
            ("village_median_ms", "  its value update, server median (ms)", None),
            ("village_bytes_per_update", "  its bytes per value update", ("<=", 100_000)),
            ("village_browser_update_ms", "  its browser repaint (ms)", ("<=", 1000)),
            ("village_first_map_ms", "  its first map in the browser (ms)", ("<=", 2000)),
            ("village_geometry_bytes_gzip", "  geometry of the largest province, gzipped (bytes)", ("<=", 3_000_000)),
            ("kabkota_village_regions", "desa/kelurahan of one kab/kota (Kab. Bogor)", None),
            ("kabkota_village_median_ms", "  its value update, server median (ms)", ("<=", 20)),
            ("kabkota_village_bytes_per_update", "  its bytes per value update", ("<=", 20_000)),
            ("kabkota_village_browser_update_ms", "  its browser repaint (ms)", ("<=", 300)),
            ("village_worker_rss_mb", "memory of the app process with village maps in use (MB)", None)),
    "forecast": (("series", "series evaluated (1 step)", None), ("total_s", "refit all (s)", ("<", 10)),
                 ("median_mase", "median MASE, 1 step", None),
                 ("drift_median_mase", "drift median MASE, 1 step (must not beat ours)", None),
                 ("median_mase_h2", "median MASE, 2 steps", None),
                 ("drift_median_mase_h2", "drift median MASE, 2 steps", None),
                 ("autoets_median_mase", "AutoETS median MASE, 1 step (reference)", None),
                 ("autotheta_median_mase", "AutoTheta median MASE, 1 step (reference)", None),
                 ("coverage80", "80% range coverage, 1-2 steps", None),
                 ("coverage95", "95% range coverage, 1-2 steps", None),
                 ("extreme_claims_rate", "beyond the 0.5/99.5% points", ("<=", 0.015)),
                 ("brier_past_targets", "Brier, past targets", None),
                 ("brier_base_rate", "Brier of the base rate", None)),
    "store": (("rows", "synthetic rows", None),
              ("sqlite_period_median_ms", "SQLite period query median (ms)", ("<", 5)),
              ("sqlite_series_median_ms", "SQLite series query median (ms)", ("<", 5)),
              ("postgres_period_median_ms", "PostgreSQL period query median (ms)", ("<", 5)),
              ("postgres_series_median_ms", "PostgreSQL series query median (ms)", ("<", 5))),
    "load": (("users", "users", None), ("requests", "requests", None), ("p50_ms", "p50 (ms)", None),
             ("p95_ms", "p95 (ms)", ("<", 300)), ("p99_ms", "p99 (ms)", None), ("errors", "errors", ("<=", 0)),
             ("faults_errors", "errors, faults run (while a server is down)", None),
             ("faults_errors_after_recovery", "errors, faults run, after recovery", ("<=", 0)),
             ("load_average_before", "load average before (other work)", None)),
    "pages": (("max_cold_ms", "slowest page, cold (ms)", ("<=", 3000)),
              ("max_warm_ms", "slowest page, warm (ms)", ("<=", 1500)),
              ("first_visit_bytes", "first visit of / (bytes)", ("<=", 2_500_000))),
    "ingest": (("rows", "rows imported", None), ("preview_s", "preview (s)", None), ("commit_s", "commit (s)", None),
               ("corpus_files", "real corpus files", None), ("corpus_imported_unaided", "imported with no choice", None),
               ("corpus_refused", "refused", ("<", 1))),
    "fuzz": (("inputs", "import inputs fuzzed", (">=", 100_000)), ("crashes", "uncaught exceptions", ("<=", 0)),
             ("refused", "refused", None), ("accepted", "accepted", None),
             ("unnamed_refusals", "refusals without a reason in both languages", ("<=", 0)),
             ("store_changed_after_refusal", "store changed by a refusal", ("<=", 0)),
             ("peak_rss_mb", "peak memory (MB)", None), ("memory_cap_mb", "memory cap (MB)", None)),
}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores, {cpu}{mem}, Python {platform.python_version()}, {platform.system()}"


def write_result(name: str, result: dict, folder: Path | None = None) -> Path:
    folder = folder or RESULTS
    folder.mkdir(parents=True, exist_ok=True)
    result.setdefault("machine", machine())
    path = folder / f"{name}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return path


def read_results(names: list[str], folder: Path | None = None) -> dict[str, dict]:
    folder = folder or RESULTS
    return {n: json.loads((folder / f"{n}.json").read_text()) for n in names if (folder / f"{n}.json").exists()}


def available() -> list[str]:
    here = Path(__file__).resolve().parent
    return [n for n in ORDER if (here / f"{n}.py").exists()]


def verdict(value, budget: tuple[str, float] | None) -> str:
    if budget is None or not isinstance(value, int | float):
        return ""
    op, limit = budget
    ok = {"<": value < limit, "<=": value <= limit, ">=": value >= limit}[op]
    return f"{'ok' if ok else ('UNDER' if op == '>=' else 'OVER')} ({op} {limit:g})"


def table(results: dict[str, dict], errors: dict[str, str] | None = None) -> str:
    """One Markdown table of the headline figures of `results` (name -> result dict), in ORDER."""
    lines = ["| benchmark | figure | value | budget |", "|---|---|---|---|"]
    machines = set()
    for name in [n for n in ORDER if n in results or n in (errors or {})] + \
            [n for n in results if n not in ORDER]:
        if errors and name in errors:
            lines.append(f"| {name} | failed | {errors[name]} | |")
            continue
        result = results[name]
        machines.add(result.get("machine", ""))
        heads = HEADLINES.get(name) or tuple((k, k, None) for k in result if k != "machine")
        for key, label, budget in heads:
            if key in result:
                lines.append(f"| {name} | {label} | {result[key]} | {verdict(result[key], budget)} |")
    lines += ["", "machine: " + "; ".join(sorted(m for m in machines if m) or [machine()])]
    return "\n".join(lines)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benchmarks to run, from {', '.join(ORDER)} (default: all)")
    parser.add_argument("--skip", action="append", default=[], choices=ORDER, help="leave this benchmark out")
    parser.add_argument("--table", action="store_true", help="print the table of the last results only")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in ORDER]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)} (choose from {', '.join(ORDER)})")
    return args


def main(argv: list[str], runner=None, folder: Path | None = None) -> int:
    args = parse(argv)
    names = [n for n in (args.names or available()) if n not in args.skip]
    if args.table:
        print(table(read_results(names, folder)))
        return 0
    run = runner or (lambda name: importlib.import_module(f"bench.{name}").main())
    results, errors = {}, {}
    for name in names:
        try:
            result = run(name)
        except Exception as exc:  # one failed benchmark must not lose the others' figures
            traceback.print_exc()
            errors[name] = f"{exc.__class__.__name__}: {exc}".replace("|", "/")[:200]
            continue
        write_result(name, result, folder)
        results[name] = result
    print("\n== benchmarks ==")
    print(table(results, errors))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
