"""A visitor flags a figure in the browser; the walidata's answer is shown publicly, as text."""
import re

import pytest

from services import feedback
from services.access import access_for

pytestmark = pytest.mark.browser
PAYLOAD = "<img src=x onerror=alert(1)><script>alert(2)</script> angka ini beda?"


def test_feedback_round_trip_in_the_browser(live_server, bpage, engine):
    page = bpage.page
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{live_server}/katalog?indikator=ipm")
    page.wait_for_selector(".feedback-open", timeout=20000)
    page.click(".feedback-open")
    page.wait_for_selector("#feedback-modal", state="visible", timeout=10000)
    assert "Indonesia" in page.inner_text("#feedback-about")
    page.fill("#feedback-message", PAYLOAD)
    page.fill("#feedback-contact", "warga@example.org")
    question = page.inner_text("#feedback-challenge-label")
    a, b = (int(x) for x in re.search(r"(\d+) \+ (\d+)", question).groups())
    page.fill("#feedback-challenge", str(a + b))
    page.click("#feedback-send")
    page.wait_for_selector("#feedback-result .alert-success", timeout=10000)

    inbox = feedback.inbox(engine, access_for("walidata", user="wali"))
    assert inbox["message"].tolist() == [PAYLOAD] and inbox["contact"].tolist() == ["warga@example.org"]
    feedback.answer(engine, access_for("walidata", user="wali"), int(inbox["id"][0]), "Sudah dicek: sesuai BPS.")

    page.goto(f"{live_server}/tanya-jawab")
    page.wait_for_selector(".qa-item", timeout=20000)
    text = page.inner_text(".qa-item")
    assert PAYLOAD in text and "Sudah dicek" in text and "warga@example.org" not in page.content()
    assert page.locator(".qa-item img").count() == 0 and not dialogs
    bpage.assert_clean()


def test_a_page_with_feedback_buttons_asks_the_server_nothing_until_one_is_clicked(live_server, bpage):
    """The buttons a page brings are no click: deciding that took a request per page load (two on /?wilayah=32);
    the click on the second card's button opens the form about that card's figure."""
    page = bpage.page
    asked = []
    page.on("request", lambda r: "feedback-modal.is_open" in (r.post_data or "") and asked.append(r.post_data))
    page.goto(f"{live_server}/?wilayah=32")
    page.wait_for_selector(".feedback-open", timeout=20000)
    page.wait_for_timeout(2000)
    assert asked == []
    buttons = page.locator(".feedback-open")
    assert buttons.count() >= 2
    buttons.nth(1).click()
    page.wait_for_selector("#feedback-modal", state="visible", timeout=10000)
    assert len(asked) == 1 and "Jawa Barat" in page.inner_text("#feedback-about")
    bpage.assert_clean()
