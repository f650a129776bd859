"""The check-in page, its submit and the reveal read only what they show: each query is named
here, so that one more is a decision, not an accident (the counts do not grow with history:
tests/checkins/test_history_and_queries.py)."""

import pytest

from tests.accounts.helpers import log_in
from tests.checkins.helpers import form_data, open_round, submit

pytestmark = pytest.mark.django_db

# Every signed-in page: the session, and the person with their profile.
SIGNED_IN = 2
# The round with its schedule, its couple, the person's membership of that couple and their
# submission (one query); the round's prompts; the answers they may see; in a couple's round,
# the private safety questions with their choices (one query) and the couple's last agreement
# (talks, shown at the top).
ROUND_PAGE = SIGNED_IN + 5


def test_a_fresh_check_in_page_reads_the_round_its_prompts_and_the_answers(
    client, couple, django_assert_num_queries
):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)
    client.get(f"/checkin/{round_.code}/")  # the first page after log-in notes the device

    with django_assert_num_queries(ROUND_PAGE):
        response = client.get(f"/checkin/{round_.code}/")

    assert "Save my answers" in response.content.decode()


def test_the_reveal_adds_the_suggestions_the_weighing_and_the_own_safety_answers(
    client, couple, django_assert_num_queries
):
    alex, sam = couple
    round_ = open_round(alex)
    submit(round_, alex, score=3, shared=True)
    submit(round_, sam, score=3, note="Sam's shared note", shared=True)
    log_in(client, alex.email)
    client.get(f"/checkin/{round_.code}/")

    # Once answered: the suggestions, what weighs on each (own and shared), the safety answers.
    with django_assert_num_queries(ROUND_PAGE + 3):
        response = client.get(f"/checkin/{round_.code}/")

    assert "Sam&#x27;s shared note" in response.content.decode()


def test_an_edit_saves_in_one_transaction_with_a_statement_per_table(
    client, couple, django_assert_num_queries, django_capture_on_commit_callbacks
):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)
    client.post(f"/checkin/{round_.code}/", form_data(round_, score=3))
    data = form_data(round_, score=3)

    # The round as the page reads it, the prompts and the safety questions for the form; then
    # in a transaction (two statements) the couple locked, the person's answers and the
    # others' shared ones before, the answers' upsert, the safety answers skipped now deleted,
    # what weighs on the person (skipped now, so deleted), and the suggestions with the
    # practices (unchanged, so not written). The submission of the first submit stays as it is.
    with (
        django_assert_num_queries(SIGNED_IN + 3 + 2 + 7),
        django_capture_on_commit_callbacks() as queued,
    ):
        response = client.post(f"/checkin/{round_.code}/", data)

    assert response.status_code == 302
    assert len(queued) == 1  # the week's trend update, for a worker
