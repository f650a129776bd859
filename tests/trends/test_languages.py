"""The dashboards and the CSV export follow the reader's language: dates in its format (German
"3. März", Spanish "3 de marzo"), the CSV header row in its words. The weeks themselves stay ISO
weeks for everyone (docs/translation.md, "Dates and weeks")."""

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.utils import translation

from accounts.models import Profile
from tests.accounts.helpers import log_in, reauthenticate
from tests.checkins.helpers import open_round, submit
from trends.selectors import week_label

pytestmark = pytest.mark.django_db

# Tuesday 3 March 2026, 09:30 UTC; Monday 2 March starts its ISO week.
NOW = datetime(2026, 3, 3, 9, 30, tzinfo=UTC)


def chart_weeks(html: str) -> list[str]:
    marker = '<script id="trend-data" type="application/json">'
    start = html.index(marker) + len(marker)
    return json.loads(html[start : html.index("</script>", start)])["weeks"]


@pytest.fixture
def open_now(couple):
    """A round that opened at 08:30 on Tuesday 3 March, one answer shared in it."""
    alex, sam = couple
    Profile.objects.filter(user__in=[alex, sam]).update(time_zone="UTC")
    with time_machine.travel(NOW, tick=False):
        round_ = open_round(alex)
        submit(round_, alex, score=4, shared=True)
    return alex, sam, round_


@pytest.mark.parametrize(
    ("language", "closes", "week", "table_week"),
    [
        ("en", "closes on Wednesday 4 March, 08:30", "2 Mar", "2 Mar 2026"),
        ("de", "schließt am Mittwoch, 4. März, 08:30", "2. Mär", "2. Mär 2026"),
        ("es", "se cierra el miércoles 4 de marzo, 08:30", "2 mar", "2 mar 2026"),
    ],
)
def test_dashboard_dates_are_in_the_readers_language(
    client, open_now, language, closes, week, table_week
):
    _, sam, round_ = open_now
    Profile.objects.filter(user=sam).update(language=language)
    log_in(client, sam.email)

    with time_machine.travel(NOW, tick=False):
        html = client.get("/trends/").content.decode()

    assert closes in " ".join(html.split())
    # The chart's last week is this ISO week, named by its Monday in every language.
    assert chart_weeks(html)[-1] == week
    # The tables under the charts name the week with its year.
    with translation.override(language):
        assert week_label(date(2026, 3, 2)) == table_week
    assert round_.closes_at.date().isoformat() == "2026-03-04"


def test_the_csv_header_row_follows_the_readers_language(client, couple):
    alex, _ = couple
    Profile.objects.filter(user=alex).update(language="de")
    round_ = open_round(alex)
    submit(round_, alex, score=4, shared=False)
    log_in(client, alex.email)
    reauthenticate(client)

    response = client.get("/account/data/answers.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))

    assert rows[0] == [
        "geöffnet", "Thema", "Frage", "Punktzahl", "Antwort", "geteilt", "beantwortet", "geändert",
    ]  # fmt: skip
    assert {row[5] for row in rows[1:]} == {"nein"}
