"""Tool settings live in one pyproject.toml, and a `# noqa` names only rules ruff enables there (STYLE.md: a noqa
for a rule that is off silences nothing and hides a local import or a lambda nobody looks at again)."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOQA = re.compile(r"#\s*noqa:\s*([A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)")


def ruff_settings() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]


def enabled(code: str, lint: dict) -> bool:
    """A rule is on when a selected prefix is its linter's code letters (E, B, UP: not BLE, PLC) and it is not
    ignored."""
    letters = re.match(r"[A-Z]+", code).group(0)
    return any(re.fullmatch(rf"{prefix}\d*", code) and letters == re.match(r"[A-Z]+", prefix).group(0)
               for prefix in lint["select"]) and code not in lint.get("ignore", [])


def test_one_settings_file():
    assert not [name for name in ("ruff.toml", ".ruff.toml", "mypy.ini", "pytest.ini", "setup.cfg", "tox.ini")
                if (ROOT / name).exists()]
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert {"ruff", "mypy", "pytest"} <= tool.keys()


def test_the_rule_check_knows_on_from_off():
    lint = {"select": ["E", "F", "B", "UP"], "ignore": ["E731"]}
    assert enabled("F401", lint) and enabled("B023", lint) and enabled("E402", lint)
    assert not enabled("E731", lint) and not enabled("BLE001", lint) and not enabled("PLC0415", lint)


def test_every_noqa_names_an_enabled_rule():
    settings = ruff_settings()
    excluded = [ROOT / folder for folder in settings.get("extend-exclude", [])]
    off = []
    for path in sorted(ROOT.rglob("*.py")):
        if any(part.startswith(".") for part in path.relative_to(ROOT).parts) or \
                any(path.is_relative_to(folder) for folder in excluded):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for codes in NOQA.findall(line):
                off += [f"{path.relative_to(ROOT)}:{number} {code}" for code in re.split(r"\s*,\s*", codes)
                        if not enabled(code, settings["lint"])]
    assert not off, off
