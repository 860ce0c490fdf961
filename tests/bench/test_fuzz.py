"""The import fuzz harness with a small count (the full run is `python -m bench fuzz`): no crash, every refusal
with its reason in both languages, no refused commit that changed the store, the worker under its memory cap."""
from __future__ import annotations

import random

import pytest

from bench import fuzz
from bench.fuzz_inputs import generate, seed_grids


def test_inputs_are_deterministic_and_of_every_kind():
    grids = seed_grids()
    assert len(grids) >= 5  # the real BPS files of tests/data/real/ and the bundled observations
    first = [generate(random.Random(3), grids) for _ in range(1)]
    assert first == [generate(random.Random(3), grids) for _ in range(1)]
    rng = random.Random(4)
    names = [generate(rng, grids)[1] for _ in range(200)]
    assert any(n.endswith(".csv") for n in names) and any(n.endswith(".xlsx") for n in names)


@pytest.mark.slow
def test_a_small_fuzz_run_finds_no_crash():
    result = fuzz.run(120, seed=5)
    assert result["inputs"] == 120 and not result["worker_failed"], result
    assert result["crashes"] == 0 and result["dry_run_crashes"] == 0, result["crash_samples"]
    assert result["unnamed_refusals"] == 0 and result["store_changed_after_refusal"] == 0
    assert result["refused"] > 0 and result["accepted"] > 0
    assert result["refused"] + result["accepted"] == 120
    assert 0 < result["peak_rss_mb"] < fuzz.MEMORY_CAP_MB
