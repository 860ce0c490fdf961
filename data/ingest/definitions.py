"""New indicators defined in the same upload: an XLSX sheet named `indikator` (or `indicator`), one row per
indicator, beside the data sheet. Lets an agency load, say, its service-satisfaction index (IKM) or complaint
figures through the normal import without a code change. Only new codes: an existing indicator's metadata is
changed in the catalogue, never by an upload.

Columns (Indonesian or English headers): kode/code, nama/name_id, name_en, satuan/unit, tema/theme,
arah/higher_is_better (naik/turun, true/false), frekuensi/frequency, produsen/producer, min, max, sdg,
kota_cerdas/smartcity_codes, definisi/definition_id. New indicators start in tier `internal`; an admin opens them.
"""
from __future__ import annotations

import math
import re

from data.errors import Problem
from data.ingest.files import column_letter
from data.ingest.values import FREQUENCY_SHAPES, clean
from data.schema import THEMES, Indicator

#: The length of every bounded text column of `indicator`, read from the schema (the one place they are set).
TEXT_LIMITS = {c.name: length for c in Indicator.__table__.columns if (length := getattr(c.type, "length", None))}

SHEET_NAMES = ("indikator", "indicator", "indikator_baru", "new_indicators")
#: An SDG target or indicator code ("1.2", "1.2.1", "16.a", "3.b.1"), optionally with a qualifier the seed uses
#: ("10.1 (terkait)", "6.1.1 (proksi nasional)").
SDG_CODE = re.compile(r"^(1[0-7]|[1-9])\.([1-9][0-9]?|[a-d])(\.[1-9][0-9]?)?( \((terkait|proksi nasional)\))?$")
#: A smart-city indicator number of SNI ISO 37120 / 37122 / 37123: "37120:5.1", "37122:10.3".
SMARTCITY_CODE = re.compile(r"^3712[023]:[1-9][0-9]?\.[1-9][0-9]?$")


def split_tags(text: str | None) -> list[str]:
    """"1.2.1, 8.5.2; 10.1 (terkait)" -> the codes, duplicates dropped."""
    return list(dict.fromkeys(c.strip() for c in re.split(r"[,;]", text or "") if c.strip()))
CODE = re.compile(r"^[a-z][a-z0-9_]{1,63}$")
HEADERS = {
    "code": ("kode", "code", "kode_indikator", "indicator_code"),
    "name_id": ("nama", "name_id", "nama_indikator"),
    "name_en": ("name_en", "nama_en", "name"),
    "unit": ("satuan", "unit"),
    "theme": ("tema", "theme"),
    "higher_is_better": ("arah", "higher_is_better", "makin_tinggi_makin_baik"),
    "frequency": ("frekuensi", "frequency"),
    "producer": ("produsen", "producer", "produsen_data"),
    "min_value": ("min", "min_value", "nilai_min"),
    "max_value": ("max", "max_value", "nilai_maks", "nilai_max"),
    "sdg_target": ("sdg", "sdg_target", "target_sdg"),
    "smartcity_codes": ("kota_cerdas", "smartcity_codes", "smart_city"),
    "definition_id": ("definisi", "definition_id", "definition"),
}
REQUIRED = ("code", "name_id", "unit", "theme", "producer")
POLARITY = {"naik": True, "true": True, "ya": True, "yes": True, "turun": False, "false": False, "tidak": False,
            "no": False, "": None, "netral": None, "neutral": None}
FREQUENCIES = {"tahunan": "annual", "annual": "annual", "semesteran": "semester", "semester": "semester",
               "bulanan": "monthly", "monthly": "monthly", "triwulanan": "quarterly", "quarterly": "quarterly",
               "survei": "survey", "survey": "survey", "evaluasi": "evaluation", "evaluation": "evaluation", "": "annual"}


def _header_map(header: list[object]) -> dict[str, int]:
    names = [re.sub(r"\W+", "_", str(h or "").strip().casefold()).strip("_") for h in header]
    found = {}
    for field, aliases in HEADERS.items():
        for i, name in enumerate(names):
            if name in aliases:
                found[field] = i
                break
    return found


def _number(text: str) -> float | None:
    """A bound ('0', '99,5') or None when empty; ValueError for anything else, 'nan' and 'inf' included."""
    if not text:
        return None
    number = float(text.replace(",", "."))
    if not math.isfinite(number):
        raise ValueError(text)
    return number


