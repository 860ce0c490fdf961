"""Run benchmarks and print one table. Each bench/<name>.py has `main() -> dict` and writes bench/results/<name>.json."""
from __future__ import annotations

import importlib
import json
import os
import platform
import sys
from pathlib import Path

ORDER = ("map", "forecast", "store", "load")
RESULTS = Path(__file__).resolve().parent / "results"


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


def write_result(name: str, result: dict) -> Path:
    RESULTS.mkdir(exist_ok=True)
    result.setdefault("machine", machine())
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return path


def available() -> list[str]:
    here = Path(__file__).resolve().parent
    return [n for n in ORDER if (here / f"{n}.py").exists()]


def main(argv: list[str]) -> int:
    names = argv or available()
    table = []
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        result = module.main()
        write_result(name, result)
        table.append((name, result))
    print("\n== all benchmarks ==")
    for name, result in table:
        figures = ", ".join(f"{k}={v}" for k, v in result.items() if k != "machine")
        print(f"{name:10s} {figures}")
    print(f"machine: {machine()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
