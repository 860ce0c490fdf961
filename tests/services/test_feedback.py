"""Feedback on figures: round trip, escaping, limits, rate limit, challenge, personal data kept private."""
from __future__ import annotations

import random

import pytest
from sqlalchemy import update

from data.schema import Indicator
from services import feedback
from services.access import PUBLIC, access_for

SECRET = "test-secret"
WALIDATA = access_for("walidata", user="wali")


def post(engine, message="Angka ini beda dengan publikasi BPS?", kind="question", contact=None, ip="10.0.0.1",
         indicator="ipm", region="32", period="2024"):
    return feedback.submit(engine, PUBLIC, indicator=indicator, region=region, period=period, kind=kind,
                           message=message, contact=contact, ip=ip, secret=SECRET)


def test_round_trip_only_answered_items_are_public(engine):
    answered = post(engine, contact="warga@example.org")
    post(engine, message="Pertanyaan lain tanpa jawaban")
    assert feedback.public_answers(engine, PUBLIC, "ipm", "32").empty
    feedback.answer(engine, WALIDATA, answered, "Angka sesuai BPS var 494 (metode baru).")
    public = feedback.public_answers(engine, PUBLIC, "ipm", "32")
    assert public["id"].tolist() == [answered]
    assert public.loc[0, "value"] == 74.43  # the value shown when the question was asked
    assert "contact" not in public.columns
    inbox = feedback.inbox(engine, WALIDATA)
    assert len(inbox) == 2 and "warga@example.org" in inbox["contact"].tolist()


def test_unpublished_answer_stays_private(engine):
    item = post(engine)
    feedback.answer(engine, WALIDATA, item, "Jawaban internal", publish=False)
    assert feedback.public_answers(engine, PUBLIC).empty


def test_only_walidata_answers_or_reads_the_inbox(engine):
    item = post(engine)
    for role in ("analis", "produsen"):
        with pytest.raises(PermissionError):
            feedback.answer(engine, access_for(role, user="x"), item, "no")
        with pytest.raises(PermissionError):
            feedback.inbox(engine, access_for(role, user="x"))
    with pytest.raises(PermissionError):
        feedback.inbox(engine, PUBLIC)


def test_script_is_stored_as_plain_text(engine):
    payload = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    item = post(engine, message=payload)
    feedback.answer(engine, WALIDATA, item, "<b>bold?</b>")
    row = feedback.public_answers(engine, PUBLIC).iloc[0]
    assert row["message"] == payload and row["answer"] == "<b>bold?</b>"  # text; the page renders it as text


def test_limits_and_control_characters(engine):
    with pytest.raises(feedback.FeedbackRefused) as too_long:
        post(engine, message="x" * 1001)
    assert too_long.value.key == "feedback.error.too_long"
    with pytest.raises(feedback.FeedbackRefused, match="empty"):
        post(engine, message="  \x00\x07 ")
    with pytest.raises(feedback.FeedbackRefused, match="kind"):
        post(engine, kind="spam")
    item = post(engine, message="ok\x00 fine")
    feedback.answer(engine, WALIDATA, item, "y")
    assert feedback.public_answers(engine, PUBLIC).iloc[0]["message"] == "ok fine"


def test_flood_from_one_address_is_slowed(engine):
    for _ in range(feedback.PER_ADDRESS_PER_HOUR):
        post(engine, ip="10.9.9.9")
    with pytest.raises(feedback.FeedbackRefused) as refused:
        post(engine, ip="10.9.9.9")
    assert refused.value.key == "feedback.error.rate"
    post(engine, ip="10.9.9.10")  # another address is not affected


def test_internal_indicator_cannot_be_flagged_by_the_public(engine):
    with engine.begin() as conn:
        conn.execute(update(Indicator).where(Indicator.code == "gini").values(tier="internal"))
    with pytest.raises(feedback.FeedbackRefused, match="unknown_figure"):
        post(engine, indicator="gini", period="2024-03")


def test_challenge_is_signed_and_checked():
    challenge = feedback.new_challenge(SECRET, random.Random(1))
    a, b = (int(x) for x in challenge.question.split(" + "))
    assert feedback.verify_challenge(SECRET, challenge.token, a + b)
    assert feedback.verify_challenge(SECRET, challenge.token, f" {a + b} ")
    assert not feedback.verify_challenge(SECRET, challenge.token, a + b + 1)
    assert not feedback.verify_challenge("other-secret", challenge.token, a + b)
    assert not feedback.verify_challenge(SECRET, "forged", 3)


@pytest.fixture(params=["sqlite", "postgres"])
def store(request):
    return request.getfixturevalue("engine" if request.param == "sqlite" else "pg_engine")


def test_a_challenge_sends_one_message_only(store):
    """The token was valid for an hour and any number of messages; now the first message uses it up."""
    challenge = feedback.new_challenge(SECRET)
    a, b = (int(x) for x in challenge.question.split(" + "))
    nonce = feedback.challenge_nonce(SECRET, challenge.token, a + b)
    assert nonce and feedback.challenge_nonce(SECRET, challenge.token, a + b + 1) is None

    def send(ip: str):
        return feedback.submit(store, PUBLIC, indicator="ipm", region="32", period="2024", kind="question",
                               message="Sumber angka ini?", contact=None, ip=ip, secret=SECRET, challenge=nonce)

    assert send("10.0.0.7")
    with pytest.raises(feedback.FeedbackRefused) as replay:
        send("10.0.0.8")  # the same token again, from anywhere
    assert replay.value.key == "feedback.error.challenge"
    other = feedback.new_challenge(SECRET)
    assert other.token != challenge.token
