"""Feedback on figures (open government): visitors flag a figure or ask a question; the walidata answers;
answered items are shown publicly beside the figure. No page layout code here.

Abuse controls: a length limit, a per-address rate limit counted in the store (so it holds across app
servers), and a small arithmetic challenge signed with the app's secret. Messages are stored as plain text
and always rendered as text, so no HTML or script survives. The contact is personal data: only callers who
may answer (walidata, admin) ever receive it.
"""
from __future__ import annotations

import hashlib
import random
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

import pandas as pd
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from data.errors import NoDataError
from data.schema import Feedback, Observation, utcnow
from services import audit, queries
from services.access import Access
from services.queries import wraps_store_errors

MAX_MESSAGE = 1000
MAX_CONTACT = 200
MAX_ANSWER = 2000
PER_ADDRESS_PER_HOUR = 5
KINDS = ("flag", "question")
ANSWER_PERMISSION = "approve"


class FeedbackRefused(ValueError):
    """A message that is not accepted; `key` names the i18n string that says why."""

    def __init__(self, key: str, **values: object):
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class Challenge:
    question: str  # "3 + 4"
    token: str     # signed answer, checked by verify_challenge


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="satudata-feedback-challenge")


def new_challenge(secret: str, rng: random.Random | None = None) -> Challenge:
    """A sum to answer; its token holds the answer and a nonce, so one token can send one message only."""
    rng = rng or random.SystemRandom()
    a, b = rng.randint(1, 9), rng.randint(1, 9)
    nonce = f"{rng.getrandbits(128):032x}"
    return Challenge(f"{a} + {b}", _serializer(secret).dumps({"sum": a + b, "nonce": nonce}))


def challenge_nonce(secret: str, token: str | None, answer: object, max_age: int = 3600) -> str | None:
    """The token's nonce when `answer` is right and the token is ours and fresh; else None."""
    try:
        signed = _serializer(secret).loads(token or "", max_age=max_age)
        if int(str(answer).strip()) == int(signed["sum"]):
            return str(signed["nonce"])
    except (BadSignature, SignatureExpired, ValueError, TypeError, KeyError):
        pass
    return None


def verify_challenge(secret: str, token: str | None, answer: object, max_age: int = 3600) -> bool:
    return challenge_nonce(secret, token, answer, max_age) is not None


def clean_text(text: str | None, limit: int) -> str:
    """Strip control characters (keep newlines) and surrounding space; refuse nothing here."""
    text = unicodedata.normalize("NFC", text or "")
    kept = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return kept.strip()[: limit + 1]


def ip_hash(ip: str | None, secret: str) -> str | None:
    if not ip:
        return None
    return hashlib.sha256(f"{secret}|{ip}".encode()).hexdigest()


@wraps_store_errors
def submit(engine: Engine, access: Access, *, indicator: str, region: str, period: str | None, kind: str,
           message: str, contact: str | None, ip: str | None, secret: str, challenge: str | None = None) -> int:
    """Store one message about a figure the caller can see; returns its id or raises FeedbackRefused.

    `challenge` (the nonce of the answered challenge) is stored unique: a second message on it is refused."""
    if kind not in KINDS:
        raise FeedbackRefused("feedback.error.kind")
    text = clean_text(message, MAX_MESSAGE)
    if not text:
        raise FeedbackRefused("feedback.error.empty")
    if len(text) > MAX_MESSAGE:
        raise FeedbackRefused("feedback.error.too_long", limit=MAX_MESSAGE)
    contact_text = clean_text(contact, MAX_CONTACT) or None
    if contact_text and len(contact_text) > MAX_CONTACT:
        raise FeedbackRefused("feedback.error.contact_too_long", limit=MAX_CONTACT)
    try:
        queries.indicator(engine, indicator, access)
        queries.region(engine, region)
    except NoDataError:
        raise FeedbackRefused("feedback.error.unknown_figure") from None
    hashed = ip_hash(ip, secret)
    try:
        return _store(engine, hashed, challenge, indicator=indicator, region=region, period=period, kind=kind,
                      message=text, contact=contact_text)
    except IntegrityError:
        raise FeedbackRefused("feedback.error.challenge") from None  # this challenge already sent a message


