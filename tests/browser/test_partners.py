"""Two people in two browsers: sign up, invite, accept through the link, unlink."""

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.helpers import (
    PASSWORD,
    SCREENSHOTS,
    assert_accessible,
    assert_no_control_covered,
    sign_up_and_confirm,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_people_link_through_an_invitation_and_one_unlinks(browser: Browser, live_server):
    alex_context, sam_context = browser.new_context(), browser.new_context()
    alex, sam = alex_context.new_page(), sam_context.new_page()
    for page in (alex, sam):
        page.set_default_timeout(10_000)

    sign_up_and_confirm(alex, live_server.url, "alex@example.com", "Alex")
    sign_up_and_confirm(sam, live_server.url, "sam@example.com", "Sam")

    alex.get_by_role("navigation", name="Main").get_by_role("link", name="Partner").click()
    alex.get_by_role("button", name="Create an invitation link").click()
    link = alex.locator("#invitation-link").inner_text()
    assert "/partner/join/" in link

    sam.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    expect(sam.get_by_text("Alex", exact=True)).to_be_visible()
    sam.get_by_role("button", name="Accept").click()
    expect(sam.get_by_text("You are linked with Alex")).to_be_visible()

    alex.reload()
    expect(alex.get_by_text("You are linked with Sam")).to_be_visible()

    alex.get_by_role("link", name="Unlink").click()
    # The password once more before the link ends (re-authentication).
    alex.get_by_label("Password").fill(PASSWORD)
    alex.get_by_role("button", name="Confirm").click()
    alex.get_by_role("button", name="Unlink now").click()
    expect(alex.get_by_text("You are not linked with anyone")).to_be_visible()
    expect(alex.get_by_text("With Sam, from")).to_be_visible()

    sam.reload()
    expect(sam.get_by_text("You are not linked with anyone")).to_be_visible()
    expect(sam.get_by_text("With Alex, from")).to_be_visible()

    alex_context.close()
    sam_context.close()


def test_an_invited_person_without_an_account_signs_up_and_lands_on_the_invitation(
    browser: Browser, live_server
):
    alex_context, robin_context = browser.new_context(), browser.new_context()
    alex, robin = alex_context.new_page(), robin_context.new_page()
    for page in (alex, robin):
        page.set_default_timeout(10_000)
    sign_up_and_confirm(alex, live_server.url, "alex@example.com", "Alex")
    alex.goto(f"{live_server.url}/partner/")
    alex.get_by_role("button", name="Create an invitation link").click()
    link = alex.locator("#invitation-link").inner_text()
    path = link.split("127.0.0.1:8000", 1)[1]

    robin.goto(live_server.url + path)
    expect(robin.get_by_role("heading", name="You have an invitation")).to_be_visible()
    expect(robin.get_by_text("Alex")).to_have_count(0)
    robin.get_by_role("link", name="Create an account").click()
    assert path in robin.url

    sign_up_and_confirm(robin, live_server.url, "robin@example.com", "Robin", go_to_form=False)

    expect(robin).to_have_url(live_server.url + path)
    expect(robin.get_by_text("Alex", exact=True)).to_be_visible()

    alex_context.close()
    robin_context.close()


def _new_link(page, base_url: str) -> str:
    page.goto(f"{base_url}/partner/")
    page.get_by_role("button", name="Create an invitation link").click()
    return page.locator("#invitation-link").inner_text()


def test_the_link_is_plain_text_and_copy_puts_it_on_the_clipboard(browser: Browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_up_and_confirm(page, live_server.url, "alex@example.com", "Alex")

    link = _new_link(page, live_server.url)

    assert "/partner/join/" in link
    # Headless Chromium on Linux has no Web Share API: Share stays hidden, Copy is offered.
    if page.evaluate("() => navigator.share === undefined"):
        expect(page.get_by_role("button", name="Share")).to_be_hidden()
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator("[data-share-status]")).to_have_text(re.compile("Link copied"))
    assert page.evaluate("() => navigator.clipboard.readText()") == link
    # The whole link fits the phone's width (it wraps; nothing runs off the screen).
    box = page.locator("#invitation-link").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert_accessible(page)
    assert_no_control_covered(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "partner-invitation-link.png", full_page=True)
    context.close()


def test_share_opens_the_share_sheet_with_the_link_where_the_browser_has_one(
    browser: Browser, live_server
):
    context = browser.new_context()
    # A browser with the Web Share API (a phone's): the stub records what would be shared.
    context.add_init_script(
        "navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_up_and_confirm(page, live_server.url, "alex@example.com", "Alex")

    link = _new_link(page, live_server.url)
    page.get_by_role("button", name="Share").click()

    shared = page.evaluate("() => window.__shared")
    assert shared["url"] == link
    assert "Alex" not in str(shared) and "alex@" not in str(shared)
    context.close()


def test_without_javascript_the_link_shows_and_no_dead_button_does(browser: Browser, live_server):
    with_script = browser.new_context()
    page = with_script.new_page()
    page.set_default_timeout(10_000)
    sign_up_and_confirm(page, live_server.url, "alex@example.com", "Alex")
    cookies = with_script.cookies()
    with_script.close()

    context = browser.new_context(java_script_enabled=False)
    context.add_cookies(cookies)
    page = context.new_page()
    page.set_default_timeout(10_000)

    link = _new_link(page, live_server.url)

    assert "/partner/join/" in link
    expect(page.locator("#invitation-link")).to_be_visible()
    expect(page.get_by_role("button", name="Share")).to_be_hidden()
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
    context.close()
