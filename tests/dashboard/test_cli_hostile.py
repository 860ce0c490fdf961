"""`python -m dashboard import FILE --dry-run` on malformed and hostile files: exit 1, every reason printed in both
languages, never a traceback; the sheet limits come from the configuration (issue #21)."""
from __future__ import annotations

import io
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bench.fuzz_inputs import to_xlsx as minimal_xlsx
from dashboard.cli import main

ROOT = Path(__file__).resolve().parents[2]
HEADER = b"indicator_code,region_code,period,value\n"
TIDY = [["indicator_code", "region_code", "period", "value"], ["ppk", "32", "2024", "11000"]]


def far_cell() -> bytes:
    xlsx = minimal_xlsx(random.Random(0), [("data", TIDY)])
    source, out = zipfile.ZipFile(io.BytesIO(xlsx)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name.endswith("sheet1.xml"):
                data = data.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
            target.writestr(name, data)
    return out.getvalue()


MALFORMED = {
    "open-bound.csv": lambda: HEADER + b"ppk,32,2024,-5\n",
    "big-cell.csv": lambda: HEADER + b'ppk,32,2024,"' + b"9" * 140_000 + b'"\n',
    "utf16.csv": lambda: HEADER.decode().encode("utf-16"),
    "empty.csv": lambda: b"",
    "random.csv": lambda: random.Random(1).randbytes(3000),
    "random.xlsx": lambda: b"PK\x03\x04" + random.Random(2).randbytes(3000),
    "truncated.xlsx": lambda: minimal_xlsx(random.Random(3), [("data", TIDY)])[:-40],
    "far-cell.xlsx": far_cell,
    "nan.csv": lambda: HEADER + b"ppk,32,2024,1" + b"0" * 400 + b"\n",
}


@pytest.fixture
def run(engine, monkeypatch, capsys):
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", str(engine.url))

    def call(args) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_dry_run_of_a_malformed_file_exits_1_with_reasons(run, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(MALFORMED[name]())
    code, out, err = run(["import", path, "--dry-run"])
    assert code == 1 and "Traceback" not in out + err
    assert "DITOLAK / REFUSED" in out
    reasons = [line.strip() for line in out.splitlines() if line.startswith("  ")]
    assert reasons and all(line for line in reasons)


def test_sheet_limits_are_read_from_the_configuration(run, tmp_path, monkeypatch):
    path = tmp_path / "ppk.csv"
    path.write_bytes(HEADER + b"ppk,32,2024,11000\nppk,33,2024,11000\n")
    monkeypatch.setenv("DASHBOARD_MAX_SHEET_ROWS", "2")
    code, out, _ = run(["import", path, "--dry-run"])
    assert code == 1 and "the file is too large: 3 rows x 4 columns" in out
    monkeypatch.setenv("DASHBOARD_MAX_SHEET_ROWS", "3")
    assert run(["import", path, "--dry-run"])[0] == 0


def test_the_real_command_line_shows_no_traceback(engine, tmp_path):
    path = tmp_path / "far-cell.xlsx"
    path.write_bytes(far_cell())
    done = subprocess.run([sys.executable, "-m", "dashboard", "import", str(path), "--dry-run", "--database-url",
                           str(engine.url)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "is too large: 1,048,576 rows x 16,384 columns" in done.stdout


def test_the_upload_page_reads_with_the_same_configured_limits():
    from types import SimpleNamespace

    from callbacks.unggah import options_from
    from services.config import Config

    config = Config(max_upload_mb=3, max_unpacked_mb=7, max_sheet_rows=11, max_sheet_columns=13, max_sheet_cells=17)
    options = options_from(SimpleNamespace(config=config), "ppk", None, None)
    assert options.max_bytes == 3 << 20 and options.indicator == "ppk"
    limits = options.limits
    assert (limits.unpacked_bytes, limits.rows, limits.columns, limits.cells) == (7 << 20, 11, 13, 17)