def parse(sheet: str, rows: list[list[object]], known: set[str]) -> tuple[list[dict], list[Problem]]:
    """Validated new-indicator rows and every problem (row, `sheet!column`, both languages)."""
    problems: list[Problem] = []
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(c not in (None, "") for c in r)]
    if not numbered:
        return [], []
    (head_number, head), *body = numbered
    columns = _header_map(head)
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        return [], [Problem(head_number, sheet, f"lembar {sheet!r} tanpa kolom {', '.join(missing)}",
                            f"sheet {sheet!r} lacks the column(s) {', '.join(missing)}")]
    found, seen = [], set()
    for number, row in body:
        cell = {f: clean(row[i]) if i < len(row) and row[i] is not None else "" for f, i in columns.items()}
        where = lambda f: f"{sheet}!{column_letter(columns[f])} ({f})"
        bad = []
        code = cell["code"].strip().lower()
        if not CODE.match(code):
            bad.append(("code", f"kode {cell['code']!r} tidak sah (huruf kecil, angka, _)",
                        f"invalid code {cell['code']!r} (lower-case letters, digits, _)"))
        elif code in known:
            bad.append(("code", f"indikator {code!r} sudah ada; ubah metadatanya di katalog",
                        f"indicator {code!r} already exists; change its metadata in the catalogue"))
        elif code in seen:
            bad.append(("code", f"kode {code!r} dua kali", f"code {code!r} twice"))
        for field in ("name_id", "unit", "producer"):
            if not cell[field].strip():
                bad.append((field, f"{field} kosong", f"empty {field}"))
        if cell["theme"] not in THEMES:
            bad.append(("theme", f"tema {cell['theme']!r} tidak dikenal ({', '.join(THEMES)})",
                        f"unknown theme {cell['theme']!r} ({', '.join(THEMES)})"))
        polarity = cell.get("higher_is_better", "").strip().casefold()
        if polarity not in POLARITY:
            bad.append(("higher_is_better", f"arah {polarity!r}: naik atau turun", f"direction {polarity!r}: naik or turun"))
        frequency = FREQUENCIES.get(cell.get("frequency", "").strip().casefold())
        if frequency is None or frequency not in FREQUENCY_SHAPES:
            bad.append(("frequency", f"frekuensi {cell.get('frequency')!r} tidak dikenal",
                        f"unknown frequency {cell.get('frequency')!r}"))
        try:
            low, high = _number(cell.get("min_value", "")), _number(cell.get("max_value", ""))
        except ValueError:
            bad.append(("min_value", "batas min/max bukan angka", "min/max bound is not a number"))
            low = high = None
        if low is not None and high is not None and low > high:
            bad.append(("min_value", "min lebih besar dari max", "min is above max"))
        for field, pattern in (("sdg_target", SDG_CODE), ("smartcity_codes", SMARTCITY_CODE)):
            wrong = [c for c in split_tags(cell.get(field)) if not pattern.match(c)]
            if wrong:
                bad.append((field, f"kode tidak sah: {', '.join(wrong[:3])}", f"invalid code: {', '.join(wrong[:3])}"))
        record = {"code": code, "name_id": cell["name_id"].strip(),
                  "name_en": (cell.get("name_en") or cell["name_id"]).strip(), "unit": cell["unit"].strip(),
                  "theme": cell["theme"], "higher_is_better": POLARITY.get(polarity), "frequency": frequency,
                  "producer": cell["producer"].strip(), "min_value": low, "max_value": high,
                  "sdg_target": ", ".join(split_tags(cell.get("sdg_target"))) or None,
                  "smartcity_codes": ", ".join(split_tags(cell.get("smartcity_codes"))) or None,
                  "definition_id": cell.get("definition_id") or None, "tier": "internal", "decimals": 2,
                  "headline": False, "sort_order": 200}
        bad += too_long(record, {f for f in columns if cell[f]})
        problems += [Problem(number, where(f) if f in columns else sheet, rid, ren) for f, rid, ren in bad]
        seen.add(code)
        if not bad:
            found.append(record)
    return found, problems


def too_long(record: dict, given: set[str]) -> list[tuple[str, str, str]]:
    """Texts longer than their `indicator` column holds (the same refusal on SQLite, which would store them, and on
    PostgreSQL, which would fail the commit); only fields the sheet fills, so a long name copied to name_en is reported once."""
    bad = []
    for field, value in record.items():
        limit = TEXT_LIMITS.get(field)
        if field in given and isinstance(value, str) and limit is not None and len(value) > limit:
            bad.append((field, f"{field} terlalu panjang: {len(value)} karakter, paling banyak {limit}",
                        f"{field} is too long: {len(value)} characters, at most {limit}"))
    return bad
