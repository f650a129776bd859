"""Past check-ins on a phone: short cards that read well, pass axe and cover nothing."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from content.services import library_load
from tests.browser.helpers import (
    SCREENSHOTS,
    assert_accessible,
    assert_no_control_covered,
    log_in,
)
from tests.checkins.helpers import open_round, submit
from tests.factories import DEFAULT_PASSWORD, UserFactory, link_partners

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_history_cards_on_a_phone(page: Page, live_server):
    library_load()
    alex, sam = UserFactory(email="alex@example.com"), UserFactory(email="sam@example.com")
    link_partners(alex, sam)
    open_round(alex, opened=timedelta(days=9))  # closed, nobody answered
    for days in (8, 2):
        round_ = open_round(alex, opened=timedelta(days=days))
        submit(round_, alex, score=4, note="a walk", shared=True, now=round_.opens_at)
        submit(round_, sam, score=3, shared=True, now=round_.opens_at)
    current = open_round(alex)  # open, not answered yet

    page.set_viewport_size({"width": 390, "height": 844})
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, "alex@example.com", DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/checkin/history/")

    expect(page.get_by_role("link", name="Answer now")).to_have_attribute(
        "href", f"/checkin/{current.code}/"
    )
    expect(page.get_by_text("No answers.")).to_be_visible()
    expect(page.locator(".pulse-scores").first).to_be_visible()
    # The four scores fit the phone's width.
    for box in page.locator(".pulse-scores").evaluate_all(
        "lists => lists.map(l => l.getBoundingClientRect().right)"
    ):
        assert box <= 390
    assert_accessible(page)
    assert_no_control_covered(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "history-cards.png", full_page=True)
