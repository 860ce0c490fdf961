"""Screen geometry for the map: the bundled boundaries made light enough for a browser, built once and served once.

Per map level (`province`, `regency`, and `regency-<province code>` for one province's kab/kota) the BIG
boundaries from data/seed/boundaries/ are reduced for the screen: islets below a size threshold dropped (the
largest part of every region always kept, so no region disappears), shared borders simplified together
(`shapely.coverage_simplify`, no slivers between neighbours), coordinates rounded, and rings oriented
**clockwise** again, as plotly's d3-geo needs (counter-clockwise exteriors flood the whole world).

Kecamatan (`district-<province or kab/kota>`) and desa/kelurahan (`village-<province, kab/kota or kecamatan>`) come
from the prepared shapes of data/seed/villages/geometry/ (data.village_geometry: simplified per kab/kota, the
kecamatan the dissolve of their desa, so the two nest): a kab/kota or kecamatan is served at that detail as
stored; a whole province (about 8,000 desa in Jawa) is simplified once more for its smaller scale. Only
gzip and json read the prepared files: pyarrow is needed to prepare them, never to serve them.

The result is cached in memory and in `instance/geometry/` (keyed by a hash of the source file and the
parameters) and served by `/geo/<name>.geojson` gzipped with a year-long cache header: the URL carries the
version, so a changed boundary file gets a new URL. No Dash here.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import numpy as np
import shapely
from flask import Flask, Response, abort, request

from data import village_geometry
from data.seed import SEED
from services.config import PROJECT_ROOT

log = logging.getLogger(__name__)

BOUNDARIES = SEED / "boundaries"
CACHE_DIR = PROJECT_ROOT / "instance" / "geometry"
ROUTE = "/geo/"
PIPELINE = "screen-geometry-2"  # bump when the processing below changes
NAME = re.compile(r"^(province|regency|district|village)(?:-(\d{2}|\d{4}|\d{6}))?$")
#: the longest parent code each level may be drawn under (province: none; village: a kecamatan)
PARENTS = {"province": (), "regency": (2,), "district": (2, 4), "village": (2, 4, 6)}
VILLAGE_LEVELS = ("district", "village")


@dataclass(frozen=True)
class Recipe:
    """How far one geometry is reduced: islets under `islet_km2` dropped, `tolerance` degrees, `decimals` kept."""

    source: str
    islet_km2: float
    tolerance: float
    decimals: int


NATIONAL = {
    "province": Recipe("provinces.geojson", islet_km2=5.0, tolerance=0.02, decimals=3),
    "regency": Recipe("regencies.geojson", islet_km2=10.0, tolerance=0.03, decimals=3),
}
#: One province's kab/kota are drawn larger, so they keep more detail (tolerance scaled to the province's extent).
PROVINCE_DETAIL = Recipe("regencies.geojson", islet_km2=1.0, tolerance=0.0, decimals=4)


def name_for(level: str, parent: str | None = None) -> str:
    """The geometry of a map's regions: `province`, `regency`, or `regency-32` for one province's kab/kota (the
    one place this name is made; `parse_name` reads it back)."""
    return f"{level}-{parent}" if parent else level


def parse_name(name: str) -> tuple[str, str | None]:
    """'regency-32' -> ('regency', '32'); ValueError for anything else."""
    match = NAME.match(name)
    level, parent = (match.group(1), match.group(2)) if match else (None, None)
    if level is None or (parent and len(parent) not in PARENTS[level]) or (level in VILLAGE_LEVELS and not parent):
        raise ValueError(f"unknown geometry {name!r}")
    return level, parent


@lru_cache(maxsize=4)
def _source_hash(source: str) -> str:
    return hashlib.sha256((BOUNDARIES / source).read_bytes()).hexdigest()[:12]


@lru_cache(maxsize=64)
def _village_hash(province: str) -> str:
    path = village_geometry.path_for(province)
    if not path.exists():
        raise ValueError(f"no village geometry for province {province!r}")
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def version(name: str) -> str:
    level, province = parse_name(name)
    if level in VILLAGE_LEVELS:
        recipe = PROVINCE_VILLAGES if len(province) == 2 else "as stored"
        return hashlib.sha256(f"{PIPELINE}|{recipe}|{_village_hash(province[:2])}".encode()).hexdigest()[:10]
    recipe = PROVINCE_DETAIL if province else NATIONAL[level]
    return hashlib.sha256(f"{PIPELINE}|{recipe}|{_source_hash(recipe.source)}".encode()).hexdigest()[:10]


def url(name: str) -> str:
    """The address plotly fetches (once per page; plotly.js keeps it in window.PlotlyGeoAssets)."""
    return f"{ROUTE}{name}.geojson?v={version(name)}"


@lru_cache(maxsize=2)
def _read(source: str) -> gpd.GeoDataFrame:
    return gpd.read_file(BOUNDARIES / source)[["code", "geometry"]]


def drop_islets(frame: gpd.GeoDataFrame, islet_km2: float) -> np.ndarray:
    """Per region, the union of its parts of at least `islet_km2` (equal-area), always keeping its largest part."""
    parts = frame.geometry.explode(index_parts=True)
    areas = parts.to_crs(6933).area / 1e6
    keep = areas >= islet_km2
    keep.loc[list(areas.groupby(level=0).idxmax())] = True
    kept = parts[keep.to_numpy()]
    merged = kept.groupby(level=0).agg(lambda s: shapely.union_all(s.to_numpy()) if len(s) > 1 else s.iloc[0])
    return np.asarray(merged.reindex(frame.index).to_numpy())


def reduce(frame: gpd.GeoDataFrame, recipe: Recipe, tolerance: float) -> np.ndarray:
    """Islets dropped, borders simplified as one coverage, rounded, exteriors clockwise (d3-geo)."""
    geoms = drop_islets(frame, recipe.islet_km2)
    geoms = shapely.coverage_simplify(geoms, tolerance, simplify_boundary=True)
    geoms = shapely.set_precision(geoms, 10.0 ** -recipe.decimals)
    geoms = shapely.make_valid(geoms)
    geoms = np.array([_polygonal(g) for g in geoms], dtype=object)
    return shapely.orient_polygons(geoms, exterior_cw=True)


def _polygonal(geom):
    """Keep only the polygon parts (rounding can leave a stray line or point in a collection)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polys) if polys else geom


