"""The summary prints without JavaScript: charts drawn as SVG on the server, a print
stylesheet with @page rules, and a page that reads the same few rows however long the history."""

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from couples.selectors import active_couple_for
from summaries.charts import line_chart_svg
from summaries.services import share_link_create, summary_accept, summary_propose
from tests.accounts.helpers import log_in
from tests.factories import UserFactory, link_partners
from tests.summaries.conftest import closed_weeks
from trends.selectors import Line

pytestmark = pytest.mark.django_db

PRINT_CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "summary-print.css"


def main_of(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_the_page_has_four_svg_charts_a_print_stylesheet_and_no_script(client, agreed):
    alex, _, summary = agreed
    log_in(client, alex.email)

    html = client.get(f"/summaries/{summary.code}/").content.decode()

    main = main_of(html)
    assert main.count('<svg class="summary-chart"') == 4
    assert main.count('role="img"') == 4
    assert "<polyline" in main  # three weeks of shared answers draw lines
    assert "<script" not in main and "<canvas" not in main
    assert 'href="/static/css/summary-print.css" media="print"' in html
    assert main.count("<table>") == 4


def test_the_print_stylesheet_fits_a4_and_letter_and_hides_the_controls():
    css = PRINT_CSS.read_text()

    assert "@page" in css
    # No fixed page size: the printer's own paper (A4 or Letter) is used.
    assert not re.search(r"(^|[\s;{])size\s*:", css)
    for hidden in (".site-header", ".no-print", "nav"):
        assert hidden in css


def test_a_missing_week_is_a_gap_and_labels_are_escaped():
    svg = line_chart_svg(
        chart_id="c",
        title="<b>t</b>",
        week_labels=["1 Dec", "8 Dec", "15 Dec", "22 Dec"],
        lines=[Line("<script>x</script>", [1.0, 2.0, None, 4.0]), Line("Sam", [None] * 4)],
    )

    assert svg.count("<polyline") == 1  # 1 → 2; then a gap; 4 alone is a dot
    assert svg.count("<circle") == 3
    assert "<rect" not in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "&lt;b&gt;" in svg


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_queries_stay_flat_however_long_the_history(
    client, library, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    short, long_ = [], []
    for weeks, into in ((1, short), (12, long_)):
        alex, sam = UserFactory(), UserFactory()
        link_partners(alex, sam)
        closed_weeks(alex, sam, weeks, django_capture_on_commit_callbacks)
        summary = summary_propose(person=alex, couple=active_couple_for(alex), weeks=12)
        summary_accept(summary=summary, person=sam)
        token = share_link_create(summary=summary, person=alex, days=7).token
        into += [summary, token, alex]

    client.logout()
    log_in(client, short[2].email)
    client.get("/summaries/")  # the first page after log-in notes the device
    page_queries = _queries(client, f"/summaries/{short[0].code}/")
    shared_queries = _queries(client, f"/shared/summary/{short[1]}/")

    client.logout()
    log_in(client, long_[2].email)
    client.get("/summaries/")
    with django_assert_max_num_queries(page_queries):
        client.get(f"/summaries/{long_[0].code}/")
    with django_assert_max_num_queries(shared_queries):
        client.get(f"/shared/summary/{long_[1]}/")
    # The session and person, the summary, its couple's members, the weeks still open, the
    # shared weekly rows, the themes and the share links: a handful, whatever the history.
    assert page_queries <= 10


def test_the_pdf_is_a_pdf_and_a_few_a_minute_at_most(client, agreed, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "summary_pdf": "2/5m/user"}
    alex, _, summary = agreed
    log_in(client, alex.email)
    path = f"/summaries/{summary.code}/summary.pdf"

    first = client.get(path)

    assert first.content.startswith(b"%PDF-")
    assert first["Content-Disposition"] == f'attachment; filename="summary-{summary.last_week}.pdf"'
    assert [client.get(path).status_code for _ in range(2)] == [200, 429]
