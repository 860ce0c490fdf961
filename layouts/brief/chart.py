"""The brief's map as a PNG: the same classes and palette as /peta, drawn by kaleido on the system Chromium.

Nothing is downloaded: kaleido is pointed at Debian's chromium (BROWSER_PATH, default /usr/bin/chromium) and at
the map outlines vendored under dashboard/assets. Any failure (no browser, a crash, a timeout) gives None, and
the brief says the picture is missing instead of failing.
"""
from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

import numpy as np
import plotly.graph_objects as go

from i18n import t
from layouts import choropleth
from layouts.choropleth import PRINT, Categories, Classes, MapSpec, category_colours
from models.brief import MapData
from models.classify import published_classes

log = logging.getLogger(__name__)
SYSTEM_CHROMIUM = "/usr/bin/chromium"
#: plotly's world outlines as the app serves them (dashboard/assets), so kaleido fetches nothing from its CDN
TOPOJSON = (Path(__file__).resolve().parents[2] / "dashboard" / "assets" / "00_vendor" / "topojson").as_uri() + "/"
TIMEOUT_S = 90
WIDTH, HEIGHT = 900, 620
VILLAGE_WIDTH, VILLAGE_HEIGHT = 700, 560


def map_figure(data: MapData, shapes: dict, lang: str) -> go.Figure:
    """The map of `data` on `shapes` (services.brief.map_shapes: the screen geometry of its level), drawn by the
    one map builder (layouts.choropleth) for print."""
    meta = data.indicator
    exact = data.frame["value"].astype(float).to_numpy()
    stands = data.frame["comparable"].to_numpy(dtype=bool) if "comparable" in data.frame else np.ones(len(exact), bool)
    # a value of the region before its split is never classed
    values, breaks = published_classes(np.where(stands, exact, np.nan), meta["decimals"])
    codes, names = data.frame["code"].tolist(), data.frame["name"].tolist()
    earlier = {codes[i]: "" for i in np.flatnonzero(~stands & np.isfinite(exact))}
    classes = Classes(values, breaks.edges if breaks else (), meta["higher_is_better"], meta.get("unit") or "",
                      meta["decimals"])
    return choropleth.figure(MapSpec(shapes, "brief", codes, names, classes, earlier, highlight=data.highlight,
                                     lang=lang, style=PRINT))


def village_figure(villages: dict, shapes: dict, lang: str) -> go.Figure:
    """A kab/kota's desa by published IDM status, in the map page's status colours; kelurahan as not scored."""
    found = villages["map"]
    statuses = villages["statuses"]
    keys = [str(s["value"]) for s in statuses]
    labels = {str(s["value"]): s["label_id"] if lang == "id" else s["label_en"] for s in statuses}
    colouring = Categories([None if v is None else str(v) for v in found["status"]],
                           dict(zip(keys, category_colours(len(keys)), strict=True)), labels,
                           counts={str(s["value"]): s["count"] for s in statuses})
    figure = choropleth.figure(MapSpec(shapes, "brief-desa", found["codes"], found["names"], colouring,
                                       not_scored={c: "" for c in found["kelurahan"]},
                                       not_scored_label=t("brief.villages.map_kelurahan", lang), lang=lang,
                                       style=PRINT))
    # the statuses with their colours and counts are printed beside the picture: no legend over the shapes
    figure.update_traces(showscale=False)
    figure.update_layout(showlegend=False, margin={"l": 0, "r": 0, "t": 0, "b": 0})
    return figure


def village_png(villages: dict | None, shapes: dict | None, lang: str, timeout: float = TIMEOUT_S) -> bytes | None:
    """The village map picture, or None when there is none or it cannot be drawn (logged, never raised)."""
    if not villages or not villages.get("map") or shapes is None:
        return None
    return picture(lambda: render_png(village_figure(villages, shapes, lang), width=VILLAGE_WIDTH,
                                      height=VILLAGE_HEIGHT), timeout)


def render_png(figure: go.Figure, width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """The figure as PNG through kaleido on the system Chromium (raises on any failure)."""
    import kaleido  # heavy; only when a brief is drawn

    if not os.environ.get("BROWSER_PATH") and Path(SYSTEM_CHROMIUM).exists():
        os.environ["BROWSER_PATH"] = SYSTEM_CHROMIUM
    return kaleido.calc_fig_sync(figure.to_plotly_json(),
                                 opts={"format": "png", "width": width, "height": height, "scale": 2},
                                 topojson=TOPOJSON)


def map_png(data: MapData | None, shapes: dict | None, lang: str, timeout: float = TIMEOUT_S) -> bytes | None:
    """The map picture, or None when it cannot be drawn (logged, never raised)."""
    if data is None or shapes is None:
        return None
    return picture(lambda: render_png(map_figure(data, shapes, lang)), timeout)


def picture(draw, timeout: float) -> bytes | None:
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(draw).result(timeout=timeout)
    except FutureTimeout:
        log.warning("brief map: kaleido did not answer within %s s", timeout)
    except Exception:  # any renderer failure leaves the brief without the picture
        log.warning("brief map: kaleido failed", exc_info=True)
    finally:
        pool.shutdown(wait=False)
    return None
