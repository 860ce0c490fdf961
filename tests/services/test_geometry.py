"""Screen geometry: every region kept, exterior rings clockwise for d3-geo, light enough, served gzipped once."""
import gzip
import json

import pytest
import shapely
from shapely.geometry import shape

from services import geometry


@pytest.fixture(scope="module")
def regency():
    return geometry.build("regency")


def _polygons(feature):
    geom = shape(feature["geometry"])
    return list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]


def test_every_kabkota_is_kept_and_visible(regency):
    codes = [f["id"] for f in regency["features"]]
    assert len(codes) == 514 and len(set(codes)) == 514
    for feature in regency["features"]:
        geom = shape(feature["geometry"])
        assert not geom.is_empty and geom.area > 0, feature["id"]


def test_exterior_rings_are_clockwise_and_holes_counter_clockwise(regency):
    # plotly's d3-geo floods the world outside a counter-clockwise exterior (STYLE.md pitfall 7)
    for feature in regency["features"]:
        for polygon in _polygons(feature):
            assert not polygon.exterior.is_ccw, feature["id"]
            assert all(ring.is_ccw for ring in polygon.interiors), feature["id"]


def test_screen_geometry_is_light():
    for name, limit in (("regency", 500_000), ("province", 500_000)):
        data = geometry.gzipped(name)
        assert len(data) < limit
        collection = json.loads(gzip.decompress(data))
        vertices = sum(shapely.get_num_coordinates(shape(f["geometry"])) for f in collection["features"])
        assert vertices < 30_000, name


def test_one_province_keeps_more_detail_and_only_its_kabkota():
    jabar = geometry.build("regency-32")
    assert sorted(f["id"][:2] for f in jabar["features"]) == ["32"] * 27
    national = {f["id"]: f for f in geometry.build("regency")["features"] if f["id"].startswith("32")}
    detail = sum(shapely.get_num_coordinates(shape(f["geometry"])) for f in jabar["features"])
    coarse = sum(shapely.get_num_coordinates(shape(f["geometry"])) for f in national.values())
    assert detail > coarse


@pytest.mark.parametrize("name", ["kecamatan", "province-32", "regency-3", "regency-99"])
def test_unknown_geometry_names_are_refused(name):
    with pytest.raises(ValueError):
        geometry.gzipped(name)


def test_route_serves_gzip_with_long_cache_and_etag(client):
    url = geometry.url("province")
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]
    assert len(json.loads(gzip.decompress(response.data))["features"]) == 38
    again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    plain = client.get(url)
    assert json.loads(plain.data)["type"] == "FeatureCollection"
    assert client.get("/geo/nothing.geojson").status_code == 404


# --- kecamatan and desa (data/seed/villages/geometry/, prepared by data.village_geometry) -------------------------

@pytest.mark.parametrize("name", ["village", "district", "district-320105", "village-3201052008", "province-3201"])
def test_village_geometry_names_need_a_fitting_parent(name):
    with pytest.raises(ValueError):
        geometry.parse_name(name)


def test_desa_of_bogor_are_all_drawn_and_clockwise():
    bogor = geometry.build("village-3201")
    codes = [f["id"] for f in bogor["features"]]
    assert len(codes) == len(set(codes)) == 435 and all(c.startswith("3201") and len(c) == 10 for c in codes)
    for feature in bogor["features"]:
        for polygon in _polygons(feature):
            assert polygon.is_valid and not polygon.exterior.is_ccw, feature["id"]
    assert len(geometry.build("village-320105")["features"]) == 9  # one kecamatan: its own desa only


def test_kecamatan_are_the_dissolve_of_their_desa_so_the_layers_nest():
    desa = {f["id"]: shape(f["geometry"]) for f in geometry.build("village-3201")["features"]}
    kecamatan = {f["id"]: shape(f["geometry"]) for f in geometry.build("district-3201")["features"]}
    assert len(kecamatan) == 40
    for code, geom in kecamatan.items():
        union = shapely.union_all([g for c, g in desa.items() if c.startswith(code)])
        assert not geom.exterior.is_ccw if geom.geom_type == "Polygon" else True
        assert abs(union.area - geom.area) <= 1e-6 + 1e-3 * geom.area, code  # same shapes, up to the grid


def test_a_whole_province_of_desa_fits_the_budget():
    data = geometry.gzipped("village-32")  # 5,957 desa/kelurahan of Jawa Barat
    assert len(data) < 3_000_000
    assert len(json.loads(gzip.decompress(data))["features"]) == 5957


def test_a_whole_province_of_desa_is_simplified_to_half_a_screen_pixel():
    # plotly goes through every vertex several times before the first map shows: at 0.0012 degrees Jawa Barat's
    # desa had 106,778 of them; at half a pixel (0.002) about 70,000, and not one desa is lost
    features = json.loads(gzip.decompress(geometry.gzipped("village-32")))["features"]
    assert {f["id"] for f in features} == geometry.codes_drawn("village-32")
    vertices = sum(len(ring.coords) for f in features for polygon in _polygons(f)
                   for ring in [polygon.exterior, *polygon.interiors])
    assert vertices < 80_000


def test_no_desa_of_a_province_is_lost_to_the_simplification():
    # Jawa Timur: 3525161013 and 3524142017 are smaller than the 0.001 degree rounding grid; they keep their
    # prepared shape instead of vanishing from the map
    features = json.loads(gzip.decompress(geometry.gzipped("village-35")))["features"]
    assert sorted(f["id"] for f in features) == sorted(geometry.codes_drawn("village-35"))
    assert all(not shape(f["geometry"]).is_empty for f in features)


def test_route_serves_village_geometry(client):
    response = client.get(geometry.url("village-3201"), headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    assert len(json.loads(gzip.decompress(response.data))["features"]) == 435
    assert client.get("/geo/village-99.geojson").status_code == 404
