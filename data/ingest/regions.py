"""Finding the Kemendagri code of a region written in a file: by Kemendagri or BPS code, or by exact name.

Names are compared after normalising case, spaces, punctuation and the usual abbreviations ("Kab." = "Kabupaten",
"Kep." = "Kepulauan", "Adm." / "Administrasi" dropped). BPS names come from region_code_map.source_name. BPS tables
write a kabupaten without a prefix and a city as "Kota X", so a bare "Bandung" is Kabupaten Bandung and "Kota
Bandung" the city. A name that still fits two regions is an error naming both, unless the province the table is in
or the table's level (provinces only) decides it.

Kecamatan (`district`) and desa/kelurahan (`village`) are found by code (6 and 10 digits, dotted or not), or by name
only inside a region that holds them: a desa inside its kecamatan or kab/kota, a kecamatan inside its kab/kota (or
anywhere when its name is unique in Indonesia). Thousands of desa names repeat across the country.

Official renamings and the 2022 Papua moves are data (data/seed/regions/changes.csv, with year and legal source): a
former name means its region at the table's period (before the renaming it wins over any current name; after it,
it is one meaning among others), and a kab/kota listed under the province it left is accepted up to the year that
file allows. "Old / New" (both names of one region) is that region.
"""
from __future__ import annotations

import bisect
import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Connection, select

from data.ingest import idm_codes
from data.ingest.values import CellError, clean
from data.schema import Region, RegionCodeMap

SYSTEMS = ("auto", "kemendagri", "bps", "idm")
#: Levels found by name only inside a parent (LOCAL), and the lengths of a Kemendagri code without dots.
LOCAL = ("district", "village")
CODE_LENGTHS = (2, 4, 6, 10)
#: Words a file may put before a kecamatan or desa name ("Desa Babakan Madang", "Kec. Cibinong").
_LOCAL_PREFIX = re.compile(r"^\s*(desa|kelurahan|kel|kecamatan|kec|distrik)\b\.?\s*", re.IGNORECASE)
#: Former official names and spelling variants still used in BPS tables, with the reason (data/seed/regions).
ALIASES = Path(__file__).resolve().parents[1] / "seed" / "regions" / "aliases.csv"
#: Official renamings and province moves since 2000, with year and legal source (data/seed/regions).
CHANGES = ALIASES.parent / "changes.csv"
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


@dataclass(frozen=True)
class Change:
    """One official change: `renamed` (a former `name` of `code`) or `moved` (`code` left `former_parent`)."""

    kind: str
    name: str
    code: str
    former_parent: str
    year: int
    source: str
    accepted_until: int | None


@lru_cache(maxsize=1)
def region_changes() -> tuple[Change, ...]:
    with CHANGES.open(encoding="utf-8") as f:
        return tuple(Change(r["kind"], r["name"], r["kemendagri_code"], r["former_parent"], int(r["year"]),
                            r["legal_source"], int(r["accepted_until"]) if r["accepted_until"] else None)
                     for r in csv.DictReader(f))


def name_key(text: object) -> str:
    """'KAB. S I A K' -> 'kabupatensiak'; 'Kep. Seribu' -> 'kepulauanseribu'."""
    return _name_key(clean(text).lower())


def code_key(text: object) -> str:
    """'32.73' / 3273 / ' 3273 ' -> '3273'; 'id' -> 'ID'."""
    raw = clean(text).replace(".", "").replace(" ", "")
    return "ID" if raw.upper() == "ID" else raw


def looks_like_code(text: object) -> bool:
    raw = code_key(text)
    return raw == "ID" or (raw.isdigit() and len(raw) in CODE_LENGTHS)


