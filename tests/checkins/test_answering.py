"""Answering: everything in one transaction or nothing, clear errors, typed input kept."""

import re
from datetime import timedelta

import pytest
import time_machine

from checkins.models import Answer, Submission
from content.models import SafetyQuestion
from couples.services import couple_end_for_user
from tests.accounts.helpers import log_in
from tests.checkins.helpers import form_data, open_round
from tests.factories import UserFactory, link_partners
from tests.pages.test_layout import audit

pytestmark = pytest.mark.django_db

TYPED_NOTE = "Something I typed, kept on error"


def test_a_valid_check_in_saves_a_pulse_and_a_reflection_answer_per_dimension(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)

    response = client.post(f"/checkin/{round_.code}/", form_data(round_, score=4, note="fine"))

    assert response.url == f"/checkin/{round_.code}/"
    answers = Answer.objects.filter(round=round_, person=alex)
    assert answers.filter(is_pulse=True).count() == 4
    assert answers.filter(is_pulse=False).count() == 4
    assert set(answers.values_list("score", flat=True)) == {4}
    # The note goes with the reflection question; the pulse item has none.
    assert set(answers.filter(is_pulse=False).values_list("note", flat=True)) == {"fine"}
    assert set(answers.filter(is_pulse=True).values_list("note", flat=True)) == {""}
    assert Submission.objects.filter(round=round_, person=alex).count() == 1
    # Obligation starts private, the others shared, as the prompts say.
    assert not answers.get(dimension__slug="obligation", is_pulse=True).is_shared
    assert answers.get(dimension__slug="connection", is_pulse=True).is_shared


def _bad(round_, change):
    data = form_data(round_, note=TYPED_NOTE)
    data.update(change(round_))
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: {"desire-pulse-score": None}, "Choose one of the answers for this question."),
        (lambda r: {"desire-pulse-score": "7"}, "Choose one of the answers for this question."),
        (lambda r: {"desire-score": "-1"}, "Choose one of the answers for this question."),
        # "Does not apply" only where the item offers it (obligation's does, desire's not).
        (lambda r: {"desire-pulse-score": "na"}, "Choose one of the answers for this question."),
        (lambda r: {"desire-note": "x" * 2001}, "at most 2000 characters"),
        (lambda r: {"desire-prompt": "999999"}, "not part of this check-in"),
    ],
)
def test_bad_input_comes_back_on_the_form_with_what_was_typed_and_nothing_saved(
    client, couple, change, message
):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)

    response = client.post(f"/checkin/{round_.code}/", _bad(round_, change))

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert TYPED_NOTE in html
    assert re.search(r'name="connection-score" value="3"[^>]*checked', html), "score lost"
    assert re.search(r'name="connection-pulse-score" value="3"[^>]*checked', html), "score lost"
    assert not Answer.objects.exists()
    assert not Submission.objects.exists()


def test_an_empty_post_is_an_error_not_a_silent_nothing(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)

    response = client.post(f"/checkin/{round_.code}/", {})

    assert response.status_code == 400
    assert "Choose one of the answers for this question." in response.content.decode()


def test_a_double_submit_edits_rather_than_duplicates(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)

    with time_machine.travel(round_.opens_at + timedelta(minutes=5), tick=False):
        client.post(f"/checkin/{round_.code}/", form_data(round_, score=2))
    with time_machine.travel(round_.opens_at + timedelta(minutes=9), tick=False):
        client.post(f"/checkin/{round_.code}/", form_data(round_, score=5, note="changed my mind"))

    answers = Answer.objects.filter(round=round_, person=alex)
    assert answers.count() == 8
    assert set(answers.filter(is_pulse=False).values_list("score", "note")) == {
        (5, "changed my mind")
    }
    # Each answer was first given at the first submit and last changed at the second.
    assert {a.created_at - round_.opens_at for a in answers} == {timedelta(minutes=5)}
    assert {a.updated_at - round_.opens_at for a in answers} == {timedelta(minutes=9)}
    (submission,) = Submission.objects.all()
    assert submission.submitted_at == round_.opens_at + timedelta(minutes=5)


def test_answers_can_be_edited_until_the_round_closes_and_not_after(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)
    client.post(f"/checkin/{round_.code}/", form_data(round_, score=2))

    with time_machine.travel(round_.closes_at + timedelta(seconds=1), tick=False):
        page = client.get(f"/checkin/{round_.code}/").content.decode()
        response = client.post(f"/checkin/{round_.code}/", form_data(round_, score=5), follow=True)

    assert "Save changes" not in page
    assert "closed" in response.content.decode()
    assert set(Answer.objects.values_list("score", flat=True)) == {2}


def test_a_round_that_is_not_yours_is_not_found_and_takes_nothing(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    stranger, other = UserFactory(), UserFactory()
    link_partners(stranger, other)
    log_in(client, stranger.email)

    assert client.get(f"/checkin/{round_.code}/").status_code == 404
    assert client.post(f"/checkin/{round_.code}/", form_data(round_)).status_code == 404
    assert not Answer.objects.exists()


def test_after_unlinking_the_old_rounds_are_read_only(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    couple_end_for_user(user=alex)
    log_in(client, alex.email)

    client.post(f"/checkin/{round_.code}/", form_data(round_))

    assert not Answer.objects.exists()


def test_every_input_on_the_check_in_form_has_a_label(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)

    html = client.get(f"/checkin/{round_.code}/").content.decode()

    page = audit(html)
    # Per pulse item five choices, "does not apply" where offered, the share toggle's two
    # choices ("Only you", "Partner sees this") and the "Talk" chip; per reflection question
    # "Skip", five choices, a note, the share toggle and the "Talk" chip; per private safety
    # question its choices and "Skip this question".
    pulse = round_.round_prompts.filter(is_pulse=True).select_related("prompt")
    not_applicable = sum(1 for rp in pulse if rp.prompt.not_applicable_label)
    assert not_applicable == 2  # communication and obligation
    safety_inputs = sum(q.choices.count() + 1 for q in SafetyQuestion.objects.all())
    # What weighs on the person: five topics and the share toggle.
    weighing = 5 + 2
    assert (
        len(page.inputs)
        == 4 * (5 + 2 + 1) + not_applicable + 4 * (1 + 5 + 1 + 2 + 1) + weighing + safety_inputs
    )
    assert set(page.inputs) <= page.labelled
    # A legend for each dimension and each of its two questions, for "Just for you" and for
    # each safety question.
    assert html.count('<legend class="dimension-name">') == 4
    assert html.count("<legend>") == 8 + 1 + 1 + SafetyQuestion.objects.count()


def test_answers_sent_after_the_close_come_back_with_what_was_typed(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)

    with time_machine.travel(round_.closes_at + timedelta(seconds=5), tick=False):
        response = client.post(f"/checkin/{round_.code}/", form_data(round_, note=TYPED_NOTE))

    assert response.status_code == 400
    html = response.content.decode()
    assert "has closed, so these answers were not saved" in html
    assert TYPED_NOTE in html
    assert '<fieldset class="plain" disabled>' in html
    assert "Save my answers" not in html
    assert not Answer.objects.exists()