def _store(engine: Engine, hashed: str | None, challenge: str | None, *, indicator: str, region: str,
           period: str | None, kind: str, message: str, contact: str | None) -> int:
    with engine.begin() as conn:
        if hashed:
            recent = conn.scalar(select(func.count()).select_from(Feedback).where(
                Feedback.ip_hash == hashed, Feedback.created_at >= utcnow() - timedelta(hours=1)))
            if recent >= PER_ADDRESS_PER_HOUR:
                raise FeedbackRefused("feedback.error.rate", limit=PER_ADDRESS_PER_HOUR)
        value = conn.scalar(select(Observation.value).where(
            Observation.indicator_code == indicator, Observation.region_code == region,
            Observation.period == period, Observation.is_current.is_(True))) if period else None
        new_id = conn.execute(insert(Feedback).values(
            indicator_code=indicator, region_code=region, period=period, value=value, kind=kind, message=message,
            contact=contact, ip_hash=hashed, challenge=challenge, created_at=utcnow(), published=False,
        ).returning(Feedback.id)).scalar_one()
    return int(new_id)


@wraps_store_errors
def answer(engine: Engine, access: Access, feedback_id: int, text: str, publish: bool = True) -> None:
    """The walidata's answer; published answers appear publicly beside the figure."""
    if not access.can(ANSWER_PERMISSION):
        raise PermissionError("only a walidata may answer feedback")
    cleaned = clean_text(text, MAX_ANSWER)
    if not cleaned:
        raise FeedbackRefused("feedback.error.empty")
    with engine.begin() as conn:
        done = conn.execute(update(Feedback).where(Feedback.id == feedback_id).values(
            answer=cleaned[:MAX_ANSWER], answered_by=access.user, answered_at=utcnow(), published=publish))
    if done.rowcount == 0:
        raise NoDataError(f"feedback {feedback_id} not found")
    audit.record(engine, "feedback.answer", actor=access.user, target=str(feedback_id),
                 detail={"published": publish})


PUBLIC_COLUMNS = ["id", "indicator_code", "region_code", "period", "value", "kind", "message", "created_at",
                  "answer", "answered_at"]


@wraps_store_errors
def public_answers(engine: Engine, access: Access, indicator: str | None = None,
                   region: str | None = None) -> pd.DataFrame:
    """Answered and published items (never the contact), newest first, for indicators the caller may see."""
    visible = set(queries.indicators(engine, access)["code"])
    stmt = (select(*[getattr(Feedback, c) for c in PUBLIC_COLUMNS])
            .where(Feedback.published.is_(True), Feedback.answer.is_not(None))
            .order_by(Feedback.answered_at.desc()))
    if indicator:
        stmt = stmt.where(Feedback.indicator_code == indicator)
    if region:
        stmt = stmt.where(Feedback.region_code == region)
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=PUBLIC_COLUMNS)
    return frame[frame["indicator_code"].isin(visible)].reset_index(drop=True)


@wraps_store_errors
def inbox(engine: Engine, access: Access, unanswered_only: bool = False) -> pd.DataFrame:
    """Every message with its contact, for the walidata only."""
    if not access.can(ANSWER_PERMISSION):
        raise PermissionError("only a walidata may read the feedback inbox")
    columns = [*PUBLIC_COLUMNS, "contact", "answered_by", "published"]
    stmt = select(*[getattr(Feedback, c) for c in columns]).order_by(Feedback.created_at.desc())
    if unanswered_only:
        stmt = stmt.where(Feedback.answer.is_(None))
    if access.region_scope:
        stmt = stmt.where(Feedback.region_code.like(f"{access.region_scope}%"))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).all(), columns=columns)
