"""Screen geometry for the kiosk map: the bundled boundaries, simplified and re-oriented once per process.

Reads the seed GeoJSON (files, not the store); islets are dropped, shapes simplified and rounded, exterior rings
made clockwise again (plotly's d3-geo floods the world outside counter-clockwise rings). No Dash here.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.polygon import orient

BOUNDARIES = Path(__file__).resolve().parent.parent / "data" / "seed" / "boundaries"
#: Simplification tolerance in degrees (about 2 km at the equator) and the smallest part kept (degrees²).
TOLERANCE = {"province": 0.02, "regency": 0.005}
MIN_PART = {"province": 0.01, "regency": 0.0005}


def _screen_shape(geometry: dict, level: str) -> dict | None:
    geom = shape(geometry)
    parts = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    parts = sorted(parts, key=lambda p: p.area, reverse=True)
    kept = [parts[0]] + [p for p in parts[1:] if p.area >= MIN_PART[level]]  # every region keeps its mainland
    simple = []
    for part in kept:
        s = part.simplify(TOLERANCE[level], preserve_topology=True)
        if isinstance(s, Polygon) and not s.is_empty:
            simple.append(orient(s, sign=-1.0))
    if not simple:
        return None
    out = mapping(MultiPolygon(simple) if len(simple) > 1 else simple[0])
    return json.loads(json.dumps(out), parse_float=lambda x: round(float(x), 3))


@lru_cache(maxsize=2)
def _raw(level: str) -> tuple[dict, ...]:
    name = "provinces.geojson" if level == "province" else "regencies.geojson"
    return tuple(json.loads((BOUNDARIES / name).read_text(encoding="utf-8"))["features"])


@lru_cache(maxsize=64)
def screen_geojson(level: str, parent: str | None = None) -> dict:
    """A FeatureCollection of `level` ("province" or "regency"), optionally only the children of `parent`."""
    features = []
    for feature in _raw(level):
        if parent not in (None, "ID") and feature["properties"].get("province_code", "ID") != parent:
            continue
        geometry = _screen_shape(feature["geometry"], level)
        if geometry is not None:
            props = feature["properties"]
            features.append({"type": "Feature", "id": props["code"], "geometry": geometry,
                             "properties": {"code": props["code"], "name": props["name"],
                                            "parent": props.get("province_code", "ID")}})
    return {"type": "FeatureCollection", "features": features}
