"""What one partner keeps private cannot be told from how long the other's pages take: the
partner's check-in page and dashboard, timed over interleaved requests, cost the same whether
or not the other has just saved answers that are all private."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client

from tests import timing
from tests.checkins.helpers import open_round, submit
from tests.factories import UserFactory, link_partners

pytestmark = pytest.mark.django_db


def assert_same_time(after_private: Callable[[], object], untouched: Callable[[], object]) -> None:
    # Within a tenth (2 ms at least): less than a network hop's jitter. With the page cache
    # of before, a private submit made the partner's page 30 ms against 17.
    timing.assert_same_time(
        after_private, untouched, at_least=0.002, labels=("after a private submit", "untouched")
    )


def test_the_check_in_page_takes_as_long_after_a_private_submit(client, couple):
    alex, sam = couple
    private = open_round(alex, opened=timedelta(hours=2))
    untouched = open_round(alex, opened=timedelta(hours=1))
    # Sam has answered both, so both pages show what Alex shared: nothing.
    submit(private, sam, score=3, shared=True)
    submit(untouched, sam, score=3, shared=True)
    submit(private, alex, score=5, note="only mine", shared=False)
    client.force_login(sam)

    assert client.get(f"/checkin/{private.code}/").status_code == 200
    assert_same_time(
        lambda: client.get(f"/checkin/{private.code}/"),
        lambda: client.get(f"/checkin/{untouched.code}/"),
    )


def test_the_dashboard_takes_as_long_after_a_private_submit(
    library, django_capture_on_commit_callbacks
):
    # Two couples alike but for one thing: Alex saved answers, all private, in a week that
    # has closed; Robin did not answer. Sam and Kim each shared theirs.
    alex, sam, robin, kim = (UserFactory() for _ in range(4))
    link_partners(alex, sam)
    link_partners(robin, kim)
    with django_capture_on_commit_callbacks(execute=True):
        for first, second, answered in ((alex, sam, True), (robin, kim, False)):
            round_ = open_round(first, opened=timedelta(weeks=1, hours=1))
            submit(round_, second, score=3, shared=True, now=round_.opens_at)
            if answered:
                submit(round_, first, score=5, shared=False, now=round_.opens_at)
    sam_client, kim_client = Client(), Client()
    sam_client.force_login(sam)
    kim_client.force_login(kim)

    assert sam_client.get("/trends/").status_code == kim_client.get("/trends/").status_code == 200
    assert_same_time(lambda: sam_client.get("/trends/"), lambda: kim_client.get("/trends/"))
