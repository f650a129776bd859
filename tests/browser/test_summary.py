"""A summary on a phone: one partner proposes, the other agrees, the page shows its charts as
SVG, passes axe and covers nothing; a share link's page prints without JavaScript."""

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


def test_propose_agree_and_print_a_summary_on_a_phone(page: Page, live_server):
    library_load()
    alex, sam = UserFactory(email="alex@example.com"), UserFactory(email="sam@example.com")
    link_partners(alex, sam)
    for weeks, (mine, theirs) in zip((3, 2, 1), ((4, 3), (3, 3), (4, 2)), strict=True):
        round_ = open_round(alex, opened=timedelta(weeks=weeks, hours=1))
        submit(round_, alex, score=mine, shared=True, now=round_.opens_at)
        submit(round_, sam, score=theirs, shared=True, now=round_.opens_at)
    page.set_viewport_size({"width": 390, "height": 844})
    page.set_default_timeout(10_000)

    # Alex finds summaries from the trends page and proposes one.
    log_in(page, live_server.url, "alex@example.com", DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/trends/")
    page.get_by_role("link", name="A summary to print or take to a therapist").click()
    page.get_by_label("The last 4 weeks").check()
    page.get_by_role("button", name="Make a summary").click()
    expect(page.get_by_text("Waiting for your partner to agree.")).to_be_visible()
    assert_accessible(page)

    # Sam agrees.
    page.context.clear_cookies()
    log_in(page, live_server.url, "sam@example.com", DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/account/")
    page.get_by_role("link", name="Summaries").click()
    page.get_by_role("link", name="4 weeks to the week of").click()
    page.get_by_role("button", name="I agree").click()
    expect(page.get_by_text("You both agreed")).to_be_visible()
    charts = page.locator("svg.summary-chart")
    expect(charts).to_have_count(4)
    assert charts.first.bounding_box()["width"] <= 390
    assert_accessible(page)
    assert_no_control_covered(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "summary-phone.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")

    # A link for a therapist, opened without JavaScript, prints with its charts.
    page.get_by_label("7 days").check()
    page.get_by_role("button", name="Make a link").click()
    link = page.locator("#share-link").text_content().strip()
    path = link.split("://", 1)[1].split("/", 1)[1]
    context = page.context.browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    try:
        therapist = context.new_page()
        therapist.goto(f"{live_server.url}/{path}")
        expect(therapist.locator("svg.summary-chart polyline").first).to_be_visible()
        therapist.emulate_media(media="print")
        expect(therapist.locator(".site-header")).to_be_hidden()
        expect(therapist.locator("svg.summary-chart").first).to_be_visible()
        therapist.screenshot(path=SCREENSHOTS / "summary-print.png", full_page=True)
    finally:
        context.close()
