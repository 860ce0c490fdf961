"""The benchmark plumbing: result files and their keys, the one table, subsets, the load scenario's callback
bodies against the app's callback map. Small sizes, no timed assertions."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from bench import __main__ as bench
from bench import load, load_payloads, store

LOAD_KEYS = {"users", "requests", "p50_ms", "p95_ms", "p99_ms", "errors", "machine"}
STORE_KEYS = {"rows", "sqlite_period_median_ms", "sqlite_series_median_ms", "postgres_period_median_ms",
              "postgres_series_median_ms", "machine"}


def fake(name: str) -> dict:
    if name == "forecast":
        raise RuntimeError("statsmodels | went away")
    return {"store": {"rows": 10, "sqlite_period_median_ms": 7.5, "sqlite_series_median_ms": 1.0},
            "load": {"users": 50, "requests": 900, "p50_ms": 20.0, "p95_ms": 250.0, "p99_ms": 800.0, "errors": 0},
            }.get(name, {"median_ms": 12.0})


def test_every_benchmark_runs_and_writes_its_results(tmp_path, capsys):
    ran = []
    code = bench.main([], runner=lambda n: ran.append(n) or fake(n), folder=tmp_path)
    assert ran == ["map", "forecast", "store", "load", "ingest", "fuzz", "pages"]
    assert code == 1  # forecast failed, the others still ran and were written
    assert sorted(p.stem for p in tmp_path.glob("*.json")) == ["fuzz", "ingest", "load", "map", "pages", "store"]
    saved = json.loads((tmp_path / "load.json").read_text())
    assert LOAD_KEYS <= set(saved)
    out = capsys.readouterr().out
    assert "| load | p95 (ms) | 250.0 | ok (< 300) |" in out
    assert "| store | SQLite period query median (ms) | 7.5 | OVER (< 5) |" in out
    assert "| forecast | failed | RuntimeError: statsmodels / went away |" in out  # a pipe would break the table
    assert "machine: " in out


def test_a_subset_and_skip(tmp_path, capsys):
    ran = []
    assert bench.main(["store", "load", "--skip", "load"], runner=lambda n: ran.append(n) or fake(n),
                      folder=tmp_path) == 0
    assert ran == ["store"]
    with pytest.raises(SystemExit):
        bench.main(["mapp"], runner=fake, folder=tmp_path)
    assert "unknown benchmark mapp" in capsys.readouterr().err


def test_table_of_the_last_results_runs_nothing(tmp_path, capsys):
    bench.write_result("load", fake("load"), tmp_path)
    assert bench.main(["--table"], runner=lambda n: pytest.fail("ran"), folder=tmp_path) == 0
    out = capsys.readouterr().out
    assert "| load | errors | 0 | ok (<= 0) |" in out
    assert "store" not in out


def test_load_summary_from_locust_stats(tmp_path):
    header = ("Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
              "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
              "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%")
    rows = ["POST,POST map values,600,0,9,12,3,400,7000,10,0,9,11,13,14,20,40,90,140,380,400,400",
            "POST,POST page,300,2,30,45,10,900,90000,5,0.03,30,40,50,60,80,120,300,500,900,900,900",
            ",Aggregated,900,2,12,23,3,900,30000,15,0.03,12,15,20,22,40,80,200,310,800,900,900"]
    (tmp_path / "locust_stats.csv").write_text("\n".join([header, *rows]) + "\n")
    total, per_request = load.read_stats(tmp_path / "locust")
    result = load.summarise(total, per_request, users=50)
    assert {k: result[k] for k in ("users", "requests", "p50_ms", "p95_ms", "p99_ms", "errors")} == {
        "users": 50, "requests": 900, "p50_ms": 12.0, "p95_ms": 80.0, "p99_ms": 310.0, "errors": 2}
    assert list(result["slowest_p95_ms"]) == ["POST page", "POST map values"]


def test_failures_after_a_moment_from_locust_history(tmp_path):
    rows = ["Timestamp,User Count,Type,Name,Total Failure Count",
            "100,10,,Aggregated,0", "101,10,,Aggregated,4", "105,10,,Aggregated,9", "106,10,,Aggregated,9",
            "110,10,,Aggregated,11", "110,10,GET,GET page,11"]
    (tmp_path / "faults_stats_history.csv").write_text("\n".join(rows) + "\n")
    assert load.failures_after(tmp_path / "faults", 105.5) == 2  # 9 counted by then, 11 at the end
    assert load.failures_after(tmp_path / "faults", 50) == 11


def test_load_payloads_match_the_apps_callbacks(app):
    """Each captured body names a callback the app has, with that callback's inputs and state."""
    def ids(items):
        return sorted(f"{item['id']}.{item['property']}" for item in items)

    assert set(load_payloads.TEMPLATES) >= {"page_content", "shell_auth", "shell_nav", "ringkasan_region",
                                            "peta_periods", "peta_figure", "peta_grid", "tren_graph"}
    for name, body in load_payloads.TEMPLATES.items():
        spec = app.callback_map.get(body["output"])
        assert spec is not None, f"{name}: {body['output']} is not a callback of the app"
        if any(str(d["id"]).startswith("{") for d in spec["inputs"] + spec["state"]):
            continue  # pattern-matching ids: the body lists every match, the map the pattern
        assert ids(body["inputs"]) == ids(spec["inputs"]), name
        assert ids(body.get("state", [])) == ids(spec["state"]), name


