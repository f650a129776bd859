"""The benchmark data generator, small: its rows keep the rules the app's own paths keep."""

from collections import Counter
from datetime import UTC, datetime

import pytest
from django.db.models import OuterRef, Subquery

from bench import datagen
from checkins.models import Answer, Round, RoundPrompt, Schedule, Submission
from checkins.selectors import open_round_of
from couples.models import CoupleMember
from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)


@pytest.fixture
def generated(postgres, library):
    return datagen.generate(couples=3, weeks=4, password=DEFAULT_PASSWORD, seed=7)


def test_it_creates_couples_with_a_round_a_week_and_one_open_now(generated):
    assert generated.couples == 3
    assert generated.people == CoupleMember.objects.filter(is_active=True).count() == 6
    assert generated.rounds == Round.objects.count() == 3 * 5
    # Per dimension its pulse item and a reflection question, as the app's rounds ask.
    assert RoundPrompt.objects.filter(is_pulse=True).count() == 4 * Round.objects.count()
    assert RoundPrompt.objects.filter(is_pulse=False).count() == 4 * Round.objects.count()
    assert Schedule.objects.filter(owner__isnull=False).count() == 6  # a journal each
    for schedule in Schedule.objects.filter(couple__isnull=False):
        current = open_round_of(schedule)
        assert current is not None
        assert not current.answers.exists()  # open now, nobody has answered yet


def test_answers_are_for_the_prompts_their_round_asked_with_a_submission_each(generated):
    asked = RoundPrompt.objects.filter(
        round=OuterRef("round"), dimension=OuterRef("dimension"), is_pulse=OuterRef("is_pulse")
    ).values("prompt")
    assert generated.answers == Answer.objects.count() > 0
    assert not Answer.objects.exclude(prompt=Subquery(asked)).exists()
    answered = set(Answer.objects.values_list("round", "person").distinct())
    assert answered == set(Submission.objects.values_list("round", "person"))
    # Every person who answered a round answered each of its eight questions.
    for round_id, person_id in answered:
        assert Answer.objects.filter(round_id=round_id, person_id=person_id).count() == 8


def test_some_answers_are_kept_private_and_notes_are_encrypted(generated, postgres):
    assert Answer.objects.filter(is_shared=True).exists()
    assert Answer.objects.filter(is_shared=False).exists()
    with postgres.cursor() as cursor:
        cursor.execute("SELECT note FROM checkins_answer WHERE note <> '' LIMIT 1")
        row = cursor.fetchone()
    if row:  # notes are rare: 5 % of answers
        assert not row[0].startswith("Generated note")
        note = Answer.objects.exclude(note="").values_list("note", flat=True).first()
        assert note.startswith("Generated note")


def test_generated_people_can_log_in_and_land_on_their_open_round(generated, client):
    member = CoupleMember.objects.select_related("user").first()

    assert client.login(email=member.user.email, password=DEFAULT_PASSWORD)
    response = client.get("/checkin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/checkin/b")
    assert client.get(response["Location"]).status_code == 200


def _answers_fingerprint() -> Counter:
    """The answers as a multiset of what they say, whatever their ids."""
    return Counter(
        (score, is_shared, prompt_id, bool(note))
        for score, is_shared, prompt_id, note in Answer.objects.values_list(
            "score", "is_shared", "prompt_id", "note"
        )
    )


@pytest.mark.django_db(transaction=True)
def test_processes_side_by_side_write_the_rows_one_process_writes(
    library, new_processes_share_this_database
):
    same = {"couples": 3, "weeks": 3, "password": "unused-here", "seed": 11, "now": NOW}

    alone = datagen.generate(**same, chunk_couples=1, processes=1)
    written_alone = _answers_fingerprint()
    side_by_side = datagen.generate(**same, chunk_couples=1, processes=2)

    assert side_by_side.couples == alone.couples == 3
    assert side_by_side.answers == alone.answers == sum(written_alone.values()) > 0
    assert len(set(side_by_side.schedule_ids) | set(alone.schedule_ids)) == 6
    assert Round.objects.count() == 2 * alone.rounds
    assert _answers_fingerprint() == written_alone + written_alone
