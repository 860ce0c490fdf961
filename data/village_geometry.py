"""The desa/kelurahan and kecamatan shapes the map draws: prepared once from the shared bundle, read back at run time.

`python -m data.village_geometry ../shared/data/villages` (needs pyarrow, which the app itself does not) rewrites
data/seed/villages/geometry/<province>.json.gz from `desa/<province>.parquet`, `kecamatan.geojson` and
`regions.csv` of that folder (its SOURCE.md, Warnings 4 and 5):
- desa/kelurahan: borders simplified together per kab/kota (`shapely.coverage_simplify`, no slivers between
  neighbours) to `TOLERANCE` degrees, snapped to a 1e-4 degree grid (about 11 m);
- kecamatan are NOT stored: `district_shapes` dissolves those same desa at run time, so the two layers nest exactly
  (and the files stay a quarter smaller). Where a kecamatan lacks the shape of one of its villages (SOURCE.md
  Appendix B), the bundle's coarser kecamatan polygon, cut back to where no complete neighbour lies, is stored as
  its `district_fill` and added to the dissolve;
- rings clockwise (exteriors), as plotly's d3-geo needs.

The file is JSON, gzipped: {"version", "tolerance", "village": {code: polygons}, "district_fill": {code: polygons}},
each polygon a list of rings, each ring `[x0, y0, dx1, dy1, ...]` in grid units (integers, delta-coded), about a
third of the size of plain GeoJSON. `read_layer` returns one layer, `decode` one shape.
Imports nothing of ours (data room).
"""
from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

FOLDER = Path(__file__).resolve().parent / "seed" / "villages" / "geometry"
GRID = 1e-4  # degrees per stored unit
TOLERANCE = 0.0005  # degrees (about 55 m): under a screen pixel for a kab/kota on a 1366 px map
FORMAT = "village-geometry-2"


def path_for(province: str) -> Path:
    return FOLDER / f"{province}.json.gz"


def provinces() -> list[str]:
    return sorted(p.name.split(".")[0] for p in FOLDER.glob("*.json.gz"))


# --- encoding ---------------------------------------------------------------------------------------------------

def _ring_ints(ring) -> list[int]:
    xy = np.rint(np.asarray(ring.coords)[:, :2] / GRID).astype(np.int64)
    deltas = np.vstack([xy[:1], np.diff(xy, axis=0)])
    return deltas.ravel().tolist()


def encode(geom) -> list:
    polygons = [geom] if geom.geom_type == "Polygon" else list(geom.geoms)
    return [[_ring_ints(p.exterior), *[_ring_ints(r) for r in p.interiors]] for p in polygons]


def _ring_coords(ints: list[int]) -> np.ndarray:
    return np.cumsum(np.asarray(ints, dtype=np.int64).reshape(-1, 2), axis=0) * GRID


def decode(polygons: list):
    shapes = [shapely.Polygon(_ring_coords(rings[0]), [_ring_coords(r) for r in rings[1:]]) for rings in polygons]
    return shapes[0] if len(shapes) == 1 else shapely.MultiPolygon(shapes)


def coordinates(polygons: list, decimals: int = 4) -> list:
    """GeoJSON MultiPolygon coordinates straight from the stored integers (no shapely round trip)."""
    return [[np.round(_ring_coords(r), decimals).tolist() for r in rings] for rings in polygons]


def read(province: str) -> dict:
    return json.loads(gzip.decompress(path_for(province).read_bytes()))


def read_layer(province: str, layer: str) -> dict[str, list]:
    """{code: stored polygons} of one layer ('village' or 'district_fill') of one province; {} when it has none."""
    if not path_for(province).exists():
        return {}
    return read(province)[layer]


def district_shapes(villages: dict, fills: dict) -> dict:
    """{kecamatan: shape}: the union of its desa's shapes (decoded), plus its stored fill where it has one."""
    parts: dict[str, list] = {}
    for code, geom in villages.items():
        parts.setdefault(code[:6], []).append(geom)
    for code, polygons in fills.items():
        parts.setdefault(code, []).append(decode(polygons))
    codes = sorted(parts)
    merged = finish([shapely.union_all(parts[c]) for c in codes])
    return {c: g for c, g in zip(codes, merged, strict=True) if g is not None}


# --- preparation (needs geopandas + pyarrow; run by hand, output committed) --------------------------------------

def polygonal(geom):
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else None


def finish(geoms) -> list:
    """Snapped to the grid, valid, polygonal, exteriors clockwise."""
    geoms = shapely.make_valid(shapely.set_precision(np.asarray(geoms, dtype=object), GRID))
    geoms = [polygonal(g) for g in geoms]
    return [None if g is None else shapely.orient_polygons(g, exterior_cw=True) for g in geoms]


def prepare_province(source: Path, province: str, kecamatan, regions) -> dict:
    import geopandas as gpd  # heavy, and only the preparation reads GeoParquet

    desa = gpd.read_parquet(source / "desa" / f"{province}.parquet")[["code", "kecamatan_code", "geometry"]]
    desa = desa.sort_values("code").reset_index(drop=True)
    simplified = np.empty(len(desa), dtype=object)
    for _regency, index in desa.groupby(desa["code"].str[:4]).groups.items():
        rows = np.asarray(index)
        simplified[rows] = shapely.coverage_simplify(desa.geometry.to_numpy()[rows], TOLERANCE,
                                                     simplify_boundary=True)
    village = dict(zip(desa["code"], finish(simplified), strict=True))
    wanted = regions[(regions["level"] == "village") & regions["code"].str.startswith(province)]
    have = set(desa["code"])
    incomplete = set(wanted.loc[~wanted["code"].isin(have), "parent_code"])
    dissolved = {kec: shapely.union_all([village[c] for c in codes if village[c] is not None])
                 for kec, codes in desa.groupby("kecamatan_code")["code"]}
    fills = {}
    kec_rows = kecamatan[kecamatan["code"].str.startswith(province)]
    for code, shape in zip(kec_rows["code"], kec_rows.geometry, strict=True):
        if code in incomplete or code not in dissolved:
            others = [g for k, g in dissolved.items() if k != code and k[:4] == code[:4] and k not in incomplete]
            fill = shapely.difference(shape, shapely.union_all(others)) if others else shape
            if code in dissolved:
                fill = shapely.difference(fill, dissolved[code])
            fills[code] = fill
    fills = {c: g for c, g in zip(fills, finish(list(fills.values())), strict=True) if g is not None}
    return {"version": FORMAT, "tolerance": TOLERANCE,
            "village": {c: encode(g) for c, g in village.items() if g is not None},
            "district_fill": {c: encode(g) for c, g in sorted(fills.items())}}


def prepare(source: Path, only: list[str] | None = None) -> None:
    import geopandas as gpd  # heavy, and only the preparation reads GeoParquet

    kecamatan = gpd.read_file(source / "kecamatan.geojson")[["code", "geometry"]]
    regions = pd.read_csv(source / "regions.csv", dtype=str, keep_default_na=False)
    FOLDER.mkdir(parents=True, exist_ok=True)
    for parquet in sorted((source / "desa").glob("*.parquet")):
        province = parquet.stem
        if only and province not in only:
            continue
        data = prepare_province(source, province, kecamatan, regions)
        body = json.dumps(data, separators=(",", ":")).encode()
        path_for(province).write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
        print(province, len(data["village"]), "desa/kelurahan", len(data["district_fill"]), "kecamatan fills",
              path_for(province).stat().st_size, "bytes", flush=True)


if __name__ == "__main__":
    prepare(Path(sys.argv[1]), sys.argv[2:] or None)
