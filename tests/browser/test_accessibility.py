"""axe-core finds no serious or critical problem on the pages people use most.

Each test walks one area in one browser context and checks each state it reaches (empty
form, errors, after saving); assert_accessible checks the light and the dark colour scheme.
"""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from content.services import library_load
from couples.services import invitation_create
from demo.services import demo_seed
from tests.browser.helpers import SCREENSHOTS, assert_accessible, log_in
from tests.checkins.helpers import open_round, submit
from tests.factories import DEFAULT_PASSWORD, UserFactory, link_partners
from trends.services import trends_rebuild_schedules

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone(page: Page) -> Page:
    page.set_viewport_size(PHONE)
    page.set_default_timeout(10_000)
    return page


def test_sign_up_and_public_pages(phone: Page, live_server):
    for path in ("/", "/accounts/signup/", "/accounts/login/", "/privacy/"):
        phone.goto(live_server.url + path)
        assert_accessible(phone)

    phone.goto(f"{live_server.url}/accounts/signup/")
    phone.get_by_label("Email:").fill("robin@example.com")
    phone.get_by_label("Your name:").fill("Robin")
    phone.get_by_label("Password:", exact=True).fill("short")
    phone.get_by_label("Password (again):").fill("different")
    phone.get_by_role("button", name="Sign up").click()
    expect(phone.locator(".errorlist").first).to_be_visible()
    assert_accessible(phone)


def test_check_in_before_and_after_answering(phone: Page, live_server):
    library_load()
    alex, sam = UserFactory(email="alex@example.com"), UserFactory(email="sam@example.com")
    link_partners(alex, sam)
    round_ = open_round(alex, opened=timedelta(hours=1))
    submit(round_, sam, score=2, note="we talked on Sunday", shared=True)

    log_in(phone, live_server.url, "alex@example.com", DEFAULT_PASSWORD)
    phone.goto(f"{live_server.url}/checkin/")
    expect(phone.get_by_role("button", name="Save my answers")).to_be_visible()
    assert_accessible(phone)

    phone.get_by_role("button", name="Save my answers").click()  # nothing chosen: errors
    expect(phone.locator(".errorlist").first).to_be_visible()
    assert_accessible(phone)

    for group in phone.get_by_role("group").filter(has=phone.get_by_label("4", exact=False)).all():
        group.get_by_label("4", exact=False).first.check()
    phone.get_by_role("button", name="Save my answers").click()
    expect(phone.get_by_text("Your answers are saved.")).to_be_visible()
    expect(phone.get_by_text("we talked on Sunday").first).to_be_visible()
    assert_accessible(phone)
    phone.screenshot(path=SCREENSHOTS / "checkin-after-answering-phone.png", full_page=True)


def test_dashboards(phone: Page, live_server, tmp_path):
    library_load()
    logins = {login.email: login.password for login in demo_seed(credentials_file=tmp_path / "l")}
    trends_rebuild_schedules(first_id=0, last_id=10**9)

    log_in(phone, live_server.url, "alex@example.com", logins["alex@example.com"])
    for path in ("/trends/", "/trends/mine/"):
        phone.goto(live_server.url + path)
        phone.wait_for_function("() => Chart.getChart(document.querySelector('canvas'))")
        for summary in phone.locator("details summary").all():
            summary.click()  # the tables are checked open, as someone reading them sees them
        assert_accessible(phone)


def test_partner_pages(page: Page, live_server, browser):
    page.set_default_timeout(10_000)
    UserFactory(email="alex@example.com")
    inviter = UserFactory(email="robin@example.com")
    token = invitation_create(inviter=inviter).token

    anonymous = browser.new_page()
    anonymous.goto(f"{live_server.url}/partner/join/{token}/")
    assert_accessible(anonymous)
    anonymous.close()

    log_in(page, live_server.url, "alex@example.com", DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/partner/")
    assert_accessible(page)
    page.get_by_label("Your partner's email").fill("not an address")  # the form has novalidate
    page.get_by_role("button", name="Create an invitation link").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your partner's email").fill("")
    page.get_by_role("button", name="Create an invitation link").click()
    expect(page.locator("#invitation-link")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/partner/join/{token}/")
    expect(page.get_by_role("button", name="Accept")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("You are now linked as partners.")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/partner/unlink/")
    assert_accessible(page)


def test_account_security_pages(phone: Page, live_server):
    person = UserFactory(email="robin@example.com")
    log_in(phone, live_server.url, person.email, DEFAULT_PASSWORD)

    # The security log asks for the password again: check that page too, then the log.
    phone.goto(f"{live_server.url}/account/security/")
    assert_accessible(phone)
    phone.get_by_label("Password").fill(DEFAULT_PASSWORD)
    phone.get_by_role("button", name="Confirm").click()
    expect(phone.get_by_role("heading", name="Security activity")).to_be_visible()
    expect(phone.get_by_text("Logged in", exact=True)).to_be_visible()
    assert_accessible(phone)

    phone.goto(f"{live_server.url}/accounts/sessions/")
    expect(phone.get_by_role("button", name="Log out on this device")).to_be_visible()
    assert_accessible(phone)
    for path in ("/profile/", "/account/data/"):
        phone.goto(live_server.url + path)
        assert_accessible(phone)
