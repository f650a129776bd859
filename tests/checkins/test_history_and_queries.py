"""History, and pages that cost the same number of queries whatever the history length."""

import re
from datetime import timedelta

import pytest
import time_machine

from accounts.models import Profile
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


def card_of(html: str, round_) -> str:
    """The history card of `round_`."""
    start = html.index(f'aria-labelledby="round-{round_.code}"')
    return html[start : html.index("</article>", start)]


def pulse_scores(card: str) -> list[tuple[str, str]]:
    scores = card.split('<dl class="pulse-scores">', 1)[1].split("</dl>", 1)[0]
    return [
        (name, re.sub(r"<[^>]+>", "", score).replace("—", "").strip())
        for name, score in re.findall(r"<dt>([^<]+)</dt><dd>(.*?)</dd>", scores)
    ]


PULSE_AND_REFLECTION = {
    "connection-pulse": 4,
    "connection": 1,
    "communication-pulse": 3,
    "communication": 1,
    "desire-pulse": 2,
    "desire": 1,
    "obligation-pulse": None,  # "It did not come up"
    "obligation": 1,
}


def test_a_card_shows_the_date_on_the_viewers_clock_and_their_four_pulse_scores(client, couple):
    alex, _ = couple
    Profile.objects.filter(user=alex).update(time_zone="America/New_York")
    # Monday 02:00 UTC is still Sunday evening in New York.
    with time_machine.travel("2026-11-16 03:00Z", tick=False):
        round_ = open_round(alex)
        submit(round_, alex, score=PULSE_AND_REFLECTION, shared=False)
        log_in(client, alex.email)
        card = card_of(client.get("/checkin/history/").content.decode(), round_)

    assert "Sunday 15 November 2026</a>" in card
    assert pulse_scores(card) == [
        ("Connection", "4/5"),
        ("Communication", "3/5"),
        ("Desire", "2/5"),
        ("Obligation", "does not apply"),
    ]
    # The reflection answers are under "All answers", not among the scores.
    assert card.index("<details>") > card.index("</dl>")


def test_a_card_says_what_each_shared_only_once_the_partners_answers_are_revealed(client, couple):
    alex, sam = couple
    round_ = open_round(alex, opened=timedelta(hours=2))
    submit(round_, sam, score=2, shared=True)
    log_in(client, alex.email)

    before = card_of(client.get("/checkin/history/").content.decode(), round_)
    submit(round_, alex, score=4, shared=False)
    private = card_of(client.get("/checkin/history/").content.decode(), round_)
    answers = alex.answers.filter(round=round_)
    answers.filter(is_pulse=True).update(is_shared=True)
    shared = card_of(client.get("/checkin/history/").content.decode(), round_)

    # Before Alex has answered, Sam's shared answers are not revealed, not even that they exist.
    assert "some answers shared" not in before
    assert "Your answers stayed private · Your partner: some answers shared" in re.sub(
        r"\s+", " ", private
    )
    assert f"You shared 4 of {answers.count()} answers" in shared


def test_an_open_round_not_yet_answered_says_answer_now_never_that_you_did_not(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)

    card = card_of(client.get("/checkin/history/").content.decode(), round_)

    assert f'<a href="/checkin/{round_.code}/" class="cta">Answer now</a>' in card
    assert "did not answer" not in card and "No answers" not in card


def test_a_closed_round_nobody_answered_says_no_answers_calmly(client, couple):
    alex, _ = couple
    round_ = open_round(alex, opened=timedelta(days=3))
    log_in(client, alex.email)

    html = client.get("/checkin/history/").content.decode()
    card = card_of(html, round_)

    assert '<p class="history-none">No answers.</p>' in card
    assert "Answer now" not in card
    assert "did not answer" not in html


def test_an_answered_open_round_offers_to_change_the_answers(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    submit(round_, alex, score=3)
    log_in(client, alex.email)

    card = card_of(client.get("/checkin/history/").content.decode(), round_)

    assert "Change your answers" in card and "Answer now" not in card


def test_the_history_costs_the_same_queries_with_open_unanswered_and_closed_rounds(
    client, couple, django_assert_max_num_queries
):
    alex, sam = couple
    make_history(alex, sam, weeks=2)
    log_in(client, alex.email)
    with django_assert_max_num_queries(40) as short_run:
        client.get("/checkin/history/")

    open_round(alex, opened=timedelta(days=40))  # closed, nobody answered
    make_history(alex, sam, weeks=6)
    open_round(alex)  # open, not answered yet
    with django_assert_max_num_queries(len(short_run.captured_queries)):
        html = client.get("/checkin/history/").content.decode()

    assert "Answer now" in html and "No answers." in html
