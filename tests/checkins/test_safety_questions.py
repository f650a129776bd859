"""The private safety questions of a couple's round, and the support note they bring at once:
no practice for two after an answer that says a "no" is not safe to say or not respected."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from checkins.models import Answer, RoundPrompt, SafetyAnswer, Suggestion
from checkins.services import CheckinError, SafetyInput, checkin_submit
from content.models import LocalResources, Prompt, SafetyChoice, SafetyQuestion
from tests.accounts.helpers import log_in
from tests.checkins.helpers import answers_for, form_data, open_round
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOTE_HEADING = "A note just for you"
# Low enough on every dimension for the practices' low bands, never at the lowest point.
LOW = {"connection": 2, "communication": 2, "desire": 2, "obligation": 5}


def choice(question_slug: str, label: str) -> SafetyChoice:
    return SafetyChoice.objects.get(question__slug=question_slug, label=label)


def with_safety(data: dict, *choices: SafetyChoice) -> dict:
    return data | {f"safety-{c.question_id}": str(c.pk) for c in choices}


def test_a_couples_round_asks_them_privately_with_a_way_to_skip(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)

    page = client.get(f"/checkin/{round_.code}/").content.decode()

    assert "Just for you" in page
    assert "never shows or sends these answers to your partner" in page
    for question in SafetyQuestion.objects.all():
        assert question.text in page
        # No share switch of its own.
        assert f'name="safety-{question.pk}-shared"' not in page
    assert page.count('name="safety-') == sum(
        q.choices.count() + 1 for q in SafetyQuestion.objects.all()
    )
    # The skip of each safety question (a reflection question's is a short "Skip").
    assert page.count("Skip this question</") == SafetyQuestion.objects.count()
    # The share toggles of the four pulse items, the four reflection questions and of what
    # weighs on the person ("Partner sees this" each), the "Talk" chip of each of the eight
    # answers, and the five topics of what weighs on the person.
    assert page.count('value="true"') == 8 + 1 + 8
    assert page.count('type="checkbox"') == 5 + 8


def test_a_journal_asks_none_and_refuses_them(client, library):
    alone = UserFactory()
    round_ = open_round(alone)
    log_in(client, alone.email)

    page = client.get(f"/checkin/{round_.code}/").content.decode()
    worried = choice("worried-about-a-no", "Quite a lot")

    assert "Just for you" not in page
    with pytest.raises(CheckinError):
        checkin_submit(
            round_=round_,
            person=alone,
            answers=answers_for(round_),
            safety=[SafetyInput(question_id=worried.question_id, choice_id=worried.pk)],
        )
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("question", "label"),
    [("worried-about-a-no", "A little"), ("no-was-respected", "Mostly, but not always")],
)
def test_one_worrying_answer_brings_the_support_note_at_once_and_no_practice(
    client, couple, question, label
):
    alex, _ = couple
    round_ = open_round(alex)
    LocalResources.objects.create(text="Call **the helpline of Someland** at any hour.")
    log_in(client, alex.email)

    response = client.post(
        f"/checkin/{round_.code}/",
        with_safety(form_data(round_, score=LOW), choice(question, label)),
    )
    page = client.get(response.url).content.decode()

    assert NOTE_HEADING in page
    assert "Nobody owes anyone sex or touch" in page
    assert "whom you see alone" in page
    assert "tell your partner" not in page
    # Nor does the page lead to the talk with the partner (talks).
    assert "Talk about it" not in page
    assert "<strong>the helpline of Someland</strong>" in page
    assert "Something to try" not in page
    assert not Suggestion.objects.filter(round=round_, person=alex).exists()
    saved = SafetyAnswer.objects.get(round=round_, person=alex)
    assert saved.choice.label == label


def test_reassuring_answers_bring_no_note_and_the_practices_as_usual(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)
    data = with_safety(
        form_data(round_, score=LOW),
        choice("worried-about-a-no", "No, not at all"),
        choice("no-was-respected", "Yes, every time"),
    )

    page = client.get(client.post(f"/checkin/{round_.code}/", data).url).content.decode()

    assert NOTE_HEADING not in page
    assert "Something to try" in page
    assert "Talk about it" in page
    assert SafetyAnswer.objects.filter(person=alex).count() == 2
    # The answers given are chosen again on the form, to change until the round closes.
    for saved in SafetyAnswer.objects.filter(person=alex):
        checked = re.findall(
            rf'name="safety-{saved.question_id}" value="(\d*)"[^>]* checked>', page
        )
        assert checked == [str(saved.choice_id)]


@pytest.mark.parametrize("prompt_slug", ["connection-felt-safe", "desire-touch-welcome"])
def test_the_lowest_point_on_feeling_safe_or_touch_welcome_brings_the_note_at_once(
    client, couple, prompt_slug
):
    alex, _ = couple
    round_ = open_round(alex)
    prompt = Prompt.objects.get(slug=prompt_slug)
    RoundPrompt.objects.filter(round=round_, dimension=prompt.dimension, is_pulse=False).update(
        prompt=prompt
    )
    log_in(client, alex.email)
    scores = {"connection": 3, "communication": 3, "desire": 3, "obligation": 1}

    client.post(f"/checkin/{round_.code}/", form_data(round_, score=scores))
    page = client.get(f"/checkin/{round_.code}/").content.decode()
    assert NOTE_HEADING not in page
    assert "Something to try" in page

    client.post(
        f"/checkin/{round_.code}/", form_data(round_, score=scores | {prompt.dimension.slug: 1})
    )
    page = client.get(f"/checkin/{round_.code}/").content.decode()
    assert NOTE_HEADING in page
    assert "Something to try" not in page


def test_skipping_on_an_edit_takes_the_answer_back(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)
    worried = choice("worried-about-a-no", "Very much")
    client.post(f"/checkin/{round_.code}/", with_safety(form_data(round_), worried))

    client.post(
        f"/checkin/{round_.code}/", form_data(round_) | {f"safety-{worried.question_id}": ""}
    )

    assert not SafetyAnswer.objects.exists()
    assert Answer.objects.filter(person=alex).count() == 8
    assert NOTE_HEADING not in client.get(f"/checkin/{round_.code}/").content.decode()


def test_a_choice_that_is_not_the_questions_is_refused_with_what_was_typed_kept(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)
    worried = SafetyQuestion.objects.get(slug="worried-about-a-no")
    other_questions_choice = choice("no-was-respected", "Yes, every time")
    data = form_data(round_, note="Typed on the bus") | {
        f"safety-{worried.pk}": str(other_questions_choice.pk)
    }

    response = client.post(f"/checkin/{round_.code}/", data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose one of the answers, or skip this question." in page
    assert "Typed on the bus" in page
    assert not Answer.objects.exists()
    assert not SafetyAnswer.objects.exists()


def test_an_inactive_question_is_no_longer_asked_or_accepted(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    worried = choice("worried-about-a-no", "A little")
    SafetyQuestion.objects.filter(pk=worried.question_id).update(is_active=False)

    with pytest.raises(CheckinError):
        checkin_submit(
            round_=round_,
            person=alex,
            answers=answers_for(round_),
            safety=[SafetyInput(question_id=worried.question_id, choice_id=worried.pk)],
        )
    log_in(client, alex.email)
    assert worried.question.text not in client.get(f"/checkin/{round_.code}/").content.decode()


def test_a_crossed_or_repeated_choice_is_refused_by_the_submit_itself(couple):
    alex, _ = couple
    round_ = open_round(alex)
    worried = choice("worried-about-a-no", "A little")
    respected = choice("no-was-respected", "Yes, every time")

    for safety in (
        [SafetyInput(question_id=worried.question_id, choice_id=respected.pk)],
        [
            SafetyInput(question_id=worried.question_id, choice_id=worried.pk),
            SafetyInput(question_id=worried.question_id, choice_id=worried.pk),
        ],
    ):
        with pytest.raises(CheckinError):
            checkin_submit(round_=round_, person=alex, answers=answers_for(round_), safety=safety)
    assert not Answer.objects.exists()
    assert not SafetyAnswer.objects.exists()


def test_a_hidden_note_comes_back_when_a_worrying_answer_is_saved_after(client, couple):
    alex, _ = couple
    heavy = {"connection": 3, "communication": 3, "desire": 3, "obligation": 5}
    first = open_round(alex, opened=timedelta(hours=2))
    second = open_round(alex, opened=timedelta(hours=1))
    log_in(client, alex.email)
    client.post(f"/checkin/{first.code}/", form_data(first, score=heavy))
    client.post(f"/checkin/{second.code}/", form_data(second, score=heavy))
    assert (
        "owed than something wished for" in client.get(f"/checkin/{second.code}/").content.decode()
    )
    client.post(f"/checkin/{second.code}/care-note/dismiss/")
    assert NOTE_HEADING not in client.get(f"/checkin/{second.code}/").content.decode()

    data = with_safety(
        form_data(second, score=heavy), choice("no-was-respected", "Mostly, but not always")
    )
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        client.post(f"/checkin/{second.code}/", data)
    page = client.get(f"/checkin/{second.code}/").content.decode()

    assert NOTE_HEADING in page
    assert "saying no may not feel safe" in page


def test_the_answer_and_its_note_keep_the_wording_and_meaning_they_were_given_with(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    worried = choice("worried-about-a-no", "Quite a lot")
    log_in(client, alex.email)
    client.post(f"/checkin/{round_.code}/", with_safety(form_data(round_), worried))
    # An admin rewords the choice, then says it is not worrying, then retires the question.
    SafetyChoice.objects.filter(pk=worried.pk).update(label="Reworded", is_worrying=False)
    SafetyQuestion.objects.filter(pk=worried.question_id).update(is_active=False)

    client.post(f"/checkin/{round_.code}/", form_data(round_))  # an edit of the other answers

    saved = SafetyAnswer.objects.get(person=alex)
    assert (saved.choice_label, saved.is_worrying) == ("Quite a lot", True)
    assert NOTE_HEADING in client.get(f"/checkin/{round_.code}/").content.decode()
