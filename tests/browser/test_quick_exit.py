"""Quick exit: one tap (or Escape three times) leaves for a neutral page and logs out."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import log_in
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("how", ["button", "escape"])
def test_quick_exit_leaves_and_logs_out(page: Page, live_server, settings, how):
    settings.QUICK_EXIT_URL = f"{live_server.url}/privacy/"  # no other site is reachable here
    UserFactory(email="robin@example.com")
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, "robin@example.com", DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/profile/")
    before = page.evaluate("history.length")

    if how == "button":
        page.get_by_role("link", name="Quick exit").click()
    else:
        for _ in range(3):
            page.keyboard.press("Escape")

    expect(page).to_have_url(f"{live_server.url}/privacy/")
    assert page.evaluate("history.length") == before  # replaced, not added
    page.wait_for_timeout(300)  # the log-out beacon
    page.goto(f"{live_server.url}/profile/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/profile/")
