"""SQLAlchemy 2.0 schema of the Satu Data store. Table definitions only: no queries, no I/O."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

TIERS = ("publik", "internal", "dikecualikan")
#: The themes an indicator can carry (`indicator.theme`), in the order pickers list them.
THEMES = ("human_development", "poverty_inequality", "economy", "jobs", "health", "basic_services", "governance",
          "population", "village")
#: Region levels, top down: kecamatan are `district`, desa and kelurahan `village` (their `kind` tells which).
LEVELS = ("country", "province", "regency", "district", "village")
#: What a village is (`region.kind`): a desa (governed by a kepala desa, scored by the IDM) or a kelurahan.
VILLAGE_KINDS = ("desa", "kelurahan")
#: The longest region code: a desa/kelurahan, 10 digits without dots (32.01.01.2001 -> 3201012001).
CODE_LENGTH = 10
STATUSES = ("final", "preliminary")
#: Observation quality: None = an official release; otherwise where the value was taken from (`news`: a news or
#: data-journalism quote of an official survey; `press`: a press report of an official decree; `compiled`: a
#: compiled sheet that names no release). The one flag for a value that is weaker than an official release.
QUALITIES = ("news", "press", "compiled")
#: Big integer keys on PostgreSQL, SQLite's rowid alias elsewhere (autoincrement needs INTEGER there).
BigId = BigInteger().with_variant(Integer, "sqlite")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Region(Base):
    """A region under its current Kemendagri code ("ID" for Indonesia)."""

    __tablename__ = "region"
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16), index=True)
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"), index=True)
    kind: Mapped[str | None] = mapped_column(String(16))  # villages only: one of VILLAGE_KINDS


class RegionCodeMap(Base):
    """Another code system's code for a canonical region, valid for one vintage."""

    __tablename__ = "region_code_map"
    __table_args__ = (UniqueConstraint("system", "code", "vintage"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    system: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(16))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    source_name: Mapped[str | None] = mapped_column(String(200))
    vintage: Mapped[str] = mapped_column(String(16))


class Indicator(Base):
    """An indicator with its Satu Data metadata."""

    __tablename__ = "indicator"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_id: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    short_id: Mapped[str | None] = mapped_column(String(80))
    short_en: Mapped[str | None] = mapped_column(String(80))
    unit: Mapped[str] = mapped_column(String(100))
    unit_en: Mapped[str | None] = mapped_column(String(100))
    decimals: Mapped[int] = mapped_column(Integer, default=2)
    higher_is_better: Mapped[bool | None] = mapped_column(Boolean)
    definition_id: Mapped[str | None] = mapped_column(Text)
    definition_en: Mapped[str | None] = mapped_column(Text)
    producer: Mapped[str | None] = mapped_column(String(300))
    custodian: Mapped[str | None] = mapped_column(String(300))
    frequency: Mapped[str] = mapped_column(String(16), default="annual")
    frequency_label: Mapped[str | None] = mapped_column(String(300))
    sdg_target: Mapped[str | None] = mapped_column(String(64))
    smartcity_codes: Mapped[str | None] = mapped_column(String(128))
    theme: Mapped[str | None] = mapped_column(String(32))
    tier: Mapped[str] = mapped_column(String(16), default="publik")
    min_value: Mapped[float | None] = mapped_column(Float)
    max_value: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(Text)
    licence: Mapped[str | None] = mapped_column(String(300))
    headline: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=100)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class IndicatorCategory(Base):
    """One category of a categorical indicator (the IDM status): the number stored as its value, its labels, and the
    band of another indicator that defines it (`above` < value <= `up_to`, either open). The band is metadata: a
    published category is stored as published, never re-derived from it."""

    __tablename__ = "indicator_category"
    __table_args__ = (UniqueConstraint("indicator_code", "value"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"), index=True)
    value: Mapped[int] = mapped_column(Integer)
    label_id: Mapped[str] = mapped_column(String(100))
    label_en: Mapped[str] = mapped_column(String(100))
    band_indicator: Mapped[str | None] = mapped_column(ForeignKey("indicator.code"))
    above: Mapped[float | None] = mapped_column(Float)
    up_to: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(Text)


#: Batch statuses: committed (loaded by a trusted user), diajukan (submitted by a produsen: written, not current),
#: diterbitkan (a submitted batch a walidata approved), dikembalikan (returned with a note), rolled_back.
BATCH_STATUSES = ("committed", "diajukan", "diterbitkan", "dikembalikan", "rolled_back")
PENDING = "diajukan"


class ImportBatch(Base):
    """One load of data: the audit trail and the unit of rollback."""

    __tablename__ = "import_batch"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="upload")
    created_by: Mapped[str] = mapped_column(String(100), default="system")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    file_name: Mapped[str | None] = mapped_column(String(300))
    file_hash: Mapped[str | None] = mapped_column(String(64))
    indicator_code: Mapped[str | None] = mapped_column(String(64))
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    rows_new: Mapped[int] = mapped_column(Integer, default=0)
    rows_changed: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rows_skipped: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="committed")
    note: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    review_note: Mapped[str | None] = mapped_column(Text)  # why a walidata returned a submitted batch
    rolled_back_by: Mapped[str | None] = mapped_column(String(100))
    rolled_back_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Observation(Base):
    """A value of an indicator for a region and period; replaced values stay as history."""

    __tablename__ = "observation"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    period: Mapped[str] = mapped_column(String(10))
    value: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16), default="final")
    quality: Mapped[str | None] = mapped_column(String(16))  # None: official release; else one of QUALITIES
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"), index=True)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    replaced_by_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    replaced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: A submitted (not yet current) value: the current row it will replace when approved; None when it is new.
    replaces_id: Mapped[int | None] = mapped_column(BigId)


