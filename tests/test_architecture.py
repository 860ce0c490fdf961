"""Dependency direction (README, architecture): dashboard -> callbacks -> layouts; callbacks and dashboard -> services
-> data; models and i18n at the bottom, importing nothing of ours.
And the third-party packages the running app imports are exactly its runtime requirements (requirements.txt)."""
from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Our packages, top to bottom. Each may import only the packages listed for it (and itself): the arrows of the
#: README's architecture section. There is no exception list: a module that needs more is in the wrong room.
ALLOWED = {
    "dashboard": {"callbacks", "layouts", "services", "models", "i18n", "data"},
    "callbacks": {"layouts", "services", "models", "i18n"},
    "layouts": {"models", "i18n"},
    "services": {"data", "models", "i18n"},
    "data": set(),
    "models": set(),
    "i18n": set(),
}
OURS = set(ALLOWED) | {"app"}
#: Third-party packages a room must not import: drawing stays in layouts and callbacks, SQL in data and services.
UI = {"dash", "dash_bootstrap_components", "dash_ag_grid", "plotly"}
NOT_THIRD_PARTY = {
    "models": UI | {"sqlalchemy", "flask", "alembic"},
    "data": UI | {"flask"},
    "i18n": UI | {"sqlalchemy", "flask"},
    "services": UI,
    "layouts": {"sqlalchemy", "alembic", "flask"},
}


def _dynamic_root(call: ast.Call, names: dict[str, str], own: str) -> str | None:
    """The module an `importlib.import_module(...)` / `__import__(...)` call loads, as far as its text says it:
    a string, or an f-string that starts with a string or with `__name__` / `<imported module>.__name__`."""
    if not call.args:
        return "?"
    arg = call.args[0]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value
    if isinstance(arg, ast.JoinedStr) and arg.values:
        first = arg.values[0]
        if isinstance(first, ast.Constant):
            return str(first.value)
        if isinstance(first, ast.FormattedValue):
            value = first.value
            if isinstance(value, ast.Name) and value.id == "__name__":
                return own
            if (isinstance(value, ast.Attribute) and value.attr == "__name__" and isinstance(value.value, ast.Name)
                    and value.value.id in names):
                return names[value.value.id]
    return "?"  # a module name the guard cannot read: refused, so that nothing slips past it


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports: import statements anywhere in the file (also inside functions) and the
    dynamic imports of importlib.import_module / __import__."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = ".".join(path.relative_to(ROOT).with_suffix("").parts) if path.is_relative_to(ROOT) else path.stem
    names: dict[str, str] = {}
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.add(alias.name)
                names[(alias.asname or alias.name).split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if called in {"import_module", "__import__"}:
                found.add(_dynamic_root(node, names, own) or "?")
    return found


def imported_roots(path: Path) -> set[str]:
    return {module.split(".")[0] for module in imported_modules(path)}


CASES = [(folder, p) for folder in ALLOWED for p in sorted((ROOT / folder).rglob("*.py"))]


@pytest.mark.parametrize(("folder", "path"), CASES, ids=[str(p.relative_to(ROOT)) for _, p in CASES])
def test_dependency_direction(folder, path):
    relative = str(path.relative_to(ROOT))
    roots = imported_roots(path)
    assert "?" not in roots, f"{relative} imports a module whose name the architecture guard cannot read"
    ours = (roots & OURS) - {folder}
    bad = ours - ALLOWED[folder]
    assert not bad, f"{relative} imports {sorted(bad)}; {folder}/ may import only {sorted(ALLOWED[folder])}"
    third = roots & NOT_THIRD_PARTY.get(folder, set())
    assert not third, f"{relative} imports {sorted(third)}, which {folder}/ must not use"


#: namedtuple's public methods carry an underscore so as not to clash with field names.
NAMEDTUPLE_API = {"_asdict", "_replace", "_make", "_fields", "_field_defaults"}


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name not in NAMEDTUPLE_API


def private_names_used(path: Path) -> list[str]:
    """Leading-underscore names `path` takes from another module of ours: `from x import _name`, and
    `module._name` on a module (or anything else) imported from our packages."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found, imported = [], set()
    for node in ast.walk(tree):
        ours = isinstance(node, ast.ImportFrom) and (node.level > 0 or (node.module or "").split(".")[0] in OURS)
        if ours:
            for alias in node.names:
                imported.add(alias.asname or alias.name)
                if _private(alias.name):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} from {node.module} import {alias.name}")
        elif isinstance(node, ast.Import):
            imported.update(alias.asname or alias.name.split(".")[0] for alias in node.names
                            if alias.name.split(".")[0] in OURS)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and _private(node.attr) and isinstance(node.value, ast.Name)
                and node.value.id in imported):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value.id}.{node.attr}")
    return found


def test_no_private_name_crosses_a_module():
    """A name another module uses is public: `services.queries._frame` was imported by five modules."""
    used = [hit for folder in ALLOWED for path in sorted((ROOT / folder).rglob("*.py")) for hit in private_names_used(path)]
    assert not used, used


def test_guard_sees_a_private_name_taken():
    sample = ROOT / "layouts" / "_private_probe.py"
    sample.write_text("from services.queries import _frame, public\nfrom layouts import kiosk\n"
                      "import pandas as pd\n\n\ndef f(row):\n"
                      "    return kiosk._name(row), pd._libs, row._asdict(), public\n")
    try:
        assert [hit.split(" ", 1)[1] for hit in private_names_used(sample)] == [
            "from services.queries import _frame", "kiosk._name"]
    finally:
        sample.unlink()


def test_every_package_of_ours_has_a_room():
    """A new top-level package must be given its arrows here, or the guard would not look at it."""
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "bench"}
    assert packages == set(ALLOWED), packages ^ set(ALLOWED)


def test_guard_sees_a_violation(tmp_path):
    sample = tmp_path / "m.py"
    sample.write_text("import dash\nfrom sqlalchemy import select\n")
    assert imported_roots(sample) & NOT_THIRD_PARTY["models"] == {"dash", "sqlalchemy"}


def test_guard_sees_local_and_dynamic_imports():
    sample = ROOT / "layouts" / "_guard_probe.py"
    sample.write_text("import importlib\nfrom services import queries as q\n\n\ndef f(name):\n"
                      "    from data import store\n    return importlib.import_module(f'callbacks.{name}'),"
                      " __import__(q.__name__ + name)\n")
    try:
        assert {"services", "data", "callbacks", "?"} <= imported_roots(sample)
    finally:
        sample.unlink()


# What `python app.py`, `gunicorn app:server` and `python -m dashboard ...` import (bench/ and tests/ have their own
# requirements files).
RUNTIME = ("app.py", "gunicorn.conf.py", "dashboard", "services", "i18n", "data", "models", "callbacks", "layouts")
# Runtime requirements used by name, not imported: the store URL's driver, the Redis cache backend, the server.
USED_BY_NAME = {"psycopg", "redis", "gunicorn"}


def _requirement_names(path: Path) -> set[str]:
    lines = (line.split("#")[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {re.split(r"[\[<>=!~; ]", line, maxsplit=1)[0].lower().replace("_", "-")
            for line in lines if line and not line.startswith("-")}


def _runtime_distributions() -> dict[str, str]:
    """Distribution name -> a runtime file importing it, for every third-party import of the running app."""
    ours = OURS
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
