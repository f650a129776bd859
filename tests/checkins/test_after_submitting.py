"""After submitting: a summary, practices matched to the scores, and a private care note."""

from datetime import timedelta

import pytest

from checkins.models import Suggestion
from content.models import Practice
from tests.accounts.helpers import log_in
from tests.checkins.helpers import open_round, submit

pytestmark = pytest.mark.django_db

# Low, in the practices' low band, but above the lowest point (which on some questions brings the
# support note in place of any practice).
LOW = {"connection": 2, "communication": 5, "desire": 5, "obligation": 1}


def suggested(round_, person) -> list[Practice]:
    return [
        s.practice for s in Suggestion.objects.filter(round=round_, person=person).order_by("pk")
    ]


def test_a_low_score_brings_a_practice_for_that_dimension(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    submit(round_, alex, score=LOW)
    log_in(client, alex.email)

    practices = suggested(round_, alex)
    page = client.get(f"/checkin/{round_.code}/").content.decode()

    assert len(practices) == 1  # one thing to try, not a list
    assert page.count('id="practice-heading"') == 1
    assert practices[0].dimension.slug == "connection"
    assert practices[0].score_min <= 1 <= practices[0].score_max
    assert "Something to try" in page
    assert practices[0].title in page


def test_a_high_obligation_score_is_the_one_that_counts_as_a_warning(couple):
    alex, _ = couple
    round_ = open_round(alex)
    submit(round_, alex, score={"connection": 5, "communication": 5, "desire": 5, "obligation": 5})

    assert suggested(round_, alex)[0].dimension.slug == "obligation"


def test_the_same_practice_never_comes_two_rounds_in_a_row(couple):
    alex, _ = couple
    first = open_round(alex, opened=timedelta(hours=3))
    second = open_round(alex, opened=timedelta(hours=2))
    third = open_round(alex, opened=timedelta(hours=1))

    for round_ in (first, second, third):
        submit(round_, alex, score=LOW)

    a, b, c = (set(suggested(r, alex)) for r in (first, second, third))
    assert a and b and c
    assert not a & b
    assert not b & c


def test_the_round_before_is_the_last_one_answered_not_the_last_one_held(couple):
    alex, _ = couple
    first = open_round(alex, opened=timedelta(hours=3))
    open_round(alex, opened=timedelta(hours=2))  # held, not answered
    third = open_round(alex, opened=timedelta(hours=1))

    submit(first, alex, score=LOW)
    submit(third, alex, score=LOW)

    assert suggested(first, alex)
    assert suggested(third, alex)
    assert not set(suggested(first, alex)) & set(suggested(third, alex))


def test_an_edit_changes_the_suggestions_only_when_the_scores_call_for_others(couple):
    alex, _ = couple
    round_ = open_round(alex)
    submit(round_, alex, score=LOW)
    stored = set(Suggestion.objects.filter(round=round_, person=alex).values_list("pk", flat=True))

    submit(round_, alex, score=LOW)  # the same answers again: a second tap
    kept = set(Suggestion.objects.filter(round=round_, person=alex).values_list("pk", flat=True))
    submit(round_, alex, score={"connection": 5, "communication": 5, "desire": 2, "obligation": 1})

    assert kept == stored
    assert suggested(round_, alex)[0].dimension.slug == "desire"


def test_a_gap_of_two_between_shared_scores_brings_a_gap_practice(couple):
    alex, sam = couple
    round_ = open_round(alex)
    submit(round_, alex, score=5, shared=True)
    submit(round_, sam, score=2, shared=True)

    reasons = {(s.practice.dimension.slug, s.reason) for s in Suggestion.objects.filter(person=sam)}
    assert any(reason == "gap" for _, reason in reasons)


def test_the_care_note_comes_after_two_heavy_obligation_rounds_only_to_that_person(client, couple):
    alex, sam = couple
    heavy = {"connection": 3, "communication": 3, "desire": 3, "obligation": 5}
    first = open_round(alex, opened=timedelta(hours=2))
    second = open_round(alex, opened=timedelta(hours=1))
    submit(first, alex, score=heavy)
    log_in(client, alex.email)
    assert "A note just for you" not in client.get(f"/checkin/{first.code}/").content.decode()

    submit(second, alex, score=heavy)
    submit(second, sam, score=3)
    assert "A note just for you" in client.get(f"/checkin/{second.code}/").content.decode()

    client.post("/accounts/logout/")
    log_in(client, sam.email)
    assert "A note just for you" not in client.get(f"/checkin/{second.code}/").content.decode()

    client.post("/accounts/logout/")
    log_in(client, alex.email)
    client.post(f"/checkin/{second.code}/care-note/dismiss/")
    assert "A note just for you" not in client.get(f"/checkin/{second.code}/").content.decode()


def test_an_edit_drops_a_suggestion_of_a_practice_since_made_inactive(couple):
    alex, _ = couple
    round_ = open_round(alex)
    submit(round_, alex, score=LOW)
    [first] = suggested(round_, alex)
    Practice.objects.filter(pk=first.pk).update(is_active=False)

    submit(round_, alex, score=LOW)  # the same answers again

    now = suggested(round_, alex)
    assert first not in now
    assert all(practice.is_active for practice in now)
