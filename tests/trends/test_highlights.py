"""Highlights on crafted histories: rising, falling, diverging, sparse."""

from datetime import date, timedelta

import pytest

from content.models import Dimension
from trends.highlights import highlights_for
from trends.selectors import DimensionSeries, Line

WEEKS = [date(2026, 9, 7) + timedelta(weeks=n) for n in range(12)]
CONNECTION = Dimension(slug="connection", name="Connection", higher_is_better=True)
OBLIGATION = Dimension(slug="obligation", name="Obligation", higher_is_better=False)


def series(dimension, you, partner=None) -> DimensionSeries:
    lines = [Line("You", you)]
    if partner is not None:
        lines.append(Line("Sam", partner))
    return DimensionSeries(dimension=dimension, lines=lines)


def flat(value, n=12):
    return [value] * n


def test_rising_connection_is_the_move_and_good_news():
    rising = [2.0] * 8 + [2.0, 3.0, 3.5, 4.5]

    found = highlights_for(
        [series(CONNECTION, rising, rising), series(OBLIGATION, flat(2.0), flat(2.0))]
    )

    assert found.moved_most.dimension == CONNECTION
    assert (found.moved_most.start, found.moved_most.end) == (2.0, 4.5)
    assert found.moved_most.rose and found.moved_most.is_good_news


def test_rising_obligation_is_the_move_and_a_warning():
    heavier = [1.0] * 8 + [1.0, 2.0, 3.0, 4.0]

    found = highlights_for(
        [series(CONNECTION, flat(3.0), flat(3.0)), series(OBLIGATION, heavier, heavier)]
    )

    assert found.moved_most.dimension == OBLIGATION
    assert found.moved_most.rose and not found.moved_most.is_good_news


def test_falling_is_reported_as_falling():
    falling = [4.0] * 8 + [4.5, 4.0, 3.0, 2.0]

    found = highlights_for([series(CONNECTION, falling, falling)])

    assert not found.moved_most.rose
    assert not found.moved_most.is_good_news


def test_small_wobbles_are_not_a_move():
    found = highlights_for([series(CONNECTION, [3.0, 3.2] * 6, [3.1, 3.0] * 6)])

    assert found.moved_most is None


def test_a_gap_of_two_in_two_of_the_last_three_weeks_is_worth_a_conversation():
    you = flat(4.0)
    partner = [4.0] * 9 + [2.0, 3.5, 1.5]

    found = highlights_for(
        [series(CONNECTION, you, partner), series(OBLIGATION, flat(2.0), flat(2.0))]
    )

    assert found.worth_a_conversation == CONNECTION


def test_one_gap_week_is_not_enough():
    found = highlights_for([series(CONNECTION, flat(4.0), [4.0] * 11 + [1.0])])

    assert found.worth_a_conversation is None


@pytest.mark.parametrize(
    ("you", "partner", "expected"),
    [
        (flat(3.0), flat(3.0), 8),
        ([None] * 12, flat(3.0), 0),  # only one shared: not "both"
        ([3.0, None] * 6, flat(3.0), 4),
    ],
)
def test_weeks_both_shared_count_only_weeks_with_both(you, partner, expected):
    assert highlights_for([series(CONNECTION, you, partner)]).weeks_both_shared == expected


def test_a_sparse_history_says_nothing_it_cannot_know():
    sparse = [None] * 11 + [3.0]

    found = highlights_for([series(CONNECTION, sparse, [None] * 12)])

    assert found.has_data
    assert found.moved_most is None
    assert found.worth_a_conversation is None
    assert found.weeks_both_shared == 0


def test_my_trends_have_no_partner_highlights():
    found = highlights_for([series(CONNECTION, flat(3.0))])

    assert found.weeks_both_shared is None
    assert found.worth_a_conversation is None


def test_one_week_has_data_but_nothing_to_compare():
    found = highlights_for([series(CONNECTION, [None] * 11 + [3.0], [None] * 11 + [4.0])])

    assert found.weeks_with_data == 1
    assert not found.can_compare
    assert found.moved_most is None


def test_two_weeks_are_enough_to_compare():
    found = highlights_for([series(CONNECTION, [None] * 10 + [2.0, 3.0])])

    assert found.weeks_with_data == 2
    assert found.can_compare
    assert (found.moved_most.start, found.moved_most.end) == (2.0, 3.0)


def test_weeks_both_shared_counts_of_the_weeks_that_could_have_them():
    found = highlights_for([series(CONNECTION, flat(3.0), flat(3.0))], weeks_counted=3)

    # Never "8 of 3": the weeks that could not have both are not counted either way.
    assert (found.weeks_both_shared, found.weeks_counted) == (3, 3)
    assert highlights_for([series(CONNECTION, flat(3.0), flat(3.0))]).weeks_counted == 8
