"""The type checker passes on the pure layers (data/ and models/), as STYLE.md asks."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_mypy_on_data_and_models():
    api = pytest.importorskip("mypy.api")
    targets = [str(ROOT / d) for d in ("data", "models") if (ROOT / d).exists()]
    out, err, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), *targets])
    assert status == 0, out + err
