"""The "I'd like to talk about this" flag: beside each answer's share control, and only on a
shared answer (the form says so in plain words, the submit refuses it, the database too)."""

import dataclasses

import pytest
from django.db import IntegrityError, transaction

from checkins.models import Answer
from checkins.services import CheckinError, checkin_submit
from tests.accounts.helpers import log_in
from tests.checkins.helpers import answers_for, form_data, open_round

pytestmark = pytest.mark.django_db


def _connection_keys(round_) -> tuple[str, str]:
    assert round_.round_prompts.filter(dimension__slug="connection", is_pulse=True).exists()
    return "connection-pulse-shared", "connection-pulse-talk"


def test_a_shared_answer_can_be_flagged_for_the_talk(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)
    _shared, talk = _connection_keys(round_)
    data = {**form_data(round_, score=3, shared=True), talk: "true"}

    response = client.post(f"/checkin/{round_.code}/", data)

    assert response.status_code == 302
    flagged = Answer.objects.get(round=round_, person=alex, wants_talk=True)
    assert (flagged.dimension.slug, flagged.is_pulse, flagged.is_shared) == (
        "connection",
        True,
        True,
    )


def test_a_private_answer_cannot_be_flagged_and_the_form_says_why(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)
    _, talk = _connection_keys(round_)
    data = {**form_data(round_, score=3, shared=False), talk: "true"}

    response = client.post(f"/checkin/{round_.code}/", data)

    assert response.status_code == 400
    body = response.content.decode()
    assert "Your partner can only talk about an answer they can see" in body
    # The error is tied to the chip, and what was typed is kept.
    assert 'aria-describedby="id_connection-pulse-talk_error"' in body
    assert not Answer.objects.filter(round=round_, person=alex).exists()


def test_the_submit_refuses_a_flag_on_a_private_answer(couple):
    alex, _ = couple
    round_ = open_round(alex)
    answers = [
        dataclasses.replace(answer, wants_talk=True)
        for answer in answers_for(round_, score=3, shared=False)
    ]

    with pytest.raises(CheckinError, match="Partner sees this"):
        checkin_submit(round_=round_, person=alex, answers=answers)


def test_the_database_refuses_a_flag_on_a_private_answer(couple):
    alex, _ = couple
    round_ = open_round(alex)
    checkin_submit(round_=round_, person=alex, answers=answers_for(round_, shared=True))
    answer = Answer.objects.filter(round=round_, person=alex).first()

    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.filter(pk=answer.pk).update(is_shared=False, wants_talk=True)


def test_a_journal_has_no_talk_chip(client, library):
    from tests.factories import UserFactory

    alone = UserFactory()
    round_ = open_round(alone)
    log_in(client, alone.email)

    body = client.get(f"/checkin/{round_.code}/").content.decode()

    assert "-talk" not in body


def test_the_chip_sits_in_each_answer_row_of_a_couples_form(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)

    body = client.get(f"/checkin/{round_.code}/").content.decode()

    assert body.count('<label class="other talk"') == round_.round_prompts.count()
    assert "about this with my partner" in body


def test_a_reflection_questions_chip_sits_in_its_row_not_in_the_folded_note(client, couple):
    """Beside the share toggle on every answer (issue 23); ticking it no longer unfolds the
    note, which stays folded until it holds words."""
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)
    data = {**form_data(round_, score=3, shared=True), "connection-talk": "true"}
    assert client.post(f"/checkin/{round_.code}/", data).status_code == 302
    assert Answer.objects.get(
        round=round_, person=alex, dimension__slug="connection", is_pulse=False
    ).wants_talk

    body = client.get(f"/checkin/{round_.code}/").content.decode()

    notes = [part.split("</details>")[0] for part in body.split('<details class="note"')[1:]]
    assert len(notes) == 4
    for folded in notes:
        assert "-talk" not in folded
        assert not folded.startswith(" open")
    row = body.split('id="id_connection-talk"')[0].rsplit('<div class="answer-row">', 1)[1]
    assert 'name="connection-shared"' in row
    assert 'id="id_connection-talk" value="true" checked' in body
