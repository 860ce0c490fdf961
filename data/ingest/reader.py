"""The row reader of the import path: walks the entries of one table (data.ingest.layout), resolves each row's
region and indicator, reads every value cell, and collects the rows, problems and skipped cells into a Prepared."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from data.ingest import guess, villages
from data.ingest.layout import Entry, Table
from data.ingest.prepared import ImportOptions, Prepared, Skipped, problem_of, valid_range
from data.ingest.regions import LOCAL, RegionResolver, code_key, looks_like_code
from data.ingest.values import (
    CellError,
    Status,
    check_frequency,
    clean,
    is_not_available,
    parse_number,
    parse_period,
    split_stars,
)


@dataclass
class Reader:
    """Walks the entries of one table, collecting rows, problems and skipped cells."""

    table: Table
    resolver: RegionResolver
    indicators: dict[str, dict]
    options: ImportOptions
    system: str
    convention: str
    out: Prepared
    rows: list[tuple] = field(default_factory=list)
    seen: dict[tuple, int] = field(default_factory=dict)
    values: dict[tuple, float] = field(default_factory=dict)
    context: str | None = None
    year: int | None = None  # the table's latest year: names and province moves are judged for it
    level: str | None = None  # 'province' when the table lists provinces only
    moved_rows: list[int] = field(default_factory=list)  # kab/kota listed under their pre-split province
    titles: dict[str, tuple[str, ...]] = field(default_factory=dict)  # indicator names, for an indicator column
    #: (row, IDM code, 2025 code) of the rows whose IDM village code the code map translates to another code
    renumbered: list[tuple[int, str, str]] = field(default_factory=list)

    def problem(self, row, column, err: CellError) -> None:
        self.out.problems.append(problem_of(row, column, err))

    def region(self, e: Entry) -> str | None:
        if self.table.local_level:
            return self.local_region(e)
        try:
            if looks_like_code(e.region):
                code = self.resolver.by_code(e.region, self.system if self.system != "ambiguous" else "kemendagri")
                if self.system == "idm" and code != code_key(e.region):
                    self.renumbered.append((e.row, code_key(e.region), code))
            else:
                context = self.context if self.table.layout == "bps" and self.level != "province" else None
                code = self.resolver.by_name(e.region, context, self.year, self.level)
                if self.resolver.within(code, context, self.year) and e.cells:
                    self.moved_rows.append(e.row)
        except CellError as err:
            if not e.cells:
                return None
            if self.options.skip_unresolved:
                self.out.unresolved.append(problem_of(e.row, e.region_column, err))
            elif not (self.system == "ambiguous" and looks_like_code(e.region)):
                self.problem(e.row, e.region_column, err)
            return None
        level = self.resolver.places[code].level
        if self.table.layout == "bps" and level != "regency":
            self.context = code if level == "province" else None
        if e.name is not None and clean(e.name):
            try:
                named = self.resolver.same_local_name(code, e.name) if level in LOCAL else \
                    self.resolver.by_name(e.name, year=self.year, level=self.level)
            except CellError:
                named = code  # a spelling we do not know is no evidence against the code
            if named != code:
                self.problem(e.row, e.name_column, CellError(
                    f"kode {clean(e.region)} adalah {self.resolver.label(code)}, tetapi nama menyebut "
                    f"{self.resolver.label(named)}; periksa sistem kode",
                    f"code {clean(e.region)} is {self.resolver.label(code)} but the name says "
                    f"{self.resolver.label(named)}; check the code system"))
                return None
        return code

    def local_region(self, e: Entry) -> str | None:
        """A row of a village table: its desa (or kecamatan) by code, or by name inside its kecamatan / kab/kota."""
        try:
            code = villages.place(self.resolver, e, str(self.table.local_level), self.year, self.system)
        except villages.Misplaced as bad:
            if not e.cells:
                return None
            if self.options.skip_unresolved:
                self.out.unresolved.append(problem_of(e.row, bad.column, bad.error))
            else:
                self.problem(e.row, bad.column, bad.error)
            return None
        if self.system == "idm" and looks_like_code(e.region) and code != code_key(e.region):
            self.renumbered.append((e.row, code_key(e.region), code))
        return code

    def indicator(self, e: Entry) -> str | None:
        code = clean(e.indicator) or self.options.indicator
        if e.indicator is not None and clean(e.indicator) and self.options.indicator \
                and clean(e.indicator) != self.options.indicator:
            self.problem(e.row, "indikator", CellError(
                f"berkas menyebut indikator {clean(e.indicator)!r}, bukan {self.options.indicator!r} yang dipilih",
                f"the file names indicator {clean(e.indicator)!r}, not the chosen {self.options.indicator!r}"))
            return None
        if not code:
            self.problem(e.row, "indikator", CellError("indikator kosong; isi kodenya atau pilih indikator",
                                                      "empty indicator; fill in its code or choose the indicator"))
            return None
        if code not in self.indicators and self.titles:
            named = guess.guess_indicator(code, self.titles)  # the indicator written by name ('Indeks Pembangunan ...')
            code = named[0] if named else code
        if code not in self.indicators:
            self.problem(e.row, "indikator", CellError(f"indikator {code!r} tidak dikenal",
                                                      f"unknown indicator {code!r}"))
            return None
        return code

    def period(self, e: Entry, raw: object, column: str | None, indicator: str | None) -> tuple[str, bool] | None:
        if raw is None or not clean(raw):
            fallback = self.options.period or self.table.default_period
            if not fallback:
                self.problem(e.row, column, CellError(
                    "periode tidak ada (di kolom, judul atau nama berkas); pilih periode",
                    "no period (in a column, the title or the file name); choose the period"))
                return None
            raw = fallback
        try:
            period, starred = parse_period(raw)
            if indicator is not None:
                check_frequency(period, self.indicators[indicator]["frequency"], indicator)
        except CellError as err:
            self.problem(e.row, column, err)
            return None
        return period, starred

    def number(self, e: Entry, column: str, raw: object, indicator: str | None) -> tuple[float, bool] | None:
        if isinstance(raw, bool) or not isinstance(raw, int | float | str):
            self.problem(e.row, column, CellError(f"{clean(raw)!r} bukan angka", f"{clean(raw)!r} is not a number"))
            return None
        starred = False
        try:
            if isinstance(raw, str):
                text, starred = split_stars(clean(raw))
                value = parse_number(text, self.convention)
            else:
                value = float(raw) if isinstance(raw, float) or abs(raw) < 10 ** 300 else math.inf  # no OverflowError
            if not math.isfinite(value):  # 'nan', 1e999 or a 400-digit integer: no figure the store can hold
                raise CellError(f"{clean(raw)[:40]!r} bukan angka terhingga", f"{clean(raw)[:40]!r} is not a finite number")
        except CellError as err:
            self.problem(e.row, column, err)
            return None
        if indicator is None:
            return value, starred
        meta = self.indicators[indicator]
        low, high = meta["min_value"], meta["max_value"]
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = valid_range(low, high)
            # the unit says why a count in persons is refused where thousands are held ('0 – 350000 ribu jiwa')
            unit_id, unit_en = meta.get("unit") or "", meta.get("unit_en") or meta.get("unit") or ""
            self.problem(e.row, column, CellError(
                f"nilai {value:g} di luar rentang sah indikator {indicator} ({bounds}{' ' + unit_id if unit_id else ''})",
                f"value {value:g} is outside the valid range of {indicator} ({bounds}{' ' + unit_en if unit_en else ''})"))
            return None
        return value, starred

    def _same(self, cell, key: tuple) -> bool:
        """A second listing of a moved kab/kota that adds nothing: not available, or the value already read."""
        raw = cell.value
        if raw is None or (isinstance(raw, str) and is_not_available(split_stars(clean(raw))[0])):
            return True
        try:
            value = float(raw) if not isinstance(raw, str) else parse_number(split_stars(clean(raw))[0], self.convention)
        except (CellError, ValueError):
            return False
        return self.values.get(key) == value

    def entry(self, e: Entry) -> None:
        region = self.region(e)
        indicator = self.indicator(e)
        if not e.cells:
            return
        status = None
        if e.status is not None and clean(e.status):
            try:
                status = Status.parse(clean(e.status))
            except CellError as err:
                self.problem(e.row, e.status_column, err)
                return
        for cell in e.cells:
            self.cell(e, cell, region, indicator, status)

    def cell(self, e: Entry, cell, region: str | None, indicator: str | None, status: str | None) -> None:
        """Check one value; with an unknown region or indicator the cell is still read so every problem shows."""
        raw_period = cell.period if cell.period is not None else e.period
        column = cell.column if cell.period is not None else (e.period_column or cell.column)
        found = self.period(e, raw_period, column, indicator)
        period, period_star = found if found is not None else (None, False)
        known = region is not None and indicator is not None and period is not None
        key = (indicator, region, period)
        moved = region in self.resolver.moved
        duplicate = known and (key in self.values if moved else key in self.seen)
        if duplicate and not (moved and self._same(cell, key)):
            self.problem(e.row, cell.column, CellError(
                f"{indicator} {self.resolver.label(str(region))} {period} sudah ada di baris {self.seen[key]}",
                f"{indicator} {self.resolver.label(str(region))} {period} already appears on row {self.seen[key]}"))
            return
        if duplicate:
            return  # a moved kab/kota listed again with the same value (or '-') under its other province: once
        if known:
            self.seen[key] = e.row
        raw = cell.value
        if raw is None or isinstance(raw, str) or (isinstance(raw, float) and raw != raw):
            text = clean(raw) if isinstance(raw, str) else ""
            if is_not_available(split_stars(text)[0]):
                if known:
                    self.out.skipped.append(Skipped(e.row, cell.column, str(region), period, text or "(kosong/empty)"))
                return
        read = self.number(e, cell.column, cell.value, indicator)
        if read is None or not known:
            return
        value, value_star = read
        self.values[key] = value
        final = status or ("preliminary" if period_star or value_star else "final")
        self.rows.append((indicator, region, period, value, final, e.row))
