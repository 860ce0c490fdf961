"""Known series breaks in the bundled data (Kemendagri codes), as data: where values before a date are on a
different basis and must not be joined to, compared with or fitted together with later ones. Each entry cites
the seed notes (data/seed/indicators/SOURCE.md) it rests on. This is the ONE list: the overview and trends pages
(models.breaks via `from_records`), the forecasts (services.forecasts) and the compare page's Papua-split notes
(services.compare) all read it. Plain records, and `BREAKS`: the same list as models.breaks objects, built once.
"""
from __future__ import annotations

from functools import cache
from typing import TypedDict

from models.breaks import from_records


class BreakRecord(TypedDict):
    kind: str  # "papua_split" or "basis" (a change of statistical basis for every region)
    indicator: str
    regions: frozenset[str] | None  # None = every region
    starts: str  # first year (or month) of the new basis
    note_id: str
    note_en: str
    source: str

#: Kemendagri 91 = Papua (BPS 94), 92 = Papua Barat (BPS 91): both lost territory in the 2022 split
#: (Papua Selatan 93, Papua Tengah 94, Papua Pegunungan 95, Papua Barat Daya 96).
PAPUA_SPLIT = frozenset({"91", "92"})
_SPLIT_ID = "Pemekaran Papua: nilai Papua/Papua Barat sebelum {year} adalah provinsi sebelum pemekaran"
_SPLIT_EN = "Papua split: Papua/Papua Barat values before {year} are for the provinces before the split"
_SRC = "data/seed/indicators/SOURCE.md"


def _record(indicator: str, regions: frozenset[str] | None, starts: str, note_id: str, note_en: str,
            source: str, kind: str = "basis") -> BreakRecord:
    return BreakRecord(kind=kind, indicator=indicator, regions=regions, starts=starts, note_id=note_id,
                       note_en=note_en, source=source)


def _split(indicator: str, year: int, where: str) -> BreakRecord:
    return _record(indicator, PAPUA_SPLIT, str(year), _SPLIT_ID.format(year=year), _SPLIT_EN.format(year=year),
                   f"{_SRC}, {where}", kind="papua_split")


SERIES_BREAKS: tuple[BreakRecord, ...] = (
    # BPS API note: "Angka Provinsi Papua Barat dan Papua sebelum tahun 2024 merupakan angka provinsi sebelum
    # mengalami pemekaran"; TPT 2023 has only the 34-province layout.
    *(_split(code, 2024, "Additions (2nd pass), Papua") for code in ("p0", "gini", "tpt")),
    # GRDP: 91/94 (BPS) pre-split up to 2022, post-split from 2023.
    *(_split(code, 2023, "Additions (2nd pass) and 5th pass, Papua")
      for code in ("pdrb_growth", "pdrb_per_capita", "pdrb_per_capita_adhk")),
    # IPM 2013-2021 is the 34-province file (haekal); 2022 onwards BPS var 494 with post-split 91/94.
    _split("ipm", 2022, "ipm and Additions (3rd pass): 'In 2022-2023 ... rows are the post-split values'"),
    # IPM components: the new provinces appear only from 2024 and 91/94 jump then (HLS Papua 11,15 -> 13,72),
    # i.e. the rows up to 2023 are the pre-split provinces (read from the data layout, not stated by BPS).
    *(_split(code, 2024, "uhh, hls, rls, ppk (inferred from the 2024 38-province layout)")
      for code in ("uhh", "hls", "rls", "ppk")),
    # Stunting: SSGI 2021-2022 34 provinces (pre-split); SKI 2023 38-province layout.
    _split("stunting", 2023, "stunting: 'In 2021-2022 codes 91/94 are the pre-split provinces'"),
    # Drinking water and sanitation: the 2022 province rows are "34 provinsi (91/94 sebelum pemekaran)".
    *(_split(code, 2023, "air_minum_layak and sanitasi_layak: '34 provinces, codes 91/94 pre-split'")
      for code in ("air_minum_layak", "sanitasi_layak")),
    # Population: census (Sept 2020), projection (2023) and SUPAS 2025 are different bases for every region.
    _record("penduduk", None, "2023", "Basis berbeda: SP2020 (sensus) lalu proyeksi 2023",
                "Different bases: 2020 census, then the 2023 projection", f"{_SRC}, 4th pass, penduduk"),
    _record("penduduk", None, "2025", "Basis berbeda: proyeksi 2023 lalu SUPAS 2025 (setelah pemekaran Papua)",
                "Different bases: 2023 projection, then SUPAS 2025 (after the Papua split)",
                f"{_SRC}, 4th pass, penduduk"),
    # ... and for Papua/Papua Barat the 2020 and 2023 rows are the pre-split provinces (34-province layout:
    # "91 Papua Barat (1187.3) and 94 Papua (4482.7) are the pre-split provinces").
    _split("penduduk", 2025, "4th pass, penduduk: 2023 uses the 34-province layout"),
)


def breaks_of(indicator: str, region: str | None = None) -> tuple[BreakRecord, ...]:
    """The breaks of one indicator (those that apply to `region` when given), oldest first."""
    return tuple(sorted((b for b in SERIES_BREAKS if b["indicator"] == indicator
                         and (region is None or b["regions"] is None or region in b["regions"])),
                        key=lambda b: b["starts"]))


@cache
def papua_split_first_year(indicator: str) -> int | None:
    """First year Papua (91) and Papua Barat (92) are published on their post-split territory; None: no split
    recorded for the indicator. For population, the last basis change (SUPAS 2025, after the split)."""
    years = [int(b["starts"][:4]) for b in SERIES_BREAKS if b["indicator"] == indicator
             and (b["regions"] is None or PAPUA_SPLIT <= b["regions"])]
    return max(years) if years else None



#: SERIES_BREAKS as models.breaks objects: what every page and service passes to models.breaks.breaks_for.
BREAKS = from_records(SERIES_BREAKS)
