"""Two people in two browsers: sign up, invite, accept through the link, unlink."""

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.helpers import PASSWORD, sign_up_and_confirm

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
    link = alex.get_by_role("textbox", name="Invitation link").input_value()
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
    link = alex.get_by_role("textbox", name="Invitation link").input_value()
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