def _rings(polygon, decimals: int) -> list:
    rings = [polygon.exterior, *polygon.interiors]
    return [np.round(np.asarray(r.coords), decimals).tolist() for r in rings]


def feature(code: str, geom, decimals: int) -> dict:
    if geom.geom_type == "Polygon":
        geometry = {"type": "Polygon", "coordinates": _rings(geom, decimals)}
    else:
        geometry = {"type": "MultiPolygon", "coordinates": [_rings(p, decimals) for p in geom.geoms]}
    return {"type": "Feature", "id": code, "properties": {}, "geometry": geometry}


#: one province's desa or kecamatan drawn whole (Jawa: 1 screen pixel is about 0.004 degrees): simplified again, to
#: half a pixel. plotly's first drawing of a province's desa goes through every vertex several times (centroids,
#: hover polygons, bounds, projection): 0.002 keeps every desa of Jawa Tengah with a third fewer vertices than
#: 0.0012 (87,000, not 129,000); 0.003 would lose two of them to the rounding
PROVINCE_VILLAGES = Recipe("data/seed/villages/geometry", islet_km2=0.0, tolerance=0.002, decimals=3)


def build_villages(level: str, parent: str) -> dict:
    """Kecamatan or desa/kelurahan under `parent` from the prepared shapes: as stored for a kab/kota or kecamatan,
    simplified again for a whole province."""
    stored = village_geometry.read_layer(parent[:2], "village")
    codes = sorted(c for c in stored if c.startswith(parent))
    if not codes:
        raise ValueError(f"no {level} geometry under {parent!r}")
    if level == "village" and len(parent) > 2:
        return {"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": c, "properties": {},
             "geometry": {"type": "MultiPolygon", "coordinates": village_geometry.coordinates(stored[c])}}
            for c in codes]}
    if level == "district":
        fills = {c: p for c, p in village_geometry.read_layer(parent[:2], "district_fill").items()
                 if c.startswith(parent)}
        shapes = village_geometry.district_shapes({c: village_geometry.decode(stored[c]) for c in codes}, fills)
        codes, geoms = sorted(shapes), np.array([shapes[c] for c in sorted(shapes)], dtype=object)
        if len(parent) > 2:
            return {"type": "FeatureCollection", "features": [feature(c, g, 4) for c, g in zip(codes, geoms,
                                                                                             strict=True)]}
    else:
        geoms = np.array([village_geometry.decode(stored[c]) for c in codes], dtype=object)
    recipe = PROVINCE_VILLAGES
    # each shape on its own (3x faster than a coverage, fewer vertices): the gaps this can open between neighbours
    # are under half a screen pixel at a province's scale, and the borders are drawn over them
    reduced = shapely.simplify(geoms, recipe.tolerance, preserve_topology=True)
    reduced = shapely.make_valid(shapely.set_precision(reduced, 10.0 ** -recipe.decimals))
    reduced = shapely.orient_polygons(np.array([_polygonal(g) for g in reduced], dtype=object), exterior_cw=True)
    # a desa smaller than the rounding grid (a few in Jawa Timur and Sumatera Utara) keeps its prepared shape at
    # the prepared grid's precision: still drawn once, never dropped
    return {"type": "FeatureCollection",
            "features": [feature(c, g, recipe.decimals) if _drawable(g) else feature(c, whole, 4)
                         for c, g, whole in zip(codes, reduced, geoms, strict=True) if _drawable(g) or _drawable(whole)]}


