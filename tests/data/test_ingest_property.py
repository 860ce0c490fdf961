"""Property: for 1,000 generated files, malformed, partly malformed or valid, a commit either writes the whole
file (exactly when an independent oracle says every cell is valid) or leaves the store unchanged."""
from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, func, select
from sqlalchemy.pool import StaticPool

from data import ingest
from data.errors import ValidationError
from data.ingest import ImportOptions
from data.ingest.regions import RegionResolver
from data.schema import ImportBatch, Observation

# (cell text, canonical Kemendagri code or None when the cell is invalid)
REGIONS = [("3273", "3273"), ("32.73", "3273"), ("Kota Bandung", "3273"), ("KOTA BANDUNG", "3273"),
           ("Kab. Bogor", "3201"), ("BOGOR", "3201"), ("32", "32"), ("ID", "ID"), ("S I A K", "1408"),
           ("9999", None), ("Atlantis", None), ("", None), ("Gorontalo", None), ("32.7", None)]
PERIODS = [("2024", "2024"), ("2023", "2023"), ("2022*", "2022"), ("2024-03", None), ("20x4", None),
           ("", None), ("1800", None), ("2024-Q1", None)]
# (text with a decimal point, text with a decimal comma, number or None when invalid; "na" = not available)
VALUES = [("70.5", "70,5", 70.5), ("71", "71", 71.0), ("99.99", "99,99", 99.99), ("-", "-", "na"),
          ("...", "...", "na"), ("abc", "abc", None), ("170", "170", None), ("1.234,5", "1,234.5", None),
          ("=1+1", "=1+1", None), ("-5", "-5", None)]
INDICATORS = [("ipm", True), ("ipm", True), ("xyz", False), ("", False)]
BREAKAGES = [None] * 6 + ["nul", "utf16", "empty", "noheader", "random"]


@st.composite
def files(draw):
    n = draw(st.integers(1, 5))
    comma = draw(st.booleans())
    rows, oracle, keys, numbers = [], True, set(), 0
    for _ in range(n):
        region, code = draw(st.sampled_from(REGIONS[:9]) if draw(st.integers(0, 4)) else st.sampled_from(REGIONS))
        period, canon = draw(st.sampled_from(PERIODS[:3]) if draw(st.integers(0, 4)) else st.sampled_from(PERIODS))
        point_text, comma_text, number = draw(
            st.sampled_from(VALUES[:5]) if draw(st.integers(0, 4)) else st.sampled_from(VALUES))
        indicator, good = draw(st.sampled_from(INDICATORS[:2]) if draw(st.integers(0, 6)) else
                               st.sampled_from(INDICATORS))
        oracle &= code is not None and canon is not None and number is not None and good
        if code and canon:
            oracle &= (code, canon) not in keys
            keys.add((code, canon))
        numbers += isinstance(number, float)
        rows.append([indicator, region, period, comma_text if comma else point_text])
    delimiter = ";" if comma else ","
    quote = lambda c: f'"{c}"' if delimiter in c else c
    text = "\r\n".join(delimiter.join(quote(c) for c in row) for row in [["indikator", "wilayah", "periode", "nilai"],
                                                                          *rows]) + "\r\n"
    content = text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])))
    breakage = draw(st.sampled_from(BREAKAGES))
    if breakage == "nul":
        at = draw(st.integers(0, len(content)))
        content = content[:at] + b"\x00" + content[at:]
    elif breakage == "utf16":
        content = text.encode("utf-16")
    elif breakage == "empty":
        content = b""
    elif breakage == "noheader":
        content = content.split(b"\r\n", 1)[1]
    elif breakage == "random":
        content = draw(st.binary(min_size=1, max_size=200)) + b"\x00"
    return content, oracle and numbers > 0 and breakage is None


