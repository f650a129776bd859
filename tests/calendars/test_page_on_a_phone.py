"""The calendar feed page on a phone: axe finds no serious problem, nothing covers a control,
the address fits the screen, and a screenshot of each state is kept for a person to look at
(test-results/calendar-feed/)."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    SCREENSHOTS,
    assert_accessible,
    assert_no_control_covered,
    log_in,
)
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def look_at(page: Page, name: str) -> None:
    assert_accessible(page)
    assert_no_control_covered(page)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), name
    page.screenshot(path=SCREENSHOTS / "calendar-feed" / f"{name}.png", full_page=True)


def test_the_calendar_feed_page_on_a_phone(page: Page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.set_default_timeout(10_000)
    person = UserFactory()
    log_in(page, live_server.url, person.email, DEFAULT_PASSWORD)

    page.goto(f"{live_server.url}/account/")
    page.get_by_role("link", name="Calendar feed").click()
    expect(page.get_by_role("heading", name="Calendar feed", level=1)).to_be_visible()
    look_at(page, "off")

    page.get_by_role("button", name="Make my calendar address").click()
    address = page.locator("#calendar-address")
    expect(address).to_contain_text("/calendar/")
    look_at(page, "address-shown-once")

    page.get_by_label("Name of the event in your calendar").fill("")
    page.get_by_role("button", name="Save the name").click()
    expect(page.get_by_text("Give the event a name")).to_be_visible()
    look_at(page, "name-missing")

    page.get_by_label("Name of the event in your calendar").fill("Tea")
    page.get_by_role("button", name="Save the name").click()
    expect(page.get_by_role("button", name="Turn off")).to_be_visible()
    expect(page.locator("#calendar-address")).to_have_count(0)
    look_at(page, "on")
