"""History, and pages that cost the same number of queries whatever the history length."""

from datetime import timedelta

import pytest

from tests.accounts.helpers import log_in
from tests.checkins.helpers import open_round, submit

pytestmark = pytest.mark.django_db


def make_history(alex, sam, weeks: int):
    rounds = []
    for week in range(weeks, 0, -1):
        round_ = open_round(alex, opened=timedelta(days=week, hours=1))
        submit(round_, alex, score=4, note=f"week {week}", shared=True, now=round_.opens_at)
        submit(round_, sam, score=2, shared=week % 2 == 0, now=round_.opens_at)
        rounds.append(round_)
    return rounds


def test_history_lists_own_answers_and_partners_shared_ones_newest_first(client, couple):
    alex, sam = couple
    make_history(alex, sam, weeks=3)
    log_in(client, alex.email)

    html = client.get("/checkin/history/").content.decode()

    assert html.index("week 1") < html.index("week 2") < html.index("week 3")
    assert html.count("Your partner shared") == 3


def test_history_is_paginated(client, couple):
    alex, sam = couple
    make_history(alex, sam, weeks=12)
    log_in(client, alex.email)

    first = client.get("/checkin/history/").content.decode()
    second = client.get("/checkin/history/?page=2").content.decode()

    assert "Page 1 of 2" in first and "week 1<" in first
    assert "week 12<" in second and "week 1<" not in second


@pytest.mark.parametrize("path", ["/checkin/history/", "round", "/checkin/", "/partner/"])
def test_pages_cost_the_same_queries_with_a_short_or_a_long_history(
    client, couple, django_assert_max_num_queries, path
):
    alex, sam = couple
    short = make_history(alex, sam, weeks=2)
    log_in(client, alex.email)
    target = f"/checkin/{short[-1].code}/" if path == "round" else path
    with django_assert_max_num_queries(40) as short_run:
        client.get(target)

    long = make_history(alex, sam, weeks=25)
    target = f"/checkin/{long[-1].code}/" if path == "round" else path
    with django_assert_max_num_queries(len(short_run.captured_queries)) as long_run:
        client.get(target)

    assert len(long_run.captured_queries) <= len(short_run.captured_queries)
