"""Import path throughput: preview and commit of a large tidy CSV and of the seed-sized BPS table, on SQLite; and
the corpus of real published tables (tests/data/real): how many import with no choice, need more, or are refused.

The file's values are SYNTHETIC (random numbers inside the indicators' bounds, labelled as such in the batch note)
and go into a throwaway copy of the seeded store, never into the real one.
"""
from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from bench import corpus
from data import ingest
from data.ingest import ImportOptions
from data.seed import load_seed
from data.store import open_engine

YEARS = range(1901, 2026)


def synthetic_csv(codes: list[str]) -> bytes:
    rng = random.Random(6)
    lines = ["indikator,kode_wilayah,tahun,nilai"]
    for indicator, low, high in (("ipm", 40, 90), ("uhh", 50, 80)):
        for code in codes:
            for year in YEARS:
                lines.append(f"{indicator},{code},{year},{rng.uniform(low, high):.2f}")
    return ("\n".join(lines) + "\n").encode()


def main() -> dict:
    with tempfile.TemporaryDirectory() as folder:
        engine = open_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        started = time.perf_counter()
        load_seed(engine)
        seed_s = time.perf_counter() - started
        real = corpus.summary(corpus.run(engine))
        with engine.connect() as conn:
            codes = [r[0] for r in conn.exec_driver_sql("SELECT code FROM region ORDER BY code")]
        content = synthetic_csv(codes)
        with engine.connect() as conn:
            started = time.perf_counter()
            preview = ingest.preview(conn, content, "synthetic.csv", ImportOptions(max_bytes=len(content)))
            preview_s = time.perf_counter() - started
        assert preview.ok, preview.problems[:3]
        started = time.perf_counter()
        done = ingest.commit(engine, content, "synthetic.csv", ImportOptions(max_bytes=len(content)),
                             user="bench", note="SYNTHETIC benchmark values")
        commit_s = time.perf_counter() - started
        engine.dispose()
    rows = done.counts()["rows"]
    return {"seed_first_start_s": round(seed_s, 2), "rows": rows, "file_mb": round(len(content) / 2**20, 1),
            "preview_s": round(preview_s, 2), "commit_s": round(commit_s, 2),
            "rows_per_s_commit": int(rows / commit_s), **real}


if __name__ == "__main__":
    print(main())
