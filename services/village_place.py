"""A kecamatan or desa/kelurahan asked for by code (a link to `?wilayah=3201022006`): where it lies (its kecamatan,
kab/kota, province) and its profile (a desa's IDM, dimensions and published status; a kecamatan's desa by status
and its rank by mean IDM). Pages pick regions down to the kab/kota: this is how they show, or name, a lower one.

Values as stored, nothing re-derived; no Dash, no text (the labels of the status come from the store).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from services import queries, village_seed
from services.access import PUBLIC, Access
from services.context import AppContext
from services.errors import NoDataError
from services.villages import DIMENSIONS, INDEX, STATUS, district_ranking, status_counts, village_values

#: the lengths of a Kemendagri kecamatan and desa/kelurahan code, without dots
DISTRICT_DIGITS, VILLAGE_DIGITS = 6, 10


@dataclass(frozen=True)
class Place:
    """A kecamatan (level district) or desa/kelurahan (level village, `kind` desa or kelurahan) and its parents."""

    code: str
    name: str
    level: str
    kind: str | None
    district: str  # its kecamatan's code (its own for a kecamatan)
    district_name: str
    regency: str
    regency_name: str


@dataclass(frozen=True)
class PlaceProfile:
    """What the store holds of a place in the latest IDM period: for a desa `values` (idm, iks, ike, ikl, status as
    stored; absent when not published) and `status_label_*`; for a kecamatan its desa by status (`statuses`, as in
    services.villages), `mean_idm`, `rank` of `ranked` kecamatan of its kab/kota, and its `desa`/`kelurahan`."""

    place: Place
    period: str | None = None
    values: dict[str, float] = field(default_factory=dict)
    status_label_id: str | None = None
    status_label_en: str | None = None
    statuses: list[dict] = field(default_factory=list)
    mean_idm: float | None = None
    rank: int | None = None
    ranked: int = 0
    desa: int = 0
    kelurahan: int = 0


def clean_code(code: str | None) -> str:
    """`32.01.02.2006` -> `3201022006` (the URL may carry dots)."""
    return str(code or "").replace(".", "").strip()


def looks_below(code: str) -> bool:
    """A code of a kecamatan or desa/kelurahan's shape (6 or 10 digits)."""
    return code.isdigit() and len(code) in (DISTRICT_DIGITS, VILLAGE_DIGITS)


def locate(engine, code: str | None) -> Place | None:
    """The kecamatan or desa/kelurahan of `code` (dots allowed) in the store; None for any other code or when the
    villages are not in the store."""
    code = clean_code(code)
    if not looks_below(code):
        return None
    try:
        row = queries.region(engine, code)
        district = row if row["level"] == "district" else queries.region(engine, row["parent_code"])
        regency = queries.region(engine, district["parent_code"])
    except NoDataError:
        return None
    if row["level"] not in ("district", "village") or regency["level"] != "regency":
        return None
    return Place(code, row["name"], row["level"], row.get("kind"), district["code"], district["name"],
                 regency["code"], regency["name"])


def in_store(engine) -> bool:
    """Whether the store holds the kecamatan and desa (services.village_seed.state: `ready`)."""
    return village_seed.state(engine, False) == "ready"


def profile(ctx: AppContext, place: Place, access: Access = PUBLIC) -> PlaceProfile:
    """The place's IDM figures from the store (its kecamatan's desa, read once as for the overview)."""
    values = village_values(ctx.engine, place.district, access)
    categories = queries.categories(ctx.engine, STATUS)
    periods = sorted(values.loc[values["indicator_code"] == STATUS, "period"].unique())
    if place.level == "village":
        return desa_profile(place, values, categories, periods[-1] if periods else None)
    villages = queries.regions(ctx.engine, level="village", parent=place.code)
    kinds = villages["kind"].fillna("")
    base = {"place": place, "desa": int((kinds == "desa").sum()), "kelurahan": int((kinds == "kelurahan").sum())}
    if not periods:
        return PlaceProfile(**base)
    period = periods[-1]
    ranking = district_ranking(regency_wide(ctx, place, period, access), {})
    mine = next((d for d in ranking if d["code"] == place.code), None)
    return PlaceProfile(**base, period=period, statuses=status_counts(values, categories, period, None),
                        mean_idm=mine["idm"] if mine else None, rank=mine["rank"] if mine else None,
                        ranked=len(ranking))


def desa_profile(place: Place, values: pd.DataFrame, categories: pd.DataFrame, period: str | None) -> PlaceProfile:
    if period is None:
        return PlaceProfile(place)
    mine = values[(values["region_code"] == place.code) & (values["period"] == period)]
    found = {str(k): float(v) for k, v in zip(mine["indicator_code"], mine["value"], strict=True) if pd.notna(v)}
    found = {k: found[k] for k in (INDEX, *DIMENSIONS, STATUS) if k in found}
    label = categories[categories["value"] == int(found[STATUS])] if STATUS in found else categories.iloc[0:0]
    return PlaceProfile(place, period, found, label["label_id"].iloc[0] if len(label) else None,
                        label["label_en"].iloc[0] if len(label) else None)


def regency_wide(ctx: AppContext, place: Place, period: str, access: Access) -> pd.DataFrame:
    """The IDM of every desa of the place's kab/kota in `period`, one column (for the kecamatan ranking)."""
    values = village_values(ctx.engine, place.regency, access)
    index = values[(values["indicator_code"] == INDEX) & (values["period"] == period)]
    return pd.DataFrame({INDEX: index["value"].to_numpy()}, index=pd.Index(index["region_code"]))
