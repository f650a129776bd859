"""allauth's pages and the error pages on a phone: axe finds no serious problem, and a
screenshot of each is kept for a person to look at (test-results/account-pages/)."""

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import SCREENSHOTS, assert_accessible, log_in
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIGNED_OUT = [
    "/accounts/login/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/1-no-such-key/",
    "/accounts/confirm-email/",
    "/no-such-page/",
]
SIGNED_IN = [
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
    "/accounts/logout/",
]


def look_at(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    assert_accessible(page)
    name = path.strip("/").replace("/", "-") or "home"
    page.screenshot(path=SCREENSHOTS / "account-pages" / f"{name}.png", full_page=True)


def test_account_pages_on_a_phone(page: Page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.set_default_timeout(10_000)
    for path in SIGNED_OUT:
        look_at(page, live_server.url, path)

    person = UserFactory()
    log_in(page, live_server.url, person.email, DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/accounts/reauthenticate/")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    for path in SIGNED_IN:
        look_at(page, live_server.url, path)
