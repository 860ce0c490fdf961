"""Placing a row of a village table: the desa (or kecamatan) by its code, or by its name inside the kecamatan and
kab/kota the row names. A desa name is never looked up across Indonesia: thousands repeat (data.ingest.regions).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TypeGuard

from data.ingest.layout import Entry
from data.ingest.regions import LOCAL, RegionResolver, looks_like_code
from data.ingest.values import CellError, clean


@dataclass
class Misplaced(Exception):
    """A row whose region cannot be placed: the column at fault and why."""

    column: str | None
    error: CellError


def _filled(cell: tuple[object, str] | None) -> TypeGuard[tuple[object, str]]:
    return cell is not None and bool(clean(cell[0]))


def _context(resolver: RegionResolver, e: Entry, year: int | None) -> str | None:
    """The innermost region the row's kab/kota and kecamatan cells name (None when it names none)."""
    parent = None
    if _filled(e.regency):
        raw, column = e.regency
        try:
            parent = resolver.by_code(raw, "kemendagri") if looks_like_code(raw) else resolver.by_name(raw, year=year)
        except CellError as err:
            raise Misplaced(column, err) from None
    if _filled(e.district):
        raw, column = e.district
        try:
            parent = resolver.by_code(raw, "kemendagri") if looks_like_code(raw) else \
                resolver.inside(raw, parent, "district")
        except CellError as err:
            raise Misplaced(column, err) from None
        _check_inside(resolver, parent, e.regency, column)
    return parent


def _check_inside(resolver: RegionResolver, code: str, outer: tuple[object, str] | None, column: str) -> None:
    """A code written beside a kab/kota (or kecamatan) that does not hold it is refused."""
    if not _filled(outer) or not looks_like_code(outer[0]):
        return
    holder = resolver.by_code(outer[0], "kemendagri")
    if not code.startswith(holder):
        raise Misplaced(column, CellError(
            f"{resolver.label(code)} tidak berada di {resolver.label(holder)}",
            f"{resolver.label(code)} is not in {resolver.label(holder)}"))


def place(resolver: RegionResolver, e: Entry, level: str, year: int | None = None, system: str = "kemendagri") -> str:
    """The Kemendagri code of a village table's row; raises Misplaced naming the column at fault.

    `system` 'idm': the desa code is an IDM (Kemendes) code, translated through the IDM code map; the row's kab/kota
    and kecamatan columns are then IDM's own (pre-2025) numbering and names, so they do not place the desa."""
    idm = system == "idm" and looks_like_code(e.region)
    parent = None if idm else _context(resolver, e, year)
    if looks_like_code(e.region):
        try:
            code = resolver.by_code(e.region, "idm" if idm else "kemendagri")
        except CellError as err:
            raise Misplaced(e.region_column, err) from None
        if resolver.places[code].level not in LOCAL and e.name is not None and clean(e.name):
            # a kab/kota (or kecamatan) code beside a desa name: the name is the row's desa
            return _named(resolver, e.name, parent or code, level, e.name_column)
        if parent and not code.startswith(parent):
            raise Misplaced(e.region_column, CellError(
                f"{resolver.label(code)} tidak berada di {resolver.label(parent)}",
                f"{resolver.label(code)} is not in {resolver.label(parent)}"))
        if resolver.places[code].level in LOCAL and e.name is not None and clean(e.name):
            named = resolver.same_local_name(code, e.name)
            if named != code:
                raise Misplaced(e.name_column, CellError(
                    f"kode {clean(e.region)} adalah {resolver.label(code)}, tetapi nama menyebut "
                    f"{resolver.label(named)}; periksa kodenya",
                    f"code {clean(e.region)} is {resolver.label(code)} but the name says {resolver.label(named)}; "
                    "check the code"))
        return code
    return _named(resolver, e.region, parent, level, e.region_column)


def _named(resolver: RegionResolver, text: object, parent: str | None, level: str, column: str | None) -> str:
    try:
        return resolver.inside(text, parent, level)
    except CellError as err:
        raise Misplaced(column, err) from None
