"""A submit at the same moment as another one or an unlink, against PostgreSQL: the one that
waits for the other's lock must see what the other saved."""

import threading
import time

import pytest
from django.db import connection, connections

from checkins import services
from checkins.models import Answer, Suggestion
from checkins.selectors import get_round_for_user
from couples.services import couple_end_for_user
from couples.signals import couple_ended
from tests.checkins.helpers import answers_for, open_round

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only(postgres):
    assert connection.vendor == "postgresql"


def test_a_submit_that_waited_for_the_partners_compares_with_their_new_scores(couple, monkeypatch):
    alex, sam = couple
    round_ = open_round(alex)
    # Both pages were read before either submit: each request holds the round as it was.
    alex_round = get_round_for_user(round_.code, alex)
    sam_round = get_round_for_user(round_.code, sam)
    sam_holds_the_lock, let_sam_commit = threading.Event(), threading.Event()
    real_refresh = services.suggestions_refresh

    def refresh_pausing_sam(*, person, **kwargs):
        if person.pk == sam.pk:  # inside Sam's transaction, the round locked
            sam_holds_the_lock.set()
            let_sam_commit.wait(timeout=10)
        return real_refresh(person=person, **kwargs)

    monkeypatch.setattr(services, "suggestions_refresh", refresh_pausing_sam)

    def submit(person, round_for_person, score) -> None:
        try:
            services.checkin_submit(
                round_=round_for_person,
                person=person,
                answers=answers_for(round_, score=score, shared=True),
            )
        finally:
            connections.close_all()

    sam_thread = threading.Thread(target=submit, args=(sam, sam_round, 5))
    alex_thread = threading.Thread(target=submit, args=(alex, alex_round, 1))
    sam_thread.start()
    assert sam_holds_the_lock.wait(timeout=10)
    alex_thread.start()  # its UPDATE waits for Sam's lock
    time.sleep(0.5)
    let_sam_commit.set()
    sam_thread.join(timeout=10)
    alex_thread.join(timeout=10)

    # Shared 1 against Sam's shared 5: a gap of 4, which brings a practice for talking it over.
    reasons = set(
        Suggestion.objects.filter(round=round_, person=alex).values_list("reason", flat=True)
    )
    assert Suggestion.Reason.GAP in reasons


def test_a_submit_that_waited_for_an_unlink_saves_nothing(couple):
    alex, sam = couple
    round_ = open_round(alex)
    alex_round = get_round_for_user(round_.code, alex)  # the page, read while still linked
    unlink_holds_the_couple, let_unlink_commit = threading.Event(), threading.Event()
    outcome = {}

    def pause_the_unlink(**kwargs):  # inside the unlink's transaction, the couple updated
        unlink_holds_the_couple.set()
        let_unlink_commit.wait(timeout=10)

    def unlink() -> None:
        try:
            couple_end_for_user(user=sam)
        finally:
            connections.close_all()

    def submit() -> None:
        try:
            services.checkin_submit(
                round_=alex_round, person=alex, answers=answers_for(round_, score=4, shared=True)
            )
            outcome["saved"] = True
        except services.CheckinError as error:
            outcome["refused"] = error.message
        finally:
            connections.close_all()

    couple_ended.connect(pause_the_unlink, dispatch_uid="test-pause-the-unlink")
    try:
        unlink_thread, submit_thread = (
            threading.Thread(target=unlink),
            threading.Thread(target=submit),
        )
        unlink_thread.start()
        assert unlink_holds_the_couple.wait(timeout=10)
        submit_thread.start()  # waits for the couple's row
        time.sleep(0.5)
        assert not outcome  # still waiting
        let_unlink_commit.set()
        unlink_thread.join(timeout=10)
        submit_thread.join(timeout=10)
    finally:
        couple_ended.disconnect(dispatch_uid="test-pause-the-unlink")

    # Nothing new passes after unlinking: the answers were not saved for Sam to see.
    assert outcome == {"refused": "This check-in is not yours."}
    assert not Answer.objects.filter(round=round_).exists()
