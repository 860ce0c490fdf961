"""`python -m dashboard import / rollback / batches`: output and exit status."""
from __future__ import annotations

import pytest

from dashboard.cli import build_parser, command_modules, main

GOOD = "indicator,region,period,value\nipm,3273,2024,90.5\nipm,3273,2025,91\nipm,32,2024,-\n"


@pytest.fixture
def run(engine, monkeypatch, capsys):
    """`python -m dashboard ARGS` in-process on the seeded store: (exit status, printed text)."""
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", str(engine.url))

    def call(args) -> tuple[int, str]:
        code = main([str(a) for a in args])
        return code, capsys.readouterr().out

    return call


def test_import_dry_run_then_commit_then_rollback(run, tmp_path):
    path = tmp_path / "ipm.csv"
    path.write_text(GOOD)
    code, out = run(["import", path, "--dry-run"])
    assert code == 0
    assert "1 baru / new, 1 berubah / changed, 0 tidak berubah / unchanged" in out
    assert "83.5200 -> 90.5000" in out  # old -> new
    assert "dilewati / skipped: baris/row 4" in out
    assert "nothing written" in out
    code, out = run(["import", path, "--indicator", "ipm"])
    assert code == 0
    batch = int(out.rsplit("batch", 1)[1].strip())
    code, out = run(["batches"])
    assert code == 0 and "ipm.csv" in out and f"{batch:>5}  committed" in out
    code, out = run(["rollback", batch])
    assert code == 0 and "1 nilai lama dipulihkan / values restored, 1 nilai dihapus / values removed" in out
    code, out = run(["rollback", batch])
    assert code == 1 and "already been rolled back" in out


def test_import_problems_listed_and_exit_nonzero(run, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("indicator,region,period,value\nipm,3273,2024-03,70\nipm,Atlantis,2024,abc\n")
    code, out = run(["import", path])
    assert code == 1
    assert "DITOLAK / REFUSED: 3" in out  # period, region and value: every problem
    assert "row 2, column 'C (period)'" in out and "baris 3, kolom 'B (region)'" in out
    code, _ = run(["import", path, "--dry-run"])
    assert code == 1


def test_import_too_big_refused(run, tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_MB", "1")
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * (1024 * 1024 + 1))
    code, out = run(["import", path])
    assert code == 1 and "1 MB" in out


def test_bps_code_system_option(run, tmp_path):
    path = tmp_path / "aceh.csv"
    path.write_text("indicator,region,period,value\nipm,1101,2024,70.1\n")
    assert run(["import", path, "--dry-run"])[0] == 1  # ambiguous in auto mode
    code, out = run(["import", path, "--dry-run", "--code-system", "bps"])
    assert code == 0 and "ipm 1109 2024" in out


def test_commands_are_discovered():
    names = [m.NAME for m in command_modules()]
    assert {"import", "rollback", "batches", "init-db", "migrate"} <= set(names)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["import"])  # FILE is required


def test_import_and_ckan_import_share_their_options():
    def options(name):
        parser = build_parser()
        sub = next(a for a in parser._actions if a.dest == "command").choices[name]
        return {o for a in sub._actions for o in a.option_strings}

    shared = {"--indicator", "--period", "--code-system", "--dry-run", "--user", "--database-url"}
    assert shared <= options("import") and options("ckan-import") - {"--resource"} == options("import")


def test_migrate_says_whether_it_changed_the_schema(tmp_path, monkeypatch, capsys):
    from sqlalchemy import create_engine, inspect

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", url)
    assert main(["migrate"]) == 0
    assert capsys.readouterr().out.strip() == "schema upgraded to the current version"
    assert {"observation", "import_batch", "region"} <= set(inspect(create_engine(url)).get_table_names())
    assert main(["migrate"]) == 0
    assert capsys.readouterr().out.strip() == "schema already up to date"


def test_a_command_prints_times_in_the_configured_zone_for_its_run_only(run, monkeypatch):
    from datetime import UTC, datetime

    from i18n import fmt_date

    monkeypatch.setenv("DASHBOARD_TIMEZONE", "Asia/Jayapura")
    status, out = run(["batches"])
    assert status == 0 and " WIT" in out and " WIB" not in out
    assert fmt_date(datetime(2026, 11, 28, 7, 5, tzinfo=UTC), "id", with_time=True).endswith("WIB")  # run over


def test_kiosk_add_takes_the_public_option_names(run):
    status, out = run(["kiosk", "add", "dinding-jabar", "--wilayah", "32", "--indikator", "tpt", "--panel", "peta"])
    assert status == 0 and "/kiosk?profil=dinding-jabar (32, peta" in out
    status, out = run(["kiosk", "list"])
    assert "dinding-jabar" in out and "\t32\ttpt\t" in out
