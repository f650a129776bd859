"""An admin rewords a question in the admin; the next check-in form asks the new wording."""

import re

import pytest
from playwright.sync_api import Browser, expect

from checkins.services import rounds_sweep
from content.models import Prompt
from content.services import library_load
from tests.browser.helpers import log_in
from tests.checkins.helpers import set_schedule
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_WORDING = "This week, how much did you feel your partner got you?"


def test_an_admin_edit_reaches_the_next_check_in_form(browser: Browser, live_server):
    library_load()
    UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)
    person = UserFactory(email="robin@example.com")
    set_schedule(person, cadence="daily", time_zone="UTC")
    prompt = Prompt.objects.get(slug="connection-felt-understood")

    admin = browser.new_context().new_page()
    admin.set_default_timeout(10_000)
    admin.goto(f"{live_server.url}/admin/")
    expect(admin).to_have_url(re.compile(r"/accounts/login/\?next="))
    log_in(admin, live_server.url, "admin@example.com", DEFAULT_PASSWORD)
    admin.goto(f"{live_server.url}/admin/content/prompt/{prompt.pk}/change/")
    expect(admin.get_by_text("On the check-in form")).to_be_visible()
    admin.get_by_label("Question:").fill(NEW_WORDING)
    admin.get_by_role("button", name="Save", exact=True).click()
    expect(admin.get_by_text("was changed successfully")).to_be_visible()
    rounds_sweep()  # beat's next sweep makes the round open now, with the new wording

    robin = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    robin.set_default_timeout(10_000)
    log_in(robin, live_server.url, "robin@example.com", DEFAULT_PASSWORD)
    robin.goto(f"{live_server.url}/checkin/")

    expect(robin.get_by_role("group", name=NEW_WORDING)).to_be_visible()
