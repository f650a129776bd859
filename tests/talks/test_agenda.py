"""The talk agenda, from crafted rounds: flags first, then gaps of two points or more between
shared pulse scores, then themes whose shared answers fell over four weeks, then at most one
practice; each item says why it is there, and nothing private reaches it."""

import pytest

from talks.selectors import agenda_for, talk_round_for_user, topics_of
from talks.services import topic_set
from tests.checkins.helpers import open_round
from tests.talks.helpers import name, shared_trend, submit_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(couple):
    alex, sam = couple
    name(alex, "Alex")
    name(sam, "Sam")
    return alex, sam


def agenda(round_, viewer):
    round_ = talk_round_for_user(round_.code, viewer)
    return agenda_for(round_, viewer=viewer, partner_name="Sam", topics=topics_of(round_))


def test_flags_come_first_and_say_who_flagged(named):
    alex, sam = named
    round_ = open_round(alex)
    submit_with(round_, alex, talk={"desire"})
    submit_with(round_, sam, talk={"connection-pulse", "desire"})

    items = agenda(round_, alex)

    assert [(item.kind, item.theme, item.why) for item in items] == [
        ("flag", "Connection", "Sam flagged this"),
        ("flag", "Desire", "You both flagged this"),
    ]


def test_a_gap_of_two_is_on_the_agenda_and_a_gap_of_one_is_not(named):
    alex, sam = named
    round_ = open_round(alex)
    submit_with(
        round_, alex, score={"connection": 2, "communication": 3, "desire": 3, "obligation": 3}
    )
    submit_with(
        round_, sam, score={"connection": 4, "communication": 4, "desire": 3, "obligation": 3}
    )

    items = agenda(round_, alex)

    gaps = [item for item in items if item.kind == "gap"]
    # The pulse item's gap only: reflection questions are not compared.
    assert [(item.theme, item.why) for item in gaps] == [
        ("Connection", "You answered 2 and Sam answered 4")
    ]
    # Connection has a practice for partners whose answers differ.
    assert items[-1].kind == "practice"
    assert items[-1].why == "Something to try together, for connection"


def test_a_gap_on_a_private_answer_is_not_on_the_agenda(named):
    alex, sam = named
    round_ = open_round(alex)
    submit_with(round_, alex, score=1, shared=True)
    submit_with(round_, sam, score=5, shared=False)

    assert agenda(round_, alex) == []
    assert agenda(round_, sam) == []


def test_the_viewers_own_private_answers_never_make_an_item(named):
    alex, sam = named
    round_ = open_round(alex)
    submit_with(round_, alex, score=1, shared=False)
    submit_with(round_, sam, score=5, shared=True)

    assert agenda(round_, alex) == []


def test_a_theme_whose_shared_answers_fell_over_four_weeks_comes_after_the_gaps(named):
    alex, sam = named
    round_ = open_round(alex)
    shared_trend(round_, alex, "connection", [4.0, 3.5, 3.0])
    shared_trend(round_, sam, "connection", [4.0, None, 3.0])
    # Obligation going up is the worse way; communication rising is not on the agenda.
    shared_trend(round_, sam, "obligation", [1.0, 2.0, 2.0])
    shared_trend(round_, alex, "communication", [2.0, 3.0, 4.0])
    submit_with(
        round_, alex, score={"connection": 3, "communication": 1, "desire": 3, "obligation": 2}
    )
    submit_with(
        round_, sam, score={"connection": 3, "communication": 3, "desire": 3, "obligation": 2}
    )

    items = agenda(round_, alex)

    assert [(item.kind, item.title, item.why) for item in items if item.kind != "gap"][:2] == [
        (
            "trend",
            "Connection",
            "Your shared answers went down from 4.0 to 3.0 over the last four weeks",
        ),
        (
            "trend",
            "Obligation",
            "Your shared answers went up from 1.0 to 2.0 over the last four weeks",
        ),
    ]
    assert [item.kind for item in items] == ["gap", "trend", "trend", "practice"]
    # One practice, for the first theme above (the gap's).
    assert items[-1].theme == "Communication"


def test_topics_of_their_own_come_with_the_flags(named):
    alex, sam = named
    round_ = open_round(alex)
    submit_with(round_, alex, talk={"desire"})
    submit_with(round_, sam)
    topic_set(round_=round_, person=sam, text="  the   holidays ")

    items = agenda(round_, alex)

    assert [(item.kind, item.title, item.why) for item in items] == [
        ("flag", items[0].title, "You flagged this"),
        ("topic", "the holidays", "Sam added this"),
    ]
