"""Test files built from the bundled seed values: BPS tables as published and tidy files (helpers, not tests)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

SEED = Path(__file__).resolve().parents[2] / "data" / "seed"


def seed_values(indicator: str, period: str) -> dict[str, float]:
    """BPS code -> value of one indicator and period in the bundled observations."""
    with (SEED / "indicators" / "observations.csv").open(encoding="utf-8") as f:
        return {r["region_code"]: float(r["value"]) for r in csv.DictReader(f)
                if r["indicator_code"] == indicator and r["period"] == period}


def crosswalk() -> list[dict]:
    with (SEED / "regions" / "crosswalk.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def bps_label(row: dict) -> str:
    """How a BPS table names a region: upper-case province, bare kabupaten, 'KOTA X' for a city."""
    if row["level"] == "province":
        return row["bps_name"]
    return f"KOTA {row['bps_name']}" if row["name"].startswith("Kota") else row["bps_name"]


def comma(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def bps_table_rows(indicator: str, periods: list[str], province_bps: str, title: str) -> tuple[list[list], dict]:
    """A BPS table as published for one province's kab/kota: title, two header rows, the province row first,
    values with a decimal comma, '-' where the seed has no value, footnotes. Returns rows and the expected
    {(kemendagri_code, period): value}."""
    values = {p: seed_values(indicator, p) for p in periods}
    regions = [r for r in crosswalk() if r["bps_code"] == province_bps or
               (r["level"] == "regency" and r["bps_province_code"] == province_bps)]
    rows: list[list] = [[title], [], ["Provinsi/Kabupaten/Kota", f"{indicator.upper()} (Tahun)"], ["", *periods]]
    expected = {}
    for r in regions:
        cells = []
        for p in periods:
            v = values[p].get(r["bps_code"])
            cells.append("-" if v is None else comma(v))
            if v is not None:
                expected[(r["kemendagri_code"], p)] = v
        rows.append([bps_label(r), *cells])
    rows += [[], ["Sumber: Badan Pusat Statistik"], ["Catatan: - = data tidak tersedia"]]
    return rows, expected


def to_csv(rows: list[list], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def to_xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
