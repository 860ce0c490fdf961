"""Finding the Kemendagri code of a region written in a file: by Kemendagri or BPS code, or by exact name.

Names are compared after normalising case, spaces, punctuation and the usual abbreviations ("Kab." = "Kabupaten",
"Kep." = "Kepulauan", "Adm." / "Administrasi" dropped). BPS names come from region_code_map.source_name. BPS tables
write a kabupaten without a prefix and a city as "Kota X", so a bare "Bandung" is Kabupaten Bandung and "Kota
Bandung" the city. A name that still fits two regions is an error naming both, unless the province the table is in
decides it.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Connection, select

from data.ingest.values import CellError, clean
from data.schema import Region, RegionCodeMap

SYSTEMS = ("auto", "kemendagri", "bps")
#: Former official names and spelling variants still used in BPS tables, with the reason (data/seed/regions).
ALIASES = Path(__file__).resolve().parents[1] / "seed" / "regions" / "aliases.csv"
_ABBREVIATIONS = ((r"\bkab\b\.?", "kabupaten "), (r"\bkep\b\.?", "kepulauan "), (r"\bkotamadya\b", "kota "),
                  (r"\badm\b\.?", " "), (r"\badministrasi\b", " "), (r"^\s*prov(insi)?\b\.?", " "))


@lru_cache(maxsize=8192)
def _name_key(low: str) -> str:
    for pattern, replacement in _ABBREVIATIONS:
        low = re.sub(pattern, replacement, low)
    return re.sub(r"[^0-9a-z]", "", low)


@lru_cache(maxsize=1)
def name_aliases() -> tuple[tuple[str, str], ...]:
    """(name, Kemendagri code) of every row of aliases.csv."""
    with ALIASES.open(encoding="utf-8") as f:
        return tuple((row["name"], row["kemendagri_code"]) for row in csv.DictReader(f))


def name_key(text: object) -> str:
    """'KAB. S I A K' -> 'kabupatensiak'; 'Kep. Seribu' -> 'kepulauanseribu'."""
    return _name_key(clean(text).lower())


def code_key(text: object) -> str:
    """'32.73' / 3273 / ' 3273 ' -> '3273'; 'id' -> 'ID'."""
    raw = clean(text).replace(".", "").replace(" ", "")
    return "ID" if raw.upper() == "ID" else raw


def looks_like_code(text: object) -> bool:
    raw = code_key(text)
    return raw == "ID" or (raw.isdigit() and len(raw) in (2, 4))


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: str
    parent: str | None


class RegionResolver:
    """Every region, the BPS code map and the name index, read once per import."""

    def __init__(self, conn: Connection):
        self.places = {r.code: Place(r.code, r.name, r.level, r.parent_code) for r in conn.execute(
            select(Region.code, Region.name, Region.level, Region.parent_code))}
        rows = conn.execute(select(RegionCodeMap.system, RegionCodeMap.code, RegionCodeMap.region_code,
                                   RegionCodeMap.source_name)).all()
        self.bps = {r.code: r.region_code for r in rows if r.system == "bps"}
        self.names: dict[str, set[str]] = defaultdict(set)
        for place in self.places.values():
            self.names[name_key(place.name)].add(place.code)
        self._bare_aliases(self.places.values(), lambda p: p.name.split(" ", 1)[-1])
        bps_names = {r.region_code: r.source_name for r in rows if r.system == "bps" and r.source_name}
        for code, source_name in bps_names.items():
            if code not in self.places:
                continue
            place = self.places[code]
            if place.level != "regency":
                self.names[name_key(source_name)].add(code)
                continue
            kind = place.name.split(" ", 1)[0]
            self.names[name_key(f"{kind} {source_name}")].add(code)
        self._bare_aliases([self.places[c] for c in bps_names if c in self.places], lambda p: bps_names[p.code])
        for alias, code in name_aliases():
            aliased = self.places.get(code)
            if aliased is None:
                continue
            self.names[name_key(alias)].add(code)
            if aliased.level == "regency" and not alias.lower().startswith(("kota ", "kabupaten ")):
                self.names[name_key(f"{aliased.name.split(' ', 1)[0]} {alias}")].add(code)  # "Kabupaten X" too

    def _bare_aliases(self, places, bare_of) -> None:
        """A kabupaten is also known by its bare name; a city only when no kabupaten shares that bare name."""
        regencies = [p for p in places if p.level == "regency"]
        kab_bare = {name_key(bare_of(p)) for p in regencies if p.name.startswith("Kabupaten")}
        for place in regencies:
            bare = name_key(bare_of(place))
            if place.name.startswith("Kabupaten") or bare not in kab_bare:
                self.names[bare].add(place.code)

    def label(self, code: str) -> str:
        place = self.places[code]
        parent = self.places.get(place.parent) if place.parent else None
        if parent and parent.level == "province":
            return f"{place.name} ({code}, {parent.name})"
        return f"{place.name} ({code})"

    def by_code(self, text: object, system: str) -> str:
        code = code_key(text)
        if system == "bps":
            if code in self.bps:
                return self.bps[code]
            raise CellError(f"kode BPS {code!r} tidak ada di peta kode (crosswalk BPS 2020)",
                            f"BPS code {code!r} is not in the code map (BPS 2020 crosswalk)")
        if code in self.places:
            return code
        hint_id = hint_en = ""
        if code in self.bps:
            hint_id = f"; sebagai kode BPS ini {self.label(self.bps[code])}: pilih sistem kode BPS"
            hint_en = f"; as a BPS code it is {self.label(self.bps[code])}: choose the BPS code system"
        raise CellError(f"kode Kemendagri {code!r} tidak dikenal{hint_id}", f"unknown Kemendagri code {code!r}{hint_en}")

    def by_name(self, text: object, context: str | None = None) -> str:
        """The one region a name fits; `context` is the province the table is in (from its header rows)."""
        found = sorted(self.names.get(name_key(text), ()))
        if not found:
            raise CellError(f"nama wilayah {clean(text)!r} tidak dikenal", f"unknown region name {clean(text)!r}")
        if len(found) > 1:
            found = self._narrow(found, text, context)
        if len(found) > 1:
            both = " / ".join(self.label(c) for c in found)
            raise CellError(f"nama {clean(text)!r} cocok untuk lebih dari satu wilayah: {both}; tulis kodenya",
                            f"name {clean(text)!r} fits more than one region: {both}; give its code")
        code = found[0]
        place = self.places[code]
        if context and place.level == "regency" and place.parent != context:
            raise CellError(f"{self.label(code)} tidak berada di {self.places[context].name}",
                            f"{self.label(code)} is not in {self.places[context].name}")
        return code

    def _narrow(self, found: list[str], text: object, context: str | None) -> list[str]:
        provinces = [c for c in found if self.places[c].level == "province"]
        regencies = [c for c in found if self.places[c].level == "regency"]
        if len(provinces) == 1 and regencies and all(self.places[c].parent == provinces[0] for c in regencies):
            # A province and its own kabupaten of the same name (Gorontalo): the upper-case header row that
            # opens the province is the province, the row inside it is the kabupaten.
            if context == provinces[0]:
                return regencies
            if clean(text).isupper():
                return provinces
        if context:
            inside = [c for c in found if self.places[c].parent == context or c == context]
            if inside:
                return inside
        return found

    def systems_for(self, text: object) -> dict[str, str | None]:
        """What a code means in each system (None where it means nothing)."""
        code = code_key(text)
        return {"kemendagri": code if code in self.places else None, "bps": self.bps.get(code)}
