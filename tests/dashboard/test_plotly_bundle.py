"""The app's own plotly.js (scatter, bar, heatmap, choropleth) in place of Dash's full 4.8 MB bundle, whose
evaluation was the longest task of every chart page's first paint; only when it is the Python package's version."""
from __future__ import annotations

import re
from pathlib import Path

import brotli
from flask import Flask
from plotly.offline import get_plotlyjs_version

from dashboard import plotly_bundle
from dashboard.plotly_bundle import BUNDLE, PATH, bundle_version, serve_partial_plotly

ROOT = Path(__file__).resolve().parents[2]


def test_dash_asks_for_plotly_and_gets_the_partial_bundle_compressed(client):
    response = client.get(PATH, headers={"Accept-Encoding": "br"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "br"
    body = brotli.decompress(response.data)
    assert body == BUNDLE.read_bytes() and len(body) < 2_000_000
    assert response.mimetype == "text/javascript"
    again = client.get(PATH, headers={"Accept-Encoding": "br", "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_bundle_is_the_python_packages_plotly_with_every_trace_type_the_app_draws():
    assert bundle_version(BUNDLE.read_text()) == get_plotlyjs_version()
    notice = BUNDLE.read_text()[:400]  # MIT: plotly.js's copyright and licence notice travel with the copy
    assert f"plotly.js v{get_plotlyjs_version()}" in notice and "Licensed under the MIT license" in notice
    entry = (BUNDLE.parent / "plotly-satudata.entry.js").read_text()
    drawn = set()
    for path in [*ROOT.glob("layouts/**/*.py"), *ROOT.glob("callbacks/**/*.py")]:
        drawn |= {name.lower() for name in re.findall(r"\bgo\.([A-Z][a-z]+)\(", path.read_text())}
    drawn -= {"figure"}
    registered = set(re.findall(r"plotly\.js/lib/([a-z]+)'", entry)) | {"scatter"}  # scatter is in the core
    assert drawn and drawn <= registered, drawn - registered


def test_another_version_falls_back_to_dashs_full_bundle(monkeypatch, tmp_path):
    other = tmp_path / "plotly.min.js"
    other.write_text('(function(v){v.version="0.0.1"})({});')
    monkeypatch.setattr(plotly_bundle, "BUNDLE", other)
    assert serve_partial_plotly(Flask(__name__)) is False