def _drawable(geom) -> bool:
    return geom is not None and not geom.is_empty and geom.geom_type in ("Polygon", "MultiPolygon")


@lru_cache(maxsize=128)
def codes_drawn(name: str) -> frozenset[str]:
    """The codes that have a shape in geometry `name` (a desa without a shape is listed, never drawn)."""
    level, parent = parse_name(name)
    if level == "village":
        return frozenset(c for c in village_geometry.read_layer(parent[:2], "village") if c.startswith(parent))
    return frozenset(f["id"] for f in json.loads(gzip.decompress(gzipped(name)))["features"])


def build(name: str) -> dict:
    """The screen GeoJSON FeatureCollection for `name` (feature ids are the Kemendagri codes)."""
    level, province = parse_name(name)
    if level in VILLAGE_LEVELS:
        return build_villages(level, province)
    recipe = PROVINCE_DETAIL if province else NATIONAL[level]
    frame = _read(recipe.source)
    tolerance = recipe.tolerance
    if province:
        frame = frame[frame["code"].str.startswith(province)].reset_index(drop=True)
        if frame.empty:
            raise ValueError(f"no kab/kota for province {province!r}")
        minx, miny, maxx, maxy = frame.total_bounds
        tolerance = float(np.clip(max(maxx - minx, maxy - miny) / 500, 0.001, 0.02))
    geoms = reduce(frame, recipe, tolerance)
    return {"type": "FeatureCollection",
            "features": [feature(c, g, recipe.decimals) for c, g in zip(frame["code"], geoms, strict=True)]}


@lru_cache(maxsize=64)
def gzipped(name: str) -> bytes:
    """The gzipped GeoJSON bytes, from instance/geometry/ when built before, else built now and stored there."""
    path = CACHE_DIR / f"{name}-{version(name)}.geojson.gz"
    if path.exists():
        return path.read_bytes()
    body = json.dumps(build(name), separators=(",", ":")).encode()
    data = gzip.compress(body, compresslevel=9, mtime=0)
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:  # a read-only install still serves from memory
        log.warning("geometry cache not written: %s", exc)
    return data


def register(server: Flask) -> None:
    @server.route(f"{ROUTE}<name>.geojson")
    def geometry(name: str):
        try:
            data = gzipped(name)
        except ValueError:
            abort(404)
        etag = version(name)
        if request.if_none_match.contains(etag):
            return Response(status=304)
        if "gzip" in request.headers.get("Accept-Encoding", ""):
            response = Response(data, mimetype="application/geo+json")
            response.headers["Content-Encoding"] = "gzip"
        else:
            response = Response(gzip.decompress(data), mimetype="application/geo+json")
        response.headers["Vary"] = "Accept-Encoding"
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        response.set_etag(etag)
        return response
