"""Our trends reads only what it shows, each query named here (its count does not grow with
history: tests/trends/test_dashboards.py)."""

from datetime import timedelta

import pytest

from tests.accounts.helpers import log_in
from tests.checkins.helpers import open_round, submit

pytestmark = pytest.mark.django_db


def test_our_trends_reads_the_couple_its_weeks_and_the_library_once(
    client, couple, django_assert_num_queries, django_capture_on_commit_callbacks
):
    alex, sam = couple
    round_ = open_round(alex, opened=timedelta(weeks=1, hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        submit(round_, alex, score=3, shared=True, now=round_.opens_at)
        submit(round_, sam, score=4, shared=True, now=round_.opens_at)
    log_in(client, alex.email)
    client.get("/trends/")  # the first page after log-in notes the device

    # The session and the person with their profile; the couple's schedule, the partner with
    # theirs, the weeks with a round still open, the shared weekly rows, the weeks a question
    # was reworded, the dimensions, and the week the pulse questions began; and, with only one
    # week to chart, whether older weeks had any (an empty window is not a new beginning).
    with django_assert_num_queries(2 + 8):
        response = client.get("/trends/")

    assert "Our trends" in response.content.decode()

    # With two weeks to chart, that last question is not asked.
    round_ = open_round(alex, opened=timedelta(weeks=2, hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        submit(round_, alex, score=3, shared=True, now=round_.opens_at)
    with django_assert_num_queries(2 + 7):
        client.get("/trends/")
