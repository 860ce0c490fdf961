"""The village codes of the Indeks Desa Membangun files (Kemendes PDTT), translated to 2025 Kemendagri codes.

A Kemendes IDM download numbers its desa by IDM's own (pre-2025) codes. In Papua Barat Daya that numbering is the
one before Kepmendagri 2025: most codes do not exist in the 2025 list and most that do are ANOTHER village; about a
hundred more desa elsewhere moved to new kecamatan. Read as Kemendagri codes, such a file puts values on the wrong
villages. The bundled data/seed/villages/idm_code_map.csv (a name match within the regency, with its method and
note; SOURCE.md there) is the only translation: a code it leaves empty or does not list is refused, never guessed.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from data.ingest.values import CellError

MAP = Path(__file__).resolve().parents[1] / "seed" / "villages" / "idm_code_map.csv"


@dataclass(frozen=True)
class IdmCode:
    """One row of idm_code_map.csv: the 2025 code ('' when unmatched), how it was found and why."""

    kemendagri: str
    method: str
    note: str


@lru_cache(maxsize=1)
def idm_code_map() -> dict[str, IdmCode]:
    """IDM 2024 village code -> its row of the map (75,265 rows, read once)."""
    with MAP.open(encoding="utf-8") as f:
        return {r["idm_code"]: IdmCode(r["kemendagri_code"], r["method"], r["note"]) for r in csv.DictReader(f)}


def translate(code: str) -> str | None:
    """The 2025 Kemendagri code of an IDM village code, None when the map does not translate it."""
    found = idm_code_map().get(code)
    return found.kemendagri if found is not None and found.kemendagri else None


def to_kemendagri(code: str) -> str:
    """translate(), raising a CellError (ID+EN) that says why a code is not translated."""
    found = idm_code_map().get(code)
    if found is None:
        raise CellError(f"kode desa IDM {code!r} tidak ada di peta kode IDM 2024 (idm_code_map.csv, Kemendes PDTT); "
                        "periksa kodenya atau pilih sistem kode Kemendagri",
                        f"IDM village code {code!r} is not in the IDM 2024 code map (idm_code_map.csv, Kemendes "
                        "PDTT); check the code or choose the Kemendagri code system")
    if not found.kemendagri:
        raise CellError(f"kode desa IDM {code} tidak punya padanan kode Kemendagri 2025 di peta kode IDM 2024 "
                        f"(tidak ada nama desa yang cocok secara tunggal): {found.note}",
                        f"IDM village code {code} has no 2025 Kemendagri code in the IDM 2024 code map (no unique "
                        f"village name matches): {found.note}")
    return found.kemendagri
