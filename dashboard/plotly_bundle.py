"""plotly.js for the browser: the app's own partial bundle in place of the full one Dash serves.

The full plotly.min.js (4.8 MB, every trace type) was evaluated by every chart page before its first figure: the
longest main-thread task of a page load (1.6 s of /tren's at load average 8). The app draws four trace types
(go.Scatter, go.Bar, go.Heatmap, go.Choropleth); `vendor/plotly-satudata.min.js` (1.5 MB) is plotly.js of the same
version as the Python package's with only those (`vendor/build_plotly.sh`). A bundle of another version than the
Python package's is not served: Dash's full one is, as before.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from flask import Flask, Response, request

BUNDLE = Path(__file__).resolve().parent / "vendor" / "plotly-satudata.min.js"
#: where Dash's dcc.Graph loads plotly.js from (dash.Dash._setup_plotlyjs)
PATH = "/_dash-component-suites/plotly/package_data/plotly.min.js"


def bundle_version(text: str) -> str | None:
    found = re.search(r'\.version="(\d+\.\d+\.\d+)"', text)
    return found.group(1) if found else None


def serve_partial_plotly(server: Flask) -> bool:
    """Answer Dash's plotly.js URL with the partial bundle when it matches the Python package's plotly.js version."""
    from plotly.offline import get_plotlyjs_version

    if not BUNDLE.exists():
        return False
    body = BUNDLE.read_bytes()
    if bundle_version(body.decode("utf-8", "replace")) != get_plotlyjs_version():
        return False
    etag = hashlib.sha256(body).hexdigest()[:32]

    @server.before_request
    def partial_plotly():
        if request.path != PATH:
            return None
        response = Response(body, mimetype="text/javascript")
        response.set_etag(etag)
        return response.make_conditional(request)

    return True