def test_the_map_benches_body_matches_the_map_callback(app, client):
    """bench/map.py and bench/map_village.py send load_payloads.map_body: the callback's inputs and state, answered."""
    body = load_payloads.map_body(1, periods=["2023", "2024"])
    spec = app.callback_map[body["output"]]
    assert sorted(f"{i['id']}.{i['property']}" for i in body["inputs"]) == \
        sorted(f"{i['id']}.{i['property']}" for i in spec["inputs"])
    assert sorted(f"{i['id']}.{i['property']}" for i in body["state"]) == \
        sorted(f"{i['id']}.{i['property']}" for i in spec["state"])
    response = client.post("/_dash-update-component", json=body, headers={"Origin": "http://localhost"})
    assert response.status_code == 200, response.data[:300]


def test_load_payloads_answer(client):
    """The bodies the users send get an answer (not an error) from the app, as the browser's did."""
    periods = ["2020", "2021", "2022", "2023", "2024"]
    bodies = [b for _, b in load_payloads.navigation("/peta")] + [
        load_payloads.pick_region("32", "ID", ""),
        load_payloads.map_periods("ipm", "regency", periods, 4, "peta-indicator.value"),
        *[b for _, b in load_payloads.map_values("ipm", "regency", periods, 1, ["peta-period.value"])],
        load_payloads.trend("p0", ["ID", "32"], ["tren-indicator.value"])]
    for body in bodies:
        response = client.post("/_dash-update-component", json=body, headers={"Origin": "http://localhost"})
        assert response.status_code in (200, 204), body["output"]
        assert "shell-error" not in response.get_data(as_text=True), body["output"]
    figure = client.post("/_dash-update-component", json=load_payloads.map_values(
        "ipm", "regency", periods, 2, ["peta-period.value"])[0][1], headers={"Origin": "http://localhost"}).json
    assert "peta-graph" in figure["response"]


def test_locustfile_reads_its_scenario_without_the_app():
    """The locustfile runs in its own environment: it may import locust and load_payloads, nothing of ours."""
    source = (Path(load.HERE) / "locustfile.py").read_text()
    imports = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    assert not [line for line in imports if any(p in line for p in ("dashboard", "data.", "layouts", "callbacks"))]
    assert "load_payloads" in source


def test_store_bench_small_writes_its_keys(tmp_path, monkeypatch):
    """A store of one synthetic indicator (every kab/kota x 120 months) on SQLite: the result has its keys."""
    monkeypatch.setattr(store, "SCRATCH", tmp_path)
    monkeypatch.setenv("BENCH_STORE_ROWS", "1000")
    monkeypatch.setenv("BENCH_STORE_REPEAT", "3")
    monkeypatch.setenv("BENCH_STORE_ENGINES", "sqlite")
    result = store.main()
    assert result["rows"] == 1000 and result["sqlite_period_median_ms"] > 0 and result["sqlite_series_median_ms"] > 0
    path = bench.write_result("store", result, tmp_path)
    assert {"rows", "sqlite_period_median_ms", "sqlite_series_median_ms", "machine"} <= set(json.loads(path.read_text()))
    assert store.main()["rows"] == 1000  # the second run reuses the scratch store


def test_store_keys_name_both_engines():
    names = {key for key, _label, _budget in bench.HEADLINES["store"]} | {"machine"}
    assert STORE_KEYS == names
    assert sys.modules["bench.store"].__doc__.count("SYNTHETIC") >= 1


def test_forecast_coverage_and_targets_are_also_reported_apart_for_the_covid_years():
    from bench import forecast_eval as fe
    from bench.forecast_targets import _across_shock

    def record(year: int, h: int, inside: bool) -> fe.Record:
        return fe.Record("project", "regency", "p0", "3273", year - h, h, 6, 0.1, inside, inside, False, year)

    records = [record(2019, 1, True), record(2020, 1, False), record(2021, 2, False), record(2023, 2, True),
               record(2023, 2, False)]
    split = fe.shock_split(records)
    assert split["regency"]["shock"][1] == {"points": 1, "coverage80": 0.0, "coverage95": 0.0}
    assert split["regency"]["other"][2] == {"points": 2, "coverage80": 0.5, "coverage95": 0.5}
    assert split["province"]["other"][1]["points"] == 0
    # a target judged from the end of year - 2: 2020-2023 start in or run into the shock, 2019 and 2024 do not
    assert [y for y in range(2018, 2026) if _across_shock(y)] == [2020, 2021, 2022, 2023]
