"""Test modules have unique file names: tests/ holds no packages, so pytest imports each by its bare name and a
second `test_x.py` in another folder stops the whole run at collection ("import file mismatch")."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_no_two_test_modules_share_a_name():
    seen = defaultdict(list)
    for path in TESTS.rglob("*.py"):
        if not any(part.startswith(".") or part == "__pycache__" for part in path.parts):
            seen[path.name].append(str(path.relative_to(TESTS)))
    shared = {name: paths for name, paths in seen.items() if len(paths) > 1 and name != "__init__.py"}
    assert not shared, shared
