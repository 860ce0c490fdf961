"""Changing indicator metadata: the access tier, and the tags (SDG targets, smart-city codes, theme). Every change
is audited; the permission is checked here, in server code, whatever the page shows. No Flask here."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from data.errors import NoDataError
from data.ingest.definitions import SDG_CODE, SMARTCITY_CODE, split_tags
from data.schema import TIERS, Indicator, utcnow
from data.store import bump_generation, set_info
from services import audit
from services.access import Access
from services.queries import wraps_store_errors


@wraps_store_errors
def set_tier(engine: Engine, code: str, tier: str, actor: str | None = None, ip: str | None = None) -> str:
    """Set an indicator's access tier; returns the previous tier. ValueError for an unknown tier,
    NoDataError for an unknown indicator. Bumps the store's cache generation: no server then serves a
    cached read made under the old tier."""
    if tier not in TIERS:
        raise ValueError(f"unknown tier {tier!r}; one of {', '.join(TIERS)}")
    with engine.begin() as conn:
        old = conn.scalar(select(Indicator.tier).where(Indicator.code == code))
        if old is None:
            raise NoDataError(f"indicator {code!r} not found")
        conn.execute(update(Indicator).where(Indicator.code == code).values(tier=tier, updated_at=utcnow()))
        set_info(conn, "access_changed_at", utcnow().isoformat())
        bump_generation(conn)  # cached reads of every app server go stale with the change
    audit.record(engine, "tier_change", actor=actor, target=code, detail={"from": old, "to": tier}, ip=ip)
    return old


MAX_CODES = 8


@dataclass(frozen=True)
class TagProblem(ValueError):
    """A tag edit refused: the reason in both languages."""

    reason_id: str
    reason_en: str

    def text(self, lang: str) -> str:
        return self.reason_id if lang == "id" else self.reason_en


def parse_codes(text: str | None, pattern: re.Pattern, what_id: str, what_en: str) -> list[str]:
    """"1.2.1, 8.5.2" -> ["1.2.1", "8.5.2"]: split on commas/semicolons, every code checked, duplicates dropped."""
    codes = split_tags(text)
    bad = [c for c in codes if not pattern.match(c)]
    if bad:
        raise TagProblem(f"Kode {what_id} tidak sah: {', '.join(bad[:5])}",
                         f"Invalid {what_en} code: {', '.join(bad[:5])}")
    if len(codes) > MAX_CODES:
        raise TagProblem(f"Paling banyak {MAX_CODES} kode {what_id}", f"At most {MAX_CODES} {what_en} codes")
    return codes


def checked_tags(sdg: str | None, smartcity: str | None, theme: str | None, themes: tuple[str, ...]) -> dict:
    """The validated column values (codes joined with ", "; None when empty); TagProblem when any is invalid."""
    sdg_codes = parse_codes(sdg, SDG_CODE, "SDG", "SDG")
    city_codes = parse_codes(smartcity, SMARTCITY_CODE, "kota cerdas (mis. 37120:5.1)", "smart-city (e.g. 37120:5.1)")
    if theme not in themes:
        raise TagProblem(f"Tema {theme!r} tidak dikenal", f"Unknown theme {theme!r}")
    values = {"sdg_target": ", ".join(sdg_codes) or None, "smartcity_codes": ", ".join(city_codes) or None,
              "theme": theme}
    for column, limit in (("sdg_target", 64), ("smartcity_codes", 128)):
        if values[column] and len(values[column]) > limit:
            raise TagProblem(f"Terlalu panjang (maks. {limit} karakter)", f"Too long (at most {limit} characters)")
    return values


@wraps_store_errors
def set_tags(engine: Engine, access: Access, code: str, sdg: str | None, smartcity: str | None, theme: str | None,
             themes: tuple[str, ...], ip: str | None = None) -> dict:
    """Set an indicator's SDG target codes, smart-city codes and theme (walidata and admin only; PermissionError
    otherwise, TagProblem for invalid codes, NoDataError for an unknown indicator). Audited; returns the old values."""
    if not access.can("edit_metadata"):
        audit.record(engine, "metadata_change", actor=access.user, target=code, success=False,
                     detail={"refused": "no edit_metadata permission"}, ip=ip)
        raise PermissionError("editing indicator tags needs the edit_metadata permission (walidata, admin)")
    values = checked_tags(sdg, smartcity, theme, themes)
    with engine.begin() as conn:
        row = conn.execute(select(Indicator.sdg_target, Indicator.smartcity_codes, Indicator.theme)
                           .where(Indicator.code == code)).mappings().first()
        if row is None:
            raise NoDataError(f"indicator {code!r} not found")
        old = dict(row)
        conn.execute(update(Indicator).where(Indicator.code == code).values(**values, updated_at=utcnow()))
        bump_generation(conn)
    audit.record(engine, "metadata_change", actor=access.user, target=code, detail={"from": old, "to": values}, ip=ip)
    return old
