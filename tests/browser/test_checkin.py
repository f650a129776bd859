"""Two partners check in on the same round from phone-sized screens."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from content.services import library_load
from tests.browser.helpers import SCREENSHOTS, assert_no_control_covered, log_in
from tests.checkins.helpers import open_round
from tests.factories import DEFAULT_PASSWORD, UserFactory, link_partners

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True}
PRIVATE_NOTE = "only for me 5b1f"
SHARED_NOTE = "we talked on Sunday"


DIMENSIONS = ("Connection", "Communication", "Desire", "Obligation")


def choose_everywhere(page: Page, score: str) -> None:
    """The same point on every question: each dimension's pulse item and reflection question."""
    for dimension in DIMENSIONS:
        questions = page.get_by_role("group", name=dimension, exact=True).locator(
            "fieldset.question"
        )
        expect(questions).to_have_count(2)
        for question in questions.all():
            question.get_by_label(score, exact=False).first.check()


def answer(page: Page, *, score: str, note: str, share_desire_note: bool) -> None:
    choose_everywhere(page, score)
    reflection = page.get_by_role("group", name="Desire", exact=True).locator("fieldset.reflection")
    reflection.get_by_text("Note", exact=True).click()  # the note is folded until wanted
    reflection.get_by_label("Note (optional)").fill(note)
    who_sees = reflection.get_by_role("group", name="Who sees this answer and its note")
    who_sees.get_by_label("Partner sees this" if share_desire_note else "Only you").check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()


def test_partners_check_in_and_see_only_what_was_shared(browser: Browser, live_server):
    library_load()
    alex_user = UserFactory(email="alex@example.com")
    sam_user = UserFactory(email="sam@example.com")
    link_partners(alex_user, sam_user)
    open_round(alex_user, opened=timedelta(hours=1))

    alex_context, sam_context = browser.new_context(**PHONE), browser.new_context(**PHONE)
    alex, sam = alex_context.new_page(), sam_context.new_page()
    for page, email in ((alex, "alex@example.com"), (sam, "sam@example.com")):
        page.set_default_timeout(10_000)
        log_in(page, live_server.url, email, DEFAULT_PASSWORD)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Check in").click()

    answer(alex, score="4", note=PRIVATE_NOTE, share_desire_note=False)
    expect(alex.get_by_text("Nothing shared yet.")).to_be_visible()

    expect(sam.get_by_text("Answer first")).to_be_visible()
    answer(sam, score="2", note=SHARED_NOTE, share_desire_note=True)
    side_by_side = sam.locator("section", has=sam.get_by_role("heading", name="Side by side"))
    # Alex's 4, beside Sam's own 2.
    expect(side_by_side.locator(".score-number", has_text="4").first).to_be_visible()
    expect(sam.get_by_text(PRIVATE_NOTE)).to_have_count(0)

    alex.reload()
    expect(alex.get_by_text(SHARED_NOTE)).to_be_visible()
    overflow = sam.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the check-in page is {overflow}px wider than the phone"

    alex_context.close()
    sam_context.close()


def test_a_worrying_private_answer_brings_the_support_note_at_once(browser: Browser, live_server):
    library_load()
    alex_user, sam_user = UserFactory(email="alex@example.com"), UserFactory()
    link_partners(alex_user, sam_user)
    open_round(alex_user, opened=timedelta(hours=1))
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, "alex@example.com", DEFAULT_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Check in").click()

    private = page.get_by_role("group", name="Just for you")
    expect(
        private.get_by_text("never shows or sends these answers to your partner")
    ).to_be_visible()
    worry = private.get_by_role("group", name=re.compile("react if you said no"))
    expect(worry.get_by_label("Skip this question")).to_be_checked()
    worry.get_by_label("Quite a lot").check()
    expect(page.get_by_text("This is your first check-in here")).to_be_visible()
    choose_everywhere(page, "2")
    # The obligation pulse item offers "it did not come up"; a reflection question is skipped.
    obligation = page.get_by_role("group", name="Obligation", exact=True)
    obligation.get_by_label("It did not come up").check()
    connection = page.get_by_role("group", name="Connection", exact=True).locator(
        "fieldset.question"
    )
    connection.last.get_by_label("Skip", exact=True).check()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")  # the sticky Quick exit bar where it starts
    page.screenshot(path=SCREENSHOTS / "checkin-pulse-form-phone.png", full_page=True)
    # Quick exit sits in a bar of its own: "Save my answers", at the foot of the page, is clear.
    assert_no_control_covered(page)
    page.get_by_role("button", name="Save my answers").click()

    note = page.get_by_role("complementary", name="A note just for you")
    expect(note).to_be_visible()
    expect(note.get_by_text("Nobody owes anyone sex or touch")).to_be_visible()
    expect(page.get_by_role("heading", name="Something to try")).to_have_count(0)
    mine = page.locator("section", has=page.get_by_role("heading", name="Your answers"))
    expect(mine.get_by_text("It did not come up")).to_be_visible()
    expect(mine.get_by_text("Somewhat distant")).to_be_visible()
    assert_no_control_covered(page)
    for path in ("/checkin/history/", "/trends/", "/profile/"):
        page.goto(f"{live_server.url}{path}")
        assert_no_control_covered(page)
    page.goto(f"{live_server.url}/checkin/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the check-in page is {overflow}px wider than the phone"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "checkin-support-note-phone.png", full_page=True)
    context.close()
