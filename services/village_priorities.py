"""The priority matrix inside a kab/kota: its kecamatan or desa as the units, the three IDM dimensions (IKS, IKE,
IKL) as the criteria, scored and checked for weight sensitivity by models.priority.score like any other matrix.

Each dimension is one column (indicator = criterion = the dimension) whose need is 1 - the index (distance to full
resilience); a kecamatan's index is the mean of its desa. Kelurahan are not scored by the IDM: they are left out of
the units and counted, never set apart as "missing". No Dash, no text.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
from sqlalchemy.engine import Engine

from models.priority import PriorityResult, score
from services import queries
from services.access import PUBLIC, Access
from services.priorities import PriorityInputs
from services.villages import DIMENSIONS, KELURAHAN, village_values

#: the unit levels inside a kab/kota, the first the default
UNIT_LEVELS = ("district", "village")
DEFAULT_WEIGHTS = {d: 1.0 for d in DIMENSIONS}
SEP = ":"


def parent_key(code: str, level: str = "district") -> str:
    """The matrix's parent value for a kab/kota and its unit level: "3201" (kecamatan), "3201:village" (desa)."""
    return code if level == UNIT_LEVELS[0] else f"{code}{SEP}{level}"


def split_parent(value: str) -> tuple[str, str] | None:
    """(kab/kota code, unit level) when `value` is a kab/kota parent; None for Indonesia or a province."""
    code, _, level = value.partition(SEP)
    if len(code) != 4 or not code.isdigit():
        return None
    return code, (level if level in UNIT_LEVELS else UNIT_LEVELS[0])


def build_inputs(engine: Engine, code: str, level: str, dimensions: Sequence[str],
                 access: Access = PUBLIC) -> tuple[PriorityInputs, int]:
    """The long criteria frame of the kab/kota's units on `dimensions` (latest IDM period), and how many kelurahan
    were left out (desa level) or kecamatan of kelurahan only (kecamatan level)."""
    villages = queries.regions(engine, level="village", parent=code)
    values = village_values(engine, code, access)
    values = values[values["indicator_code"].isin(dimensions)]
    latest = str(values["period"].max()) if not values.empty else None
    now = values[values["period"] == latest] if latest else values
    wide = now.pivot(index="region_code", columns="indicator_code", values="value") if not now.empty \
        else pd.DataFrame()
    kelurahan = set(villages.loc[villages["kind"] == KELURAHAN, "code"])
    if level == "village":
        units = villages[~villages["code"].isin(kelurahan)]
        districts = queries.regions(engine, level="district", parent=code)
        district_names = dict(zip(districts["code"], districts["name"], strict=True))
        names = {c: f"{n} ({district_names.get(c[:6], c[:6])})" for c, n in zip(units["code"], units["name"],
                                                                               strict=True)}
        left_out = len(kelurahan)
    else:
        only = villages.groupby("parent_code")["kind"].agg(lambda k: bool((k == KELURAHAN).all()))
        districts = queries.regions(engine, level="district", parent=code)
        units = districts[~districts["code"].isin(set(only[only].index))]
        names = dict(zip(units["code"], units["name"], strict=True))
        wide = wide.groupby(wide.index.str[:6]).mean() if not wide.empty else wide
        left_out = int(only.sum())
    rows = [(unit, d, d, 1.0 - float(wide.loc[unit, d]) if unit in wide.index and d in wide
             and pd.notna(wide.loc[unit, d]) else float("nan")) for unit in names for d in dimensions]
    long = pd.DataFrame(rows, columns=["region", "indicator", "criterion", "value"])
    present = [d for d in dimensions if d in wide]
    return PriorityInputs(long, {d: latest for d in present if latest}, names,
                          absent=[d for d in dimensions if d not in wide]), left_out


def priorities(engine: Engine, parent: str, dimensions: Sequence[str], weights: Mapping[str, float],
               access: Access = PUBLIC, draws: int = 300) -> tuple[PriorityInputs, PriorityResult, int]:
    """models.priority.score on the units of a kab/kota parent (see split_parent); weights keyed by dimension
    (equal weights when none of them is given)."""
    found = split_parent(parent)
    if found is None:
        raise ValueError(f"{parent!r} is not a kab/kota parent")
    chosen = [d for d in dimensions if d in DIMENSIONS] or list(DIMENSIONS)
    inputs, left_out = build_inputs(engine, *found, chosen, access)
    own = {d: float(w) for d, w in weights.items() if d in chosen}
    result = score(inputs.long, own if any(own.values()) else {d: DEFAULT_WEIGHTS[d] for d in chosen},
                   regions=list(inputs.names), draws=draws)
    return inputs, result, left_out
