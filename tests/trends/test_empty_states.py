"""What the dashboards say before there is much to chart: what will appear and after how many
check-ins, and highlights that claim nothing one or two weeks cannot show."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from couples.models import Couple
from tests.accounts.helpers import log_in
from tests.checkins.helpers import open_round, submit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def answer_week(django_capture_on_commit_callbacks):
    """A closed round `weeks` ago on `person`'s schedule, answered (and shared) by each of
    `scores` {person: score}."""

    def answer(person, weeks: int, scores: dict) -> None:
        round_ = open_round(person, opened=timedelta(weeks=weeks, hours=1))
        for who, score in scores.items():
            with django_capture_on_commit_callbacks(execute=True):
                submit(round_, who, score=score, shared=True, now=round_.opens_at)

    return answer


def highlights(html: str) -> str:
    section = html.split('id="highlights-heading"', 1)[1].split("</section>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", section.split("</h2>", 1)[1])).strip()


def test_linked_with_nothing_yet_both_tabs_say_what_appears_after_two_check_ins(client, couple):
    alex, _ = couple
    log_in(client, alex.email)

    ours = client.get("/trends/").content.decode()
    mine = client.get("/trends/mine/").content.decode()

    assert highlights(ours).startswith(
        "Your first shared trends appear after 2 check-ins in different weeks"
    )
    assert "You both shared" not in highlights(ours)  # nothing to count, so no "0 of 1"
    assert highlights(mine).startswith("Your first trends appear after 2 check-ins")
    for html in (ours, mine):
        assert ">Ours</a>" in html and ">Mine</a>" in html
        assert "<canvas" not in html  # no four empty charts of dashes
        assert "Nothing moved" not in html


def test_alone_only_mine_with_the_same_promise(client, library):
    log_in(client, UserFactory().email)

    html = client.get("/trends/mine/").content.decode()

    assert ">Ours</a>" not in html and ">Mine</a>" in html
    assert "Your first trends appear after 2 check-ins" in highlights(html)


def test_one_week_says_one_more_check_in_and_no_move_up_or_down(client, couple, answer_week):
    alex, sam = couple
    answer_week(alex, 1, {alex: 4, sam: 2})
    log_in(client, alex.email)

    for path in ("/trends/", "/trends/mine/"):
        html = client.get(path).content.decode()
        text = highlights(html)

        assert "One week so far. The lines and highlights appear after 1 more check-in" in text
        assert " from " not in text and "Nothing moved" not in text, text
        assert "<canvas" in html  # the one week is charted as points


def test_two_weeks_bring_the_first_move_and_no_empty_state(client, couple, answer_week):
    alex, sam = couple
    answer_week(alex, 2, {alex: 2, sam: 2})
    answer_week(alex, 1, {alex: 4, sam: 4})
    log_in(client, alex.email)

    text = highlights(client.get("/trends/mine/").content.decode())

    assert "Connection moved the most over the last 4 weeks: it rose from 2.0 to 4.0" in text
    assert "appear after" not in text and "so far" not in text


def test_two_steady_weeks_say_nothing_moved(client, couple, answer_week):
    alex, sam = couple
    answer_week(alex, 2, {alex: 3, sam: 3})
    answer_week(alex, 1, {alex: 3, sam: 3})
    log_in(client, alex.email)

    text = highlights(client.get("/trends/").content.decode())

    assert "Nothing moved by half a point or more over the last 4 weeks." in text


def test_both_shared_counts_only_the_weeks_since_linking(client, couple, answer_week):
    alex, sam = couple
    Couple.objects.update(started_at=timezone.now() - timedelta(weeks=2, days=1))
    answer_week(alex, 2, {alex: 3, sam: 3})
    answer_week(alex, 1, {alex: 3})
    log_in(client, alex.email)

    text = highlights(client.get("/trends/").content.decode())

    # Not "1 of the last 8 weeks" for a couple linked two weeks ago; this week's check-in is
    # not open, so it counts too (or not, when the linking fell on this week's Monday).
    assert re.search(r"You both shared answers in 1 of the [23] weeks since you linked\.", text)


def test_a_check_in_still_open_says_when_its_answers_join_our_charts(client, couple):
    alex, sam = couple
    round_ = open_round(alex)
    submit(round_, alex, score=4, shared=True)
    log_in(client, sam.email)

    text = highlights(client.get("/trends/").content.decode())

    closes = timezone.localtime(round_.closes_at)
    assert f"The check-in open now closes on {closes:%A %-d %B, %H:%M}" in text


def test_weeks_only_before_the_window_are_not_a_new_beginning(client, couple, answer_week):
    alex, sam = couple
    answer_week(alex, 20, {alex: 3, sam: 3})
    log_in(client, alex.email)

    for path in ("/trends/", "/trends/mine/"):
        text = highlights(client.get(path).content.decode())

        assert "in the last 12 weeks. Earlier weeks are in the 52-week view." in text, path
        assert "appear after" not in text
    assert "Earlier weeks" not in highlights(client.get("/trends/?weeks=52").content.decode())
