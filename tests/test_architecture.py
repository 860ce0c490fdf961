"""Dependency direction from DESIGN.md: callbacks -> layouts, dashboard, models; dashboard -> data; models alone."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "models": {"dash", "dash_bootstrap_components", "dash_ag_grid", "plotly", "sqlalchemy", "flask",
               "data", "layouts", "callbacks", "dashboard"},
    "data": {"dash", "dash_bootstrap_components", "dash_ag_grid", "plotly", "flask", "layouts", "callbacks",
             "models", "dashboard"},
    "layouts": {"sqlalchemy", "data", "callbacks"},
    "dashboard": {"callbacks"},
}
# The composition root may know every folder (STYLE.md); the Alembic env may read the app's config.
ALLOWED = {"dashboard/app.py": {"callbacks"}, "dashboard/pages.py": {"callbacks"},
           "data/migrations/env.py": {"dashboard"}}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


CASES = [(folder, p) for folder in FORBIDDEN for p in sorted((ROOT / folder).rglob("*.py"))]


@pytest.mark.parametrize(("folder", "path"), CASES, ids=[str(p.relative_to(ROOT)) for _, p in CASES])
def test_dependency_direction(folder, path):
    relative = str(path.relative_to(ROOT))
    bad = (imported_roots(path) & FORBIDDEN[folder]) - ALLOWED.get(relative, set())
    assert not bad, f"{relative} imports {sorted(bad)}, against the dependency direction in DESIGN.md"


def test_guard_sees_a_violation(tmp_path):
    sample = tmp_path / "m.py"
    sample.write_text("import dash\nfrom sqlalchemy import select\n")
    assert imported_roots(sample) & FORBIDDEN["models"] == {"dash", "sqlalchemy"}
