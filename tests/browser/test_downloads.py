"""Downloads behind the password prompt: the link opens the prompt in the page, and the file
comes once the password is given (a `download` attribute would save the prompt as the file)."""

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import log_in
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("link", "filename_start"),
    [
        ("Download my data", "check-in-export-"),
        ("My answers as a spreadsheet (CSV)", "check-in-answers-"),
    ],
)
def test_a_download_asks_for_the_password_in_the_page_then_starts(
    page: Page, live_server, settings, link, filename_start
):
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 2  # seconds: the log-in is soon too old
    page.set_default_timeout(10_000)
    person = UserFactory()
    log_in(page, live_server.url, person.email, DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/account/data/")
    time.sleep(2.5)
    page.get_by_role("link", name=link).click()

    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    with page.expect_download() as download:
        page.get_by_label("Password:").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    assert download.value.suggested_filename.startswith(filename_start)
