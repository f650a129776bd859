"""Sharing and reveal: shared answers after your own are in or the round closes; private ones
never; no sign of whether the other skipped or kept everything private."""

from datetime import timedelta

import pytest
import time_machine

from couples.services import couple_end_for_user
from tests.accounts.helpers import log_in
from tests.checkins.helpers import open_round, submit

pytestmark = pytest.mark.django_db

SHARED_NOTE = "SHARED-NOTE-41c2"
PRIVATE_NOTE = "PRIVATE-NOTE-9d0e"


def page_as(client, person, round_) -> str:
    client.post("/accounts/logout/")
    log_in(client, person.email)
    return client.get(f"/checkin/{round_.code}/").content.decode()


def partner_section(html: str) -> str:
    return html.split('id="partner-heading"', 1)[1].split("</section>", 1)[0]


def test_first_to_answer_sees_nothing_yet_then_the_second_sees_the_first(client, couple):
    alex, sam = couple
    round_ = open_round(alex)
    submit(round_, alex, score=4, note=SHARED_NOTE, shared=True)

    sam_before = page_as(client, sam, round_)
    assert SHARED_NOTE not in sam_before
    assert "Answer first" in partner_section(sam_before)

    submit(round_, sam, score=2)
    sam_after = page_as(client, sam, round_)
    assert SHARED_NOTE in partner_section(sam_after)

    alex_view = page_as(client, alex, round_)
    assert "Nothing shared yet" not in partner_section(alex_view)  # Sam shared three answers


def test_the_reveal_works_the_same_in_the_other_order(client, couple):
    alex, sam = couple
    round_ = open_round(alex)
    submit(round_, sam, score=2, note=SHARED_NOTE, shared=True)

    assert SHARED_NOTE not in page_as(client, alex, round_)
    submit(round_, alex, score=4)
    assert SHARED_NOTE in page_as(client, alex, round_)


def test_once_the_round_closes_shared_answers_show_even_without_answering(client, couple):
    alex, sam = couple
    round_ = open_round(alex)
    submit(round_, alex, note=SHARED_NOTE, shared=True)

    with time_machine.travel(round_.closes_at + timedelta(minutes=1), tick=False):
        assert SHARED_NOTE in page_as(client, sam, round_)


def test_private_answers_and_notes_never_reach_the_partner(client, couple):
    alex, sam = couple
    round_ = open_round(alex)
    submit(round_, alex, score=5, note=PRIVATE_NOTE, shared=False)
    submit(round_, sam, score=1)

    pages = [
        page_as(client, sam, round_),
        client.get("/checkin/history/").content.decode(),
        client.get("/partner/").content.decode(),
        client.get("/").content.decode(),
    ]
    with time_machine.travel(round_.closes_at + timedelta(days=1), tick=False):
        pages.append(client.get(f"/checkin/{round_.code}/").content.decode())

    for html in pages:
        assert PRIVATE_NOTE not in html
    assert '5<span class="sr-only"> out of 5' not in partner_section(pages[0])
    assert "Nothing shared yet" in partner_section(pages[0])


def test_a_skipped_round_and_an_all_private_round_look_the_same_to_the_partner(client, couple):
    alex, sam = couple
    skipped = open_round(alex, opened=timedelta(hours=2))
    private = open_round(alex, opened=timedelta(hours=1))
    submit(private, alex, score=5, note=PRIVATE_NOTE, shared=False)
    submit(skipped, sam, score=3)
    submit(private, sam, score=3)

    assert partner_section(page_as(client, sam, skipped)) == partner_section(
        page_as(client, sam, private)
    )
    with time_machine.travel(private.closes_at + timedelta(minutes=1), tick=False):
        assert partner_section(page_as(client, sam, skipped)) == partner_section(
            page_as(client, sam, private)
        )
        history = client.get("/checkin/history/").content.decode()
    assert history.count("Nothing shared yet") == 2


def test_nothing_new_passes_after_unlinking(client, couple):
    alex, sam = couple
    round_ = open_round(alex)
    submit(round_, alex, note=SHARED_NOTE, shared=True)
    couple_end_for_user(user=sam)

    # The round would have revealed at its close, but the couple ended first.
    with time_machine.travel(round_.closes_at + timedelta(days=1), tick=False):
        assert SHARED_NOTE not in page_as(client, sam, round_)
        assert SHARED_NOTE not in client.get("/checkin/history/").content.decode()
