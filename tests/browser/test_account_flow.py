"""A person signs up, confirms their email, logs out and back in, in a real browser."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from tests.browser.helpers import log_in, sign_up_and_confirm

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_confirm_log_out_and_log_in_again(page: Page, live_server):
    page.set_default_timeout(10_000)
    page.goto(live_server.url)
    page.get_by_role("link", name="Sign up").first.click()
    expect(page).to_have_url(f"{live_server.url}/accounts/signup/")

    sign_up_and_confirm(page, live_server.url, "browser@example.com", "Robin")
    # The browser's own zone came along with the sign-up (Chromium here runs in UTC unless told).
    assert get_user_model().objects.get(email="browser@example.com").profile.time_zone

    page.get_by_role("button", name="Log out").click()
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav.get_by_role("link", name="Log in")).to_be_visible()

    main_nav.get_by_role("link", name="Log in").click()
    log_in(page, live_server.url, "browser@example.com")

    expect(page.get_by_role("heading", name="Welcome, Robin")).to_be_visible()


def test_keyboard_alone_reaches_the_skip_link_and_the_sign_up_form(page: Page, live_server):
    page.goto(f"{live_server.url}/accounts/signup/")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused, "Tab after the skip link should land inside the main content"


def test_phone_width_layout_does_not_scroll_sideways(page: Page, live_server):
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/", "/accounts/signup/", "/privacy/"):
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} is {overflow}px wider than a 360px phone"
