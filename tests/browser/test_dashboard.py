"""The demo couple's dashboard draws its charts, and the tables hold the same numbers."""

import pytest
from playwright.sync_api import Page, expect

from content.services import library_load
from demo.services import demo_seed
from tests.browser.helpers import SCREENSHOTS, log_in
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
