"""Compressed responses and long-lived static files: the first visit downloaded about 8 MB with no Content-Encoding,
and the app's own CSS was asked again on every visit."""
from __future__ import annotations

import re

import brotli

from dashboard.compression import StaticOnlyCache


def scripts_and_styles(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/(?:_dash-component-suites|assets)/[^"]+)"', html)


def test_pages_and_scripts_come_compressed_and_static_files_are_kept_a_year(client):
    page = client.get("/?wilayah=32", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert page.status_code == 200 and page.headers["Content-Encoding"] == "br"
    html = brotli.decompress(page.data).decode()
    files = scripts_and_styles(html)
    suites = [f for f in files if f.startswith("/_dash-component-suites/")]
    assets = [f for f in files if f.startswith("/assets/")]
    assert suites and assets
    for path in suites + assets:
        response = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200, path
        if len(response.get_data()) > 1000:
            assert response.headers.get("Content-Encoding") == "gzip", path
        assert response.cache_control.max_age == 31536000, path  # fingerprinted or ?m=: never asked again
    own = next(a for a in assets if "ringkasan.css" in a)
    assert "?m=" in own and client.get(own).cache_control.immutable


def test_callbacks_are_compressed_but_never_cached(client):
    layout = client.get("/_dash-layout", headers={"Accept-Encoding": "gzip"})
    assert layout.headers["Content-Encoding"] == "gzip"
    assert "max-age=31536000" not in layout.headers.get("Cache-Control", "")
    cache = StaticOnlyCache()
    cache.set("gzip;/_dash-layout?", b"x")
    cache.set("br;/assets/shell.css?m=1", b"y")
    assert cache.get("gzip;/_dash-layout?") is None and cache.get("br;/assets/shell.css?m=1") == b"y"


def test_an_unversioned_asset_is_revalidated_not_kept(client):
    response = client.get("/assets/ringkasan.css")
    assert response.status_code == 200 and not response.cache_control.immutable
