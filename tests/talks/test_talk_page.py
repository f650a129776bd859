"""The talk page: who may open it and when, the leak rule (a partner who shared nothing looks
exactly like one who shared answers with no gaps and no flags), and flat query counts."""

import re
from datetime import timedelta

import pytest
import time_machine

from talks.services import agreement_save, talk_skip, topic_set
from tests.accounts.helpers import log_in
from tests.checkins.helpers import open_round
from tests.factories import UserFactory, link_partners
from tests.talks.helpers import name, shared_trend, submit_with

pytestmark = pytest.mark.django_db

PRIVATE_MARKER = "PRIVATE-TALK-MARKER-41c9"


def couple_named(first="Alex", second="Sam"):
    alex, sam = UserFactory(), UserFactory()
    link_partners(alex, sam)
    name(alex, first)
    name(sam, second)
    return alex, sam


def talk_html(client, round_) -> str:
    response = client.get(f"/checkin/{round_.code}/talk/")
    assert response.status_code == 200
    return response.content.decode()


def normalised(html: str, round_, *people) -> str:
    """The page with what differs between two couples by construction taken out: CSRF tokens,
    the round's code, addresses, and dates and times."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)
    html = html.replace(round_.code, "CODE")
    for person in people:
        html = html.replace(person.email, "EMAIL")
    html = re.sub(r"\d{1,2}:\d{2}", "TIME", html)
    return re.sub(
        r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} \w+", "DATE", html
    )


def test_the_talk_opens_once_the_viewers_answers_are_in(client, library):
    alex, _sam = couple_named()
    round_ = open_round(alex)
    log_in(client, alex.email)

    response = client.get(f"/checkin/{round_.code}/talk/")
    assert response.url == f"/checkin/{round_.code}/"

    submit_with(round_, alex)
    assert "What to talk about" in talk_html(client, round_)


def test_a_stranger_gets_a_404_and_a_journal_has_no_talk(client, library):
    alex, _sam = couple_named()
    round_ = open_round(alex)
    submit_with(round_, alex)
    stranger = UserFactory()
    journal = open_round(stranger)
    log_in(client, stranger.email)

    assert client.get(f"/checkin/{round_.code}/talk/").status_code == 404
    assert client.get(f"/checkin/{journal.code}/talk/").status_code == 404
    for action in ("agreement", "topic", "skip"):
        assert client.post(f"/checkin/{round_.code}/talk/{action}/").status_code == 404


@pytest.mark.parametrize("flagged_own", [False, True])
def test_a_partner_who_shared_nothing_looks_like_one_with_no_gaps_and_no_flags(
    client, library, flagged_own
):
    """Alex's page, for two couples alike but for Sam: one Sam kept every answer private (with
    a note), the other shared the same scores as Alex, with no flag. The pages are the same."""
    pages = []
    for sam_shares in (False, True):
        alex, sam = couple_named()
        round_ = open_round(alex)
        shared_trend(round_, alex, "connection", [4.0, 3.0, 2.0])
        submit_with(round_, alex, score=3, talk={"desire"} if flagged_own else set())
        submit_with(round_, sam, score=3, shared=sam_shares, note=PRIVATE_MARKER)
        topic_set(round_=round_, person=alex, text="Weekend plans")
        client.logout()
        log_in(client, alex.email)
        html = talk_html(client, round_)
        assert (PRIVATE_MARKER in html) is False
        pages.append(normalised(html, round_, alex, sam))

    assert pages[0] == pages[1]
    assert "went down from 4.0 to 2.0" in pages[0]


def test_a_skip_shows_the_other_only_no_talk_yet(client, library):
    alex, sam = couple_named()
    round_ = open_round(alex)
    submit_with(round_, alex)
    submit_with(round_, sam)
    log_in(client, alex.email)
    before = talk_html(client, round_)

    talk_skip(round_=round_, person=sam, skip=True)

    after = talk_html(client, round_)
    assert normalised(after, round_) == normalised(before, round_)
    assert "No talk yet." in after


def test_the_skipper_sees_their_skip_and_can_take_it_back(client, library):
    alex, sam = couple_named()
    round_ = open_round(alex)
    submit_with(round_, sam)
    log_in(client, sam.email)

    client.post(f"/checkin/{round_.code}/talk/skip/", {"skip": "true"})
    assert "You chose to skip this talk. Alex sees only" in talk_html(client, round_)

    client.post(f"/checkin/{round_.code}/talk/skip/", {"skip": "false"})
    assert "You chose to skip this talk" not in talk_html(client, round_)


def test_the_round_page_and_history_link_to_the_talk_after_the_reveal(client, library):
    alex, _sam = couple_named()
    round_ = open_round(alex)
    log_in(client, alex.email)
    talk_link = f'href="/checkin/{round_.code}/talk/"'

    assert talk_link not in client.get(f"/checkin/{round_.code}/").content.decode()
    assert talk_link not in client.get("/checkin/history/").content.decode()

    submit_with(round_, alex)

    assert "Talk about it" in client.get(f"/checkin/{round_.code}/").content.decode()
    assert talk_link in client.get("/checkin/history/").content.decode()


def test_the_talk_page_costs_the_same_queries_with_a_full_agenda(
    client, library, django_assert_max_num_queries
):
    alex, sam = couple_named()
    short = open_round(alex)
    submit_with(short, alex, score=1)
    submit_with(short, sam, score=3)
    log_in(client, alex.email)
    assert talk_html(client, short).count('class="agenda-item') == 5  # 4 gaps, a practice

    with django_assert_max_num_queries(20) as short_run:
        talk_html(client, short)
    short_count = len(short_run.captured_queries)  # read now: a request clears the log

    with time_machine.travel(short.closes_at + timedelta(days=8)):
        busy = open_round(alex)
        for slug in ("connection", "communication", "desire"):
            shared_trend(busy, alex, slug, [5.0, 4.0, 2.0])
            shared_trend(busy, sam, slug, [5.0, 3.0, 1.0])
        submit_with(busy, alex, score=1, talk={"desire", "connection"})
        submit_with(busy, sam, score=4, talk={"desire-pulse", "obligation"})
        topic_set(round_=busy, person=alex, text="Money")
        topic_set(round_=busy, person=sam, text="My mother")
        agreement_save(round_=busy, person=sam, text="Walk on Sunday", version=0)

        talk_html(client, busy)  # the session's once-a-minute write, after the jump
        with django_assert_max_num_queries(short_count):
            html = talk_html(client, busy)

    assert html.count('class="agenda-item') >= 8


def test_a_topic_of_ones_own_is_added_changed_and_removed_through_the_page(client, library):
    alex, _sam = couple_named()
    round_ = open_round(alex)
    submit_with(round_, alex)
    log_in(client, alex.email)
    url = f"/checkin/{round_.code}/talk/topic/"

    client.post(url, {"topic-text": "Money, calmly"})
    assert "Money, calmly" in talk_html(client, round_)

    too_long = client.post(url, {"topic-text": "x" * 81})
    assert too_long.status_code == 400
    assert "at most 80 characters" in too_long.content.decode()

    client.post(url, {"topic-text": ""})
    assert "You added this" not in talk_html(client, round_)
