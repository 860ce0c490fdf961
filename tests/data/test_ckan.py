"""CKAN: import a resource through the import path from a local fake of CKAN's Action API on 127.0.0.1, export
publik indicators as package JSON, and the round trip (export -> portal -> import changes nothing)."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import update

from data import ingest
from data.ckan import fetch
from data.errors import ValidationError
from data.ingest import ImportOptions
from data.ingest.files import FileRefused
from data.schema import Indicator
from services.ckan_export import packages


class FakeCkan:
    """Answers package_show like CKAN 2.x and serves resource files; `packages` and `files` are editable."""

    def __init__(self):
        self.packages: dict[str, dict] = {}
        self.files: dict[str, bytes] = {}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                parts = urlsplit(self.path)
                if parts.path in ("/api/action/package_show", "/api/3/action/package_show"):  # CKAN serves both
                    wanted = parse_qs(parts.query).get("id", [""])[0]
                    package = fake.packages.get(wanted)
                    if package is None:
                        body = {"success": False, "error": {"__type": "Not Found Error", "message": "Not found"}}
                        return self.reply(404, json.dumps(body).encode(), "application/json")
                    return self.reply(200, json.dumps({"success": True, "result": package}).encode(),
                                      "application/json")
                if parts.path.startswith("/dataset/") and parts.path in fake.files:
                    return self.reply(200, fake.files[parts.path], "application/octet-stream")
                return self.reply(404, b"not found", "text/plain")

            def reply(self, status, body, kind):
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def add(self, name: str, resources: list[tuple[str, str, bytes]]) -> None:
        """A dataset with resources (id, file name, bytes)."""
        entries = []
        for rid, file_name, content in resources:
            path = f"/dataset/{name}/resource/{rid}/download/{file_name}"
            self.files[path] = content
            entries.append({"id": rid, "name": file_name.rsplit(".", 1)[0], "format": file_name.rsplit(".", 1)[1].upper(),
                            "url": self.url + path})
        self.packages[name] = {"name": name, "id": f"id-{name}", "resources": entries}


@pytest.fixture
def portal():
    fake = FakeCkan()
    fake.thread.start()
    yield fake
    fake.server.shutdown()
    fake.thread.join(timeout=5)


TIDY = b"indikator,kode_wilayah,tahun,nilai\nipm,3273,2024,90.5\nipm,32,2025,75\n"


def test_fetch_and_import_through_the_same_path(portal, engine):
    portal.add("ipm-kota-bandung", [("r1", "ipm.csv", TIDY), ("r2", "catatan.pdf", b"%PDF")])
    got = fetch(portal.url, "ipm-kota-bandung", max_bytes=1 << 20)
    assert got.file_name == "ipm.csv" and got.content == TIDY
    result = ingest.commit(engine, got.content, got.file_name, ImportOptions(), user="walidata", kind="ckan")
    assert (result.diff.new, result.diff.changed) == (1, 1)


def test_fetch_refusals(portal):
    portal.add("two", [("a", "a.csv", TIDY), ("b", "b.csv", TIDY)])
    with pytest.raises(FileRefused) as unclear:
        fetch(portal.url, "two", max_bytes=1 << 20)
    assert "a (a)" in unclear.value.problems[0].reason_en
    assert fetch(portal.url, "two", "b", max_bytes=1 << 20).resource_id == "b"
    with pytest.raises(FileRefused) as missing:
        fetch(portal.url, "nothing-here", max_bytes=1 << 20)
    assert "not found" in missing.value.problems[0].reason_en
    portal.add("big", [("x", "x.csv", b"1" * 5000)])
    with pytest.raises(FileRefused) as big:
        fetch(portal.url, "big", max_bytes=1000)
    assert "limit" in big.value.problems[0].reason_en


def test_export_only_publik_with_dcat_fields(engine):
    with engine.begin() as conn:
        conn.execute(update(Indicator).where(Indicator.code == "gini").values(tier="internal"))
    exported = {p["name"]: p for p in packages(engine, "https://data.example.go.id")}
    assert "satudata-gini" not in exported and "satudata-ipm" in exported
    ipm = exported["satudata-ipm"]
    extras = {e["key"]: e["value"] for e in ipm["extras"]}
    assert extras["frequency"].endswith("/ANNUAL") and extras["temporal_start"] == "2013" and extras["temporal_end"] == "2024"
    assert extras["publisher_name"] == "Badan Pusat Statistik (BPS)"
    assert ipm["resources"][0]["format"] == "CSV" and "indicator=ipm" in ipm["resources"][0]["url"]


def test_export_of_an_indicator_with_no_definition(engine):
    """An upload-defined public indicator may leave every optional field empty: exported, not a TypeError."""
    from sqlalchemy import insert

    with engine.begin() as conn:
        conn.execute(insert(Indicator).values(code="baru", name_id="Baru", name_en="New", unit="%", tier="publik",
                                              frequency="annual"))
    new = next(p for p in packages(engine, "https://data.example.go.id") if p["name"] == "satudata-baru")
    assert new["notes"] == "" and new["author"] is None
    assert "nan" not in {e["value"] for e in new["extras"]} and [t["name"] for t in new["tags"]] == ["satu-data", "baru"]


def test_round_trip_export_portal_import(portal, engine, client):
    """Our export published on the portal, its CSV resource imported back: nothing new, nothing changed;
    a corrected value on the portal comes back as exactly one change."""
    package = next(p for p in packages(engine, "http://127.0.0.1") if p["name"] == "satudata-uhh")
    csv_bytes = client.get("/api/v1/observations?indicator=uhh&format=csv&limit=100000").get_data()
    portal.add(package["name"], [("csv", "uhh.csv", csv_bytes)])
    got = fetch(portal.url, package["name"], max_bytes=20 << 20)
    with engine.connect() as conn:
        again = ingest.preview(conn, got.content, got.file_name, ImportOptions(code_system="kemendagri"))
    assert again.ok and again.diff.new == 0 and again.diff.changed == 0 and again.diff.unchanged > 3000
    lines = csv_bytes.decode().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("uhh,3273,2024,"))
    lines[at] = "uhh,3273,2024,80.01,final"
    corrected = ("\n".join(lines) + "\n").encode()
    portal.add("uhh-fix", [("csv", "uhh.csv", corrected)])
    got = fetch(portal.url, "uhh-fix", max_bytes=20 << 20)
    result = ingest.commit(engine, got.content, got.file_name, ImportOptions(code_system="kemendagri"), kind="ckan")
    assert (result.diff.new, result.diff.changed) == (0, 1)


def test_bad_resource_refused_store_unchanged(portal, engine):
    portal.add("broken", [("r", "data.xlsx", b"not a workbook")])
    got = fetch(portal.url, "broken", max_bytes=1 << 20)
    with pytest.raises(ValidationError):
        ingest.commit(engine, got.content, got.file_name, ImportOptions(), kind="ckan")


def test_cli_ckan_import_and_export(portal, engine, monkeypatch, capsys, tmp_path):
    import json

    from dashboard.cli import main

    monkeypatch.setenv("DASHBOARD_DATABASE_URL", str(engine.url))
    portal.add("ipm-kota-bandung", [("r1", "ipm.csv", TIDY)])
    assert main(["ckan-import", portal.url, "ipm-kota-bandung", "--dry-run"]) == 0
    assert "1 baru / new, 1 berubah / changed" in capsys.readouterr().out
    assert main(["ckan-import", portal.url, "no-such-dataset"]) == 1
    assert "not found" in capsys.readouterr().out
    out = tmp_path / "packages.json"
    assert main(["ckan-export", "--base-url", "https://dasbor.example.go.id", "--out", str(out)]) == 0
    names = {p["name"] for p in json.loads(out.read_text())}
    assert "satudata-ipm" in names and len(names) == 18
