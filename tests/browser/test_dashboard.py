"""The demo couple's dashboard draws its charts, and the tables hold the same numbers."""

import pytest
from playwright.sync_api import Page, expect

from content.services import library_load
from demo.services import demo_seed
from tests.browser.helpers import SCREENSHOTS, assert_accessible, assert_no_control_covered, log_in
from trends.services import trends_rebuild_schedules

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_dashboard_draws_charts_matching_their_tables(page: Page, live_server, tmp_path):
    library_load()
    logins = {login.email: login.password for login in demo_seed(credentials_file=tmp_path / "l")}
    trends_rebuild_schedules(first_id=0, last_id=10**9)
    page.set_viewport_size({"width": 360, "height": 740})
    page.set_default_timeout(10_000)

    log_in(page, live_server.url, "alex@example.com", logins["alex@example.com"])
    page.goto(f"{live_server.url}/trends/")
    expect(page.get_by_role("heading", name="Our trends")).to_be_visible()
    page.wait_for_function("() => Chart.getChart(document.querySelector('canvas')) !== undefined")

    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "dashboard-demo.png", full_page=True)

    charts = page.evaluate(
        """() => [...document.querySelectorAll('canvas[data-series]')].map(canvas =>
            Chart.getChart(canvas).data.datasets.map(d => d.data))"""
    )
    assert len(charts) == 4
    drawn = [value for chart in charts for line in chart for value in line if value is not None]
    assert len(drawn) >= 40, "twelve weeks of demo history should draw real lines"

    first_table = page.locator("details table").first
    cells = first_table.locator("tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.querySelectorAll('td')].map(td => td.textContent.trim()))"
    )
    for week, row in enumerate(cells):
        for line, text in zip(charts[0], row[:2], strict=True):
            value = line[week]
            if value is None:
                assert text == "—", (week, row)
            else:
                assert abs(float(text) - value) <= 0.05, (week, row)


def test_a_new_couples_dashboard_says_what_will_appear_on_a_phone(page: Page, live_server):
    from tests.factories import DEFAULT_PASSWORD, UserFactory, link_partners

    library_load()
    link_partners(UserFactory(email="alex@example.com"), UserFactory(email="sam@example.com"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.set_default_timeout(10_000)

    log_in(page, live_server.url, "alex@example.com", DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/trends/")

    expect(page.get_by_text("Your first shared trends appear after 2 check-ins")).to_be_visible()
    nav = page.get_by_role("navigation", name="Trend views")
    expect(nav.get_by_role("link", name="Ours")).to_be_visible()
    expect(nav.get_by_role("link", name="Mine")).to_be_visible()
    assert_accessible(page)
    assert_no_control_covered(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "dashboard-empty.png", full_page=True)