def fingerprint(conn) -> tuple:
    """Rows written so far on the one in-memory connection (SQLite's total_changes), plus the visible tables."""
    return (conn.exec_driver_sql("SELECT total_changes()").scalar(),
            conn.scalar(select(func.max(Observation.id))), conn.scalar(select(func.count()).select_from(ImportBatch)))


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(case=files())
def test_store_unchanged_unless_whole_file_valid(case, store_for_property):
    engine, resolver = store_for_property
    content, valid = case
    with engine.connect() as conn:
        before = fingerprint(conn)
    try:
        result = ingest.commit(engine, content, "gen.csv", ImportOptions(), resolver=resolver)
    except ValidationError as refused:
        assert not valid, [p.text("en") for p in refused.problems]
        with engine.connect() as conn:
            assert fingerprint(conn) == before
    else:
        assert valid, content
        with engine.connect() as conn:
            after = fingerprint(conn)
        assert after[2] == before[2] + 1
        assert after[1] == before[1] + result.diff.new + result.diff.changed


@pytest.fixture
def store_for_property(seeded_template):
    """The seeded store copied into an in-memory SQLite database (one connection), so 1,000 commits stay fast."""
    memory = sqlite3.connect(":memory:", check_same_thread=False)
    source = sqlite3.connect(seeded_template)
    source.backup(memory)
    source.close()
    memory.execute("PRAGMA foreign_keys=ON")
    engine = create_engine("sqlite://", creator=lambda: memory, poolclass=StaticPool)
    with engine.connect() as conn:
        resolver = RegionResolver(conn)
    yield engine, resolver
    engine.dispose()
    memory.close()


# ------------------------------------------------------------------ BPS tables: level, renamings, the Papua split
# (row name, Kemendagri code or None when refused) in a province table ("... Menurut Provinsi"): names shared with
# a kab/kota are the province; a name that fits a kab/kota only is that kab/kota; a former name is its region.
PROVINCE_ROWS = [("JAMBI", "15"), ("Bengkulu", "17"), ("Gorontalo", "75"), ("Kota Bandung", "3273"),
                 ("Toba Samosir", "1212"), ("Mamuju Utara", "7601"), ("INDONESIA", "ID"), ("Atlantis", None)]
#: Kab/kota rows under the 'PAPUA' header row of a kab/kota table: (name, code, last year it may stand there).
PAPUA_ROWS = [("Merauke", "9301", 2024), ("Jayapura", "9103", 9999), ("Kota Jayapura", "9171", 9999),
              ("Puncak", "9405", 2024)]


@st.composite
def bps_tables(draw):
    year = draw(st.sampled_from([2019, 2022, 2024, 2025]))
    if draw(st.booleans()):
        rows = draw(st.lists(st.sampled_from(PROVINCE_ROWS), min_size=1, max_size=5, unique=True))
        title, lines = f"Tingkat Pengangguran Terbuka Menurut Provinsi (Persen), {year}", rows
        valid = all(code for _, code in rows)
    else:
        rows = draw(st.lists(st.sampled_from(PAPUA_ROWS), min_size=1, max_size=4, unique=True))
        title = f"Tingkat Pengangguran Terbuka Menurut Kabupaten/Kota (Persen), {year}"
        lines = [("PAPUA", "91"), *[(name, code) for name, code, _ in rows]]
        valid = all(year <= until for _, _, until in rows)
    text = f"\"{title}\"\nProvinsi/Kabupaten/Kota,{year}\n" + "".join(f"{name},{3.5 + i / 10:.2f}\n"
                                                                    for i, (name, _) in enumerate(lines))
    return text.encode(), valid, {code for _, code in lines if code}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(case=bps_tables())
def test_bps_table_rules_commit_whole_or_nothing(case, store_for_property):
    """A province table reads shared names as provinces and a kab/kota-only name as the kab/kota; renamed regencies
    resolve by their former name; a kab/kota under its pre-split province is accepted up to 2024, refused after."""
    engine, resolver = store_for_property
    content, valid, codes = case
    with engine.connect() as conn:
        before = fingerprint(conn)
    try:
        result = ingest.commit(engine, content, "tpt.csv", ImportOptions(indicator="tpt"), resolver=resolver)
    except ValidationError as refused:
        assert not valid, [p.text("en") for p in refused.problems]
        with engine.connect() as conn:
            assert fingerprint(conn) == before
    else:
        assert valid, content
        assert set(result.frame["region_code"]) == codes