def local_key(text: object) -> str:
    """A kecamatan or desa name for comparison: 'DESA Babakan-Madang' -> 'babakanmadang'."""
    return re.sub(r"[^0-9a-z]", "", _LOCAL_PREFIX.sub("", clean(text)).lower())


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
            select(Region.code, Region.name, Region.level, Region.parent_code).where(Region.level.notin_(LOCAL)))}
        rows = conn.execute(select(RegionCodeMap.system, RegionCodeMap.code, RegionCodeMap.region_code,
                                   RegionCodeMap.source_name)).all()
        self.bps = {r.code: r.region_code for r in rows if r.system == "bps"}
        self.names: dict[str, set[str]] = defaultdict(set)
        for place in self.places.values():
            self.names[name_key(place.name)].add(place.code)
        #: Kecamatan and desa/kelurahan (91,047 rows, ~0.5 s): read by `load_local` for files that need them only.
        self.local_codes: list[str] = []
        self._local_names: dict[str, dict[str, list[str]]] = {}
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
        self.former: dict[str, Change] = {}
        self.moved: dict[str, Change] = {}
        for change in region_changes():
            if change.code not in self.places:
                continue
            if change.kind == "moved":
                self.moved[change.code] = change
                continue
            kind = self.places[change.code].name.split(" ", 1)[0]
            for key in {name_key(change.name), name_key(f"{kind} {change.name}")}:
                self.former[key] = change

    def _bare_aliases(self, places, bare_of) -> None:
        """A kabupaten is also known by its bare name; a city only when no kabupaten shares that bare name."""
        regencies = [p for p in places if p.level == "regency"]
        kab_bare = {name_key(bare_of(p)) for p in regencies if p.name.startswith("Kabupaten")}
        for place in regencies:
            bare = name_key(bare_of(place))
            if place.name.startswith("Kabupaten") or bare not in kab_bare:
                self.names[bare].add(place.code)
        self._islands_first(regencies)

    def _islands_first(self, regencies) -> None:
        """'Konawe Kepulauan' is also written 'Kep. Konawe' / 'Kabupaten Kepulauan Konawe' (Satu Data portals):
        the word order is indexed too, unless that key already names another region."""
        for place in regencies:
            kind, _, bare = place.name.partition(" ")
            if not bare.lower().endswith(" kepulauan"):
                continue
            front = f"Kepulauan {bare[:-len(' kepulauan')]}"
            for key in (name_key(front), name_key(f"{kind} {front}")):
                if not self.names.get(key):
                    self.names[key].add(place.code)

    def load_local(self, conn: Connection) -> None:
        """Read the kecamatan and desa/kelurahan (once); their names join no index but their parent's (`inside`)."""
        if self.local_codes:
            return
        rows = conn.execute(select(Region.code, Region.name, Region.level, Region.parent_code)
                            .where(Region.level.in_(LOCAL)).order_by(Region.code)).all()
        self.places.update((code, Place(code, name, level, parent)) for code, name, level, parent in rows)
        self.local_codes = [row[0] for row in rows]

    def _names_inside(self, parent: str) -> dict[str, list[str]]:
        """local_key -> codes of the kecamatan and desa/kelurahan inside `parent` ("" = every kecamatan); built per
        parent on first use (a kab/kota holds a few hundred, Indonesia 83,762 desa)."""
        if parent not in self._local_names:
            if parent:
                start = bisect.bisect_right(self.local_codes, parent)
                codes = self.local_codes[start:bisect.bisect_left(self.local_codes, parent + ":")]
            else:
                codes = [c for c in self.local_codes if len(c) == 6]
            index: dict[str, list[str]] = defaultdict(list)
            for code in codes:
                index[local_key(self.places[code].name)].append(code)
            self._local_names[parent] = dict(index)
        return self._local_names[parent]

    def inside(self, text: object, parent: str | None, level: str) -> str:
        """The one kecamatan (`level` district) or desa/kelurahan (village) named `text` inside `parent`; a kecamatan
        may be named without a parent when its name is unique in Indonesia, a desa never."""
        noun_id, noun_en = ("kecamatan", "kecamatan") if level == "district" else ("desa/kelurahan", "desa/kelurahan")
        if parent is None and level == "village":
            raise CellError(f"nama {noun_id} {clean(text)!r} hanya dikenali di dalam kecamatan atau kab/kota-nya: "
                            "tambahkan kolom kecamatan atau kab/kota, atau tulis kodenya",
                            f"a {noun_en} name ({clean(text)!r}) is only known inside its kecamatan or kab/kota: add "
                            "a kecamatan or kab/kota column, or give its code")
        found = [c for c in self._names_inside(parent or "").get(local_key(text), ())
                 if self.places[c].level == level]
        where_id = f" di {self.label(parent)}" if parent else ""
        where_en = f" in {self.label(parent)}" if parent else ""
        if not found:
            raise CellError(f"{noun_id} {clean(text)!r} tidak ada{where_id}", f"no {noun_en} {clean(text)!r}{where_en}")
        if len(found) > 1:
            both = " / ".join(self.label(c) for c in found)
            hint_id = "tambahkan kolom kab/kota atau tulis kodenya" if parent is None else "tulis kodenya"
            hint_en = "add a kab/kota column or give its code" if parent is None else "give its code"
            raise CellError(f"nama {clean(text)!r} cocok untuk lebih dari satu {noun_id}{where_id}: {both}; {hint_id}",
                            f"name {clean(text)!r} fits more than one {noun_en}{where_en}: {both}; {hint_en}")
        return found[0]

    def same_local_name(self, code: str, text: object) -> str:
        """For a kecamatan or desa code written beside a name: the code itself when the name is its own (or a spelling
        of no other place in its kab/kota), else the place in that kab/kota the name fits."""
        key = local_key(text)
        place = self.places[code]
        if not key or key == local_key(place.name):
            return code
        others = [c for c in self._names_inside(code[:4]).get(key, ()) if self.places[c].level == place.level]
        return others[0] if len(others) == 1 else code

    def label(self, code: str) -> str:
        place = self.places[code]
        parent = self.places.get(place.parent) if place.parent else None
        if parent and parent.level in ("province", "regency", "district"):
            return f"{place.name} ({code}, {parent.name})"
        return f"{place.name} ({code})"

    def by_code(self, text: object, system: str) -> str:
        code = code_key(text)
        if system == "bps":
            if code in self.bps:
                return self.bps[code]
            raise CellError(f"kode BPS {code!r} tidak ada di peta kode (crosswalk BPS 2020)",
                            f"BPS code {code!r} is not in the code map (BPS 2020 crosswalk)")
        if system == "idm":
            return self._by_idm_code(code)
        if code in self.places:
            return code
        hint_id = hint_en = ""
        if code in self.bps:
            hint_id = f"; sebagai kode BPS ini {self.label(self.bps[code])}: pilih sistem kode BPS"
            hint_en = f"; as a BPS code it is {self.label(self.bps[code])}: choose the BPS code system"
        raise CellError(f"kode Kemendagri {code!r} tidak dikenal{hint_id}", f"unknown Kemendagri code {code!r}{hint_en}")

    def _by_idm_code(self, code: str) -> str:
        """A desa by its IDM (Kemendes) code, through the bundled IDM code map only (data.ingest.idm_codes)."""
        if len(code) != 10:
            raise CellError(f"kode IDM {code!r} bukan kode desa 10 digit; sistem kode IDM hanya untuk kode desa",
                            f"IDM code {code!r} is not a 10-digit village code; the IDM code system is for desa only")
        translated = idm_codes.to_kemendagri(code)
        if translated not in self.places:
            raise CellError(f"kode desa IDM {code} = kode Kemendagri {translated}, yang tidak ada di penyimpanan "
                            "(desa belum dimuat)", f"IDM village code {code} = Kemendagri code {translated}, which "
                            "the store does not hold (villages not loaded)")
        return translated

    def by_name(self, text: object, context: str | None = None, year: int | None = None,
                level: str | None = None) -> str:
        """The one region a name fits: `context` is the province the table is in (from its header rows), `year` the
        table's period (former names), `level` 'province' when the table lists provinces only."""
        found = self.candidates(text, year)
        if not found and "/" in clean(text):
            return self._both_names(text, context, year, level)
        if not found:
            raise CellError(f"nama wilayah {clean(text)!r} tidak dikenal", f"unknown region name {clean(text)!r}")
        if len(found) > 1:
            found = self._narrow(found, text, context, level)
        if len(found) > 1:
            both = " / ".join(self.label(c) for c in found)
            raise CellError(f"nama {clean(text)!r} cocok untuk lebih dari satu wilayah: {both}; tulis kodenya",
                            f"name {clean(text)!r} fits more than one region: {both}; give its code")
        return found[0]

    def candidates(self, text: object, year: int | None = None) -> list[str]:
        """Every region the name may mean at `year`: before a renaming, the former name means only its region."""
        key = name_key(text)
        former = self.former.get(key)
        if former is not None and year is not None and year < former.year:
            return [former.code]
        found = set(self.names.get(key, ()))
        if former is not None:
            found.add(former.code)
        return sorted(found)

    def _both_names(self, text: object, context: str | None, year: int | None, level: str | None) -> str:
        """'Toba Samosir / Toba': the former and the current name of one region."""
        codes = {self.by_name(part, context, year, level) for part in clean(text).split("/") if part.strip()}
        if len(codes) != 1:
            both = " / ".join(self.label(c) for c in sorted(codes))
            raise CellError(f"nama {clean(text)!r} menyebut beberapa wilayah: {both}",
                            f"name {clean(text)!r} names several regions: {both}")
        return codes.pop()

    def within(self, code: str, context: str | None, year: int | None) -> bool:
        """True when a kab/kota lies in `context` or lay there before a move the table's `year` allows (it is then
        listed under its former province); raises naming the province otherwise."""
        place = self.places[code]
        if not context or place.level != "regency" or place.parent == context:
            return False
        move = self.moved.get(code)
        if move and move.former_parent == context and (year is None or year <= (move.accepted_until or move.year)):
            return True
        hint_id = hint_en = ""
        if move and move.former_parent == context:
            hint_id = f"; pindah provinsi {move.year} ({move.source}), diterima di bawah provinsi lama s.d. {move.accepted_until}"
            hint_en = f"; moved in {move.year} ({move.source}), accepted under its former province up to {move.accepted_until}"
        raise CellError(f"{self.label(code)} tidak berada di {self.places[context].name}{hint_id}",
                        f"{self.label(code)} is not in {self.places[context].name}{hint_en}")

    def _narrow(self, found: list[str], text: object, context: str | None, level: str | None) -> list[str]:
        provinces = [c for c in found if self.places[c].level == "province"]
        if level == "province" and len(provinces) == 1:
            return provinces
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
