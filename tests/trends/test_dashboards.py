"""Dashboards: shared answers only on ours, everything on mine, gaps as gaps, fixed cost."""

import csv
import io
import json
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from checkins.services import round_ensure_at
from checkins.slots import monday_of
from content.models import Prompt
from content.services import prompt_revise
from tests.accounts.helpers import log_in, reauthenticate
from tests.checkins.helpers import open_round, set_schedule, submit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PRIVATE_NOTE = "PRIVATE-DASHBOARD-MARKER"


def chart_data(html: str) -> dict:
    start = html.index('<script id="trend-data" type="application/json">') + len(
        '<script id="trend-data" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def test_a_private_extreme_score_in_a_shared_week_does_not_move_our_trend(
    client, couple, django_capture_on_commit_callbacks
):
    alex, sam = couple
    # Two daily rounds in last week for Sam: one shared 2, one private 5.
    schedule = set_schedule(alex, cadence="daily", time_of_day=time(10), time_zone="UTC")
    last_monday = monday_of(timezone.now().date()) - timedelta(weeks=1)
    monday, tuesday = (
        round_ensure_at(schedule, datetime.combine(last_monday + timedelta(days=d), time(10), UTC))
        for d in (0, 1)
    )
    for round_, score, shared in ((monday, 2, True), (tuesday, 5, False)):
        with django_capture_on_commit_callbacks(execute=True):
            submit(round_, sam, score=score, shared=shared, note=PRIVATE_NOTE, now=round_.opens_at)
    log_in(client, alex.email)

    html = client.get("/trends/").content.decode()
    values = [v for v in chart_data(html)["series"][0]["lines"][1]["values"] if v is not None]

    assert values == [2.0]
    assert PRIVATE_NOTE not in html


@pytest.fixture
def history(couple, django_capture_on_commit_callbacks):
    """Three closed weekly rounds. Week 2: Sam answers privately with an extreme score."""
    alex, sam = couple
    rounds = [open_round(alex, opened=timedelta(weeks=weeks, hours=1)) for weeks in (3, 2, 1)]
    for index, round_ in enumerate(rounds):
        with django_capture_on_commit_callbacks(execute=True):
            submit(round_, alex, score=4, shared=True, now=round_.opens_at)
        with django_capture_on_commit_callbacks(execute=True):
            if index == 1:
                submit(round_, sam, score=1, note=PRIVATE_NOTE, shared=False, now=round_.opens_at)
            else:
                submit(round_, sam, score=2, shared=True, now=round_.opens_at)
    return alex, sam, rounds


def test_our_trends_show_shared_answers_only_and_private_weeks_as_gaps(client, history):
    alex, _, _ = history
    log_in(client, alex.email)

    html = client.get("/trends/").content.decode()
    data = chart_data(html)

    assert PRIVATE_NOTE not in html
    connection = data["series"][0]
    you, sam = (line["values"] for line in connection["lines"])
    assert [v for v in sam if v is not None] == [2.0, 2.0]  # the private 1 shifts nothing
    assert sam.count(None) == len(sam) - 2
    assert [v for v in you if v is not None] == [4.0, 4.0, 4.0]
    assert "1.0" not in html.split('id="highlights-heading"', 1)[1]


def test_my_trends_include_my_private_answers(client, history):
    _, sam, _ = history
    log_in(client, sam.email)

    data = chart_data(client.get("/trends/mine/").content.decode())

    assert [v for v in data["series"][0]["lines"][0]["values"] if v is not None] == [2.0, 1.0, 2.0]


def test_a_week_with_a_round_still_open_is_left_out_of_our_trends(
    client, couple, django_capture_on_commit_callbacks
):
    alex, sam = couple
    round_ = open_round(alex)
    with django_capture_on_commit_callbacks(execute=True):
        submit(round_, alex, score=5, shared=True)
    log_in(client, sam.email)

    before = chart_data(client.get("/trends/").content.decode())
    with time_machine.travel(round_.closes_at + timedelta(minutes=1), tick=False):
        after = chart_data(client.get("/trends/").content.decode())

    assert set(before["series"][0]["lines"][1]["values"]) == {None}
    assert 5.0 in after["series"][0]["lines"][1]["values"]


def test_the_table_mirrors_the_chart_with_dashes_for_gaps(client, history):
    alex, _, _ = history
    log_in(client, alex.email)

    html = client.get("/trends/?weeks=12").content.decode()

    table = html.split("<caption>Connection, weekly average of the pulse question", 1)[1]
    table = table.split("</table>", 1)[0]
    assert table.count("<tr>") == 12 + 1  # header and twelve weeks
    assert table.count("<td>4.0</td>") == 3
    assert table.count("<td>2.0</td>") == 4  # Sam's two weeks, and their gap of 2 twice
    assert "<td>—</td>" in table


