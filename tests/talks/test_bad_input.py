"""Hostile input to the talk's forms (tests/hostile.py): never a 500; a refused edit changes
nothing; a stale or odd version number is refused, not trusted."""

import pytest
from hypothesis import example, given

from talks.models import Agreement, Topic
from talks.services import agreement_save
from tests.accounts.helpers import log_in
from tests.checkins.helpers import open_round
from tests.hostile import hostile_number, hostile_text, mutate
from tests.talks.helpers import submit_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def talk(client, couple):
    alex, sam = couple
    round_ = open_round(alex)
    submit_with(round_, alex)
    submit_with(round_, sam)
    agreement_save(round_=round_, person=sam, text="As it was", version=0)
    log_in(client, alex.email)
    return client, round_


def test_hostile_agreements_never_fail_and_a_refused_one_changes_nothing(talk):
    client, round_ = talk
    url = f"/checkin/{round_.code}/talk/agreement/"
    valid = {"agreement-text": "Fine words", "agreement-version": "1"}

    @given(
        data=mutate(valid, {"agreement-text": hostile_text, "agreement-version": hostile_number})
    )
    @example(data={**valid, "agreement-version": str(10**12)})
    @example(data={**valid, "agreement-text": "a\x00b"})
    def check(data):
        before = Agreement.objects.values_list("text", "version").get(round=round_)

        response = client.post(url, data)

        assert response.status_code in {302, 400, 409}, response.status_code
        if response.status_code != 302:
            assert Agreement.objects.values_list("text", "version").get(round=round_) == before
        else:  # put back for the next example
            Agreement.objects.filter(round=round_).update(text="As it was", version=1)

    check()


def test_hostile_topics_never_fail(talk):
    client, round_ = talk
    url = f"/checkin/{round_.code}/talk/topic/"

    @given(data=mutate({"topic-text": "Holidays"}, {"topic-text": hostile_text}))
    def check(data):
        response = client.post(url, data)

        assert response.status_code in {302, 400}, response.status_code
        if response.status_code == 400:
            assert "topic" in response.content.decode()
        Topic.objects.all().delete()

    check()