_SQLITE_CURRENT = text("is_current = 1")
_PG_CURRENT = text("is_current")
Index(
    "uq_observation_current", Observation.indicator_code, Observation.region_code, Observation.period,
    unique=True, sqlite_where=_SQLITE_CURRENT, postgresql_where=_PG_CURRENT,
)
Index(
    "ix_observation_period", Observation.indicator_code, Observation.period, Observation.region_code,
    Observation.value, sqlite_where=_SQLITE_CURRENT, postgresql_where=_PG_CURRENT,
)
Index(
    "ix_observation_series", Observation.region_code, Observation.indicator_code, Observation.period,
    Observation.value, sqlite_where=_SQLITE_CURRENT, postgresql_where=_PG_CURRENT,
)


class Target(Base):
    """A plan target (RPJMN, RKP, RPJMD, RKPD, SDG) for an indicator, region and year."""

    __tablename__ = "target"
    __table_args__ = (UniqueConstraint("indicator_code", "region_code", "year", "plan"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"), index=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    low: Mapped[float] = mapped_column(Float)
    high: Mapped[float] = mapped_column(Float)
    plan: Mapped[str] = mapped_column(String(100))
    source: Mapped[str | None] = mapped_column(Text)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    created_by: Mapped[str] = mapped_column(String(100), default="system")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class StoreInfo(Base):
    """Key/value facts about the store itself (seed version, cache generation)."""

    __tablename__ = "store_info"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


ROLES = ("publik", "analis", "produsen", "walidata", "admin")


class User(Base):
    """A person who signs in; the role decides what they may read and do (see services/auth.py)."""

    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(300))  # None: single sign-on only
    role: Mapped[str] = mapped_column(String(16), default="analis")
    agency: Mapped[str | None] = mapped_column(String(300))  # the producer (OPD) a produsen uploads for
    region_scope: Mapped[str | None] = mapped_column(String(CODE_LENGTH))  # a Kemendagri code; None = every region
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditLog(Base):
    """One security-relevant event. Append-only: the code has no update or delete path (PostgreSQL refuses both)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str | None] = mapped_column(String(100), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    target: Mapped[str | None] = mapped_column(String(300))
    success: Mapped[bool] = mapped_column(Boolean, default=True)
    detail: Mapped[str | None] = mapped_column(Text)
    ip: Mapped[str | None] = mapped_column(String(64))

class Forecast(Base):
    """The stored forecast of one indicator x region series (derived; `python -m dashboard refit` rebuilds it).

    JSON text columns keep it portable between SQLite and PostgreSQL: `points` (period, mean, 80/95 bounds),
    `fitted` (in-sample values), `candidates` (backtest MASE per model), `notes` ({code, id, en}).
    """

    __tablename__ = "forecast"
    __table_args__ = (UniqueConstraint("indicator_code", "region_code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"), index=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    model: Mapped[str | None] = mapped_column(String(32))
    step: Mapped[str] = mapped_column(String(16), default="annual")
    mase: Mapped[float | None] = mapped_column(Float)
    points: Mapped[str] = mapped_column(Text, default="[]")
    fitted: Mapped[str] = mapped_column(Text, default="[]")
    candidates: Mapped[str] = mapped_column(Text, default="[]")
    notes: Mapped[str] = mapped_column(Text, default="[]")
    used_periods: Mapped[str] = mapped_column(Text, default="[]")
    reason_code: Mapped[str | None] = mapped_column(String(32))
    reason_id: Mapped[str | None] = mapped_column(Text)
    reason_en: Mapped[str | None] = mapped_column(Text)
    n_points: Mapped[int] = mapped_column(Integer, default=0)
    input_hash: Mapped[str] = mapped_column(String(64))
    fitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Feedback(Base):
    """A visitor's flag or question about one figure, and the walidata's public answer.

    `contact` is personal data (UU 27/2022): only the walidata's inbox shows it; `ip_hash` is a salted hash
    used for the per-address rate limit, never the address itself.
    """

    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"), index=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    period: Mapped[str | None] = mapped_column(String(10))
    value: Mapped[float | None] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(16))  # flag | question
    message: Mapped[str] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(200))
    ip_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    #: the nonce of the challenge this message answered: unique, so a challenge token sends one message
    challenge: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(100))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published: Mapped[bool] = mapped_column(Boolean, default=False)


class KioskProfile(Base):
    """The settings of one named wall screen (`/kiosk?profil=<name>`): region, indicator, panels, timing."""

    __tablename__ = "kiosk_profile"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str | None] = mapped_column(String(200))
    wilayah: Mapped[str] = mapped_column(String(CODE_LENGTH), default="ID")
    indikator: Mapped[str | None] = mapped_column(String(64))
    panels: Mapped[str] = mapped_column(String(200), default="peta,ringkasan,penggerak,target")
    interval_s: Mapped[int] = mapped_column(Integer, default=20)
    refresh_s: Mapped[int] = mapped_column(Integer, default=60)
    lang: Mapped[str] = mapped_column(String(2), default="id")
    created_by: Mapped[str] = mapped_column(String(100), default="system")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Scenario(Base):
    """A named target scenario saved from /skenario: the required path from a baseline to a target, with who
    saved it and when. One name per region and indicator (saving it again replaces it, after a confirmation)."""

    __tablename__ = "scenario"
    __table_args__ = (UniqueConstraint("region_code", "indicator_code", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"), index=True)
    base_year: Mapped[int] = mapped_column(Integer)
    baseline: Mapped[float] = mapped_column(Float)
    end_year: Mapped[int] = mapped_column(Integer)
    target: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(16))  # linear (constant change) | growth (constant rate)
    path: Mapped[str] = mapped_column(Text)  # JSON [[year, value], ...] from base_year to end_year
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