@pytest.mark.parametrize("weeks", [12, 26, 52])
def test_the_window_can_be_12_26_or_52_weeks(client, history, weeks):
    alex, _, _ = history
    log_in(client, alex.email)

    data = chart_data(client.get(f"/trends/?weeks={weeks}").content.decode())

    assert len(data["weeks"]) == weeks
    assert len(chart_data(client.get("/trends/?weeks=7").content.decode())["weeks"]) == 12


def test_without_a_partner_our_trends_lead_to_my_trends(client, library):
    log_in(client, UserFactory().email)

    assert client.get("/trends/").url == "/trends/mine/"
    assert ">Ours</a>" not in client.get("/trends/mine/").content.decode()


def test_both_tabs_stay_on_either_page_while_linked(client, couple):
    alex, _ = couple
    log_in(client, alex.email)

    for path in ("/trends/", "/trends/mine/"):
        html = client.get(path).content.decode()
        assert ">Ours</a>" in html and ">Mine</a>" in html, path


@pytest.mark.parametrize("path", ["/trends/", "/trends/mine/"])
def test_dashboards_cost_the_same_queries_whatever_the_history(
    client, couple, django_assert_max_num_queries, django_capture_on_commit_callbacks, path
):
    alex, sam = couple

    def add_weeks(start: int, count: int) -> None:
        for weeks in range(start, start + count):
            round_ = open_round(alex, opened=timedelta(weeks=weeks, hours=1))
            with django_capture_on_commit_callbacks(execute=True):
                submit(round_, alex, score=3, shared=True, now=round_.opens_at)
                submit(round_, sam, score=4, shared=True, now=round_.opens_at)

    add_weeks(1, 1)
    log_in(client, alex.email)
    with django_assert_max_num_queries(30) as short:
        client.get(path)
    add_weeks(2, 60)
    with django_assert_max_num_queries(len(short.captured_queries)):
        client.get(path)


def test_csv_holds_my_pulse_answers_with_formulas_neutralized(client, couple):
    alex, sam = couple
    round_ = open_round(alex)
    # Wording an admin typed that a spreadsheet would run.
    hostile = '=HYPERLINK("http://evil.example","x"), with "quotes"\nand a second line'
    Prompt.objects.filter(slug="pulse-desire").update(text=hostile)
    submit(
        round_,
        alex,
        score={
            "connection": 4,
            "obligation-pulse": None,
            "obligation": 2,
            "communication": 4,
            "desire": 4,
        },
        note="MY-NOTE",
        shared=False,
    )
    submit(round_, sam, score=2, note="SAM-ONLY")
    log_in(client, alex.email)
    reauthenticate(client)

    response = client.get("/account/data/answers.csv")
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))

    assert response["Content-Type"] == "text/csv"
    assert rows[0] == [
        "opened", "dimension", "question", "score", "answer", "shared", "answered", "changed",
    ]  # fmt: skip
    # The four pulse items only: reflection questions and notes are not charted.
    assert [(row[1], row[3], row[4]) for row in rows[1:]] == [
        ("Connection", "4", "Fairly close"),
        ("Communication", "4", "Mostly"),
        ("Desire", "4", "Mostly content"),
        ("Obligation", "", "It did not come up"),
    ]
    assert rows[3][2] == "'" + hostile
    assert {row[5] for row in rows[1:]} == {"no"}
    assert "SAM-ONLY" not in body and "MY-NOTE" not in body


def test_csv_asks_for_the_password_again(client, couple):
    alex, _ = couple
    log_in(client, alex.email)

    assert client.get("/account/data/answers.csv").url.startswith("/accounts/reauthenticate/")


def test_a_reworded_question_is_marked_on_its_week(client, history):
    alex, _, rounds = history
    prompt = rounds[-1].round_prompts.get(dimension__slug="connection", is_pulse=True).prompt
    prompt.text = "A new wording for this question?"
    revised = prompt_revise(edited=prompt)
    this_week = monday_of(timezone.localdate())
    log_in(client, alex.email)

    html = client.get("/trends/").content.decode()
    data = chart_data(html)

    assert revised.version == 2
    assert data["series"][0]["reworded"] == [len(data["weeks"]) - 1]
    assert f"{this_week:%-d %b %Y} <small>(question reworded)</small>" in html
