"""Dependency direction from DESIGN.md: callbacks -> layouts, dashboard, models; dashboard -> data; models alone.
And the third-party packages the running app imports are exactly its runtime requirements (requirements.txt)."""
from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
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


# What `python app.py`, `gunicorn app:server` and `python -m dashboard ...` import (bench/ and tests/ have their own
# requirements files).
RUNTIME = ("app.py", "gunicorn.conf.py", "dashboard", "data", "models", "callbacks", "layouts")
# Runtime requirements used by name, not imported: the store URL's driver, the Redis cache backend, the server.
USED_BY_NAME = {"psycopg", "redis", "gunicorn"}


def _requirement_names(path: Path) -> set[str]:
    lines = (line.split("#")[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {re.split(r"[\[<>=!~; ]", line, maxsplit=1)[0].lower().replace("_", "-")
            for line in lines if line and not line.startswith("-")}


def _runtime_distributions() -> dict[str, str]:
    """Distribution name -> a runtime file importing it, for every third-party import of the running app."""
    ours = {"dashboard", "data", "models", "callbacks", "layouts", "app"}
    found: dict[str, str] = {}
    distributions = packages_distributions()
    for entry in RUNTIME:
        for path in [ROOT / entry] if entry.endswith(".py") else sorted((ROOT / entry).rglob("*.py")):
            for root in imported_roots(path) - ours - set(sys.stdlib_module_names):
                for dist in distributions.get(root, [root]):
                    found.setdefault(dist.lower().replace("_", "-"), str(path.relative_to(ROOT)))
    return found


def test_runtime_imports_are_runtime_requirements():
    """A package the app imports must be in requirements.txt, not only in requirements-dev.txt or installed as some
    other package's dependency: `pip install -r requirements.txt && python app.py` is the README's first command."""
    missing = {d: f for d, f in _runtime_distributions().items() if d not in _requirement_names(ROOT / "requirements.txt")}
    assert not missing, f"imported at run time but not in requirements.txt: {missing}"


def test_every_runtime_requirement_is_used():
    unused = _requirement_names(ROOT / "requirements.txt") - set(_runtime_distributions()) - USED_BY_NAME
    assert not unused, f"in requirements.txt but imported nowhere in {RUNTIME}: {sorted(unused)}"


def test_every_dropdown_speaks_the_page_language():
    """Dash 4 dropdowns say "Search", "No options found" and "4 selected" unless given `labels`: every
    dcc.Dropdown in layouts/ gets layouts.common.dropdown_labels(lang)."""
    missing = []
    for path in sorted((ROOT / "layouts").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "Dropdown"
                    and not any(k.arg == "labels" for k in node.keywords)):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not missing, missing


def test_every_grid_speaks_the_page_language():
    """AG Grid says "No Rows To Show", "1 to 2 of 2" and "Page 1 of 1" unless given localeText: every dag.AgGrid
    in layouts/ gets dashGridOptions={"localeText": layouts.common.grid_locale(lang), ...}."""
    missing = []
    for path in sorted((ROOT / "layouts").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "AgGrid":
                options = next((k.value for k in node.keywords if k.arg == "dashGridOptions"), None)
                keys = [k.value for k in options.keys if isinstance(k, ast.Constant)] if isinstance(options, ast.Dict) else []
                if "localeText" not in keys:
                    missing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not missing, missing
