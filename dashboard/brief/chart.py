"""The brief's map as a PNG: the same classes and palette as /peta, drawn by kaleido on the system Chromium.

Nothing is downloaded: kaleido is pointed at Debian's chromium (BROWSER_PATH, default /usr/bin/chromium) and at
the map outlines vendored under dashboard/assets. Any failure (no browser, a crash, a timeout) gives None, and
the brief says the picture is missing instead of failing.
"""
from __future__ import annotations

import gzip
import json
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

import numpy as np
import plotly.graph_objects as go

from dashboard import geometry
from dashboard.brief.content import MapData
from layouts import peta
from models.classify import class_breaks, colour_stops, rank_values

log = logging.getLogger(__name__)
SYSTEM_CHROMIUM = "/usr/bin/chromium"
TOPOJSON = (Path(__file__).resolve().parent.parent / "assets" / "00_vendor" / "topojson").as_uri() + "/"
TIMEOUT_S = 90
WIDTH, HEIGHT = 900, 620


def map_figure(data: MapData, lang: str) -> go.Figure:
    name = f"regency-{data.parent}" if data.parent else data.level
    shapes = json.loads(gzip.decompress(geometry.gzipped(name)))
    meta = data.indicator
    values = np.round(data.frame["value"].astype(float).to_numpy(), meta["decimals"])
    hib = meta["higher_is_better"]
    present = np.isfinite(values)
    breaks = class_breaks(values, "quantile") if present.any() else None
    colours = peta.palette(hib, breaks.k) if breaks else []
    edges = breaks.edges if breaks else ()
    stops = colour_stops(values, breaks) if breaks else ()
    ranks = np.where(present, np.nan_to_num(rank_values(values, hib)), 0).astype(np.int32)
    codes, names = data.frame["code"].tolist(), data.frame["name"].tolist()
    missing = np.flatnonzero(~present)
    updates = peta.value_updates([codes[i] for i in missing], [names[i] for i in missing], values, ranks, edges,
                                 stops, colours, meta.get("unit") or "", meta["decimals"], lang)
    figure = peta.full_figure(shapes, codes, names, name, updates, lang)
    if data.highlight:
        figure.add_trace(go.Choropleth(geojson=shapes, locations=[data.highlight], z=[0], showscale=False,
                                       colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                                       marker={"line": {"color": "#111111", "width": 2.5}}))
    figure.update_layout(showlegend=False, paper_bgcolor="white", margin={"l": 0, "r": 0, "t": 0, "b": 0})
    figure.update_traces(colorbar={"len": 0.86, "y": 0.06, "thickness": 22, "tickfont": {"size": 20},
                                   "title": {"text": "", "font": {"size": 18}}}, selector=1)
    return figure


def render_png(figure: go.Figure, width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """The figure as PNG through kaleido on the system Chromium (raises on any failure)."""
    import kaleido  # noqa: PLC0415  (heavy; only when a brief is drawn)

    if not os.environ.get("BROWSER_PATH") and Path(SYSTEM_CHROMIUM).exists():
        os.environ["BROWSER_PATH"] = SYSTEM_CHROMIUM
    return kaleido.calc_fig_sync(figure.to_plotly_json(),
                                 opts={"format": "png", "width": width, "height": height, "scale": 2},
                                 topojson=TOPOJSON)


def map_png(data: MapData | None, lang: str, timeout: float = TIMEOUT_S) -> bytes | None:
    """The map picture, or None when it cannot be drawn (logged, never raised)."""
    if data is None:
        return None
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(lambda: render_png(map_figure(data, lang))).result(timeout=timeout)
    except FutureTimeout:
        log.warning("brief map: kaleido did not answer within %s s", timeout)
    except Exception:  # noqa: BLE001  any renderer failure leaves the brief without the picture
        log.warning("brief map: kaleido failed", exc_info=True)
    finally:
        pool.shutdown(wait=False)
    return None
