"""The data export holds the person's talks: the agreements of their couple's rounds, their own
topics and skips, never the partner's skip."""

import pytest

from privacy.selectors import personal_data_export
from talks.services import agreement_save, talk_skip, topic_set
from tests.checkins.helpers import open_round
from tests.talks.helpers import submit_with

pytestmark = pytest.mark.django_db


def test_the_export_holds_agreements_own_topics_and_own_skips(couple):
    alex, sam = couple
    round_ = open_round(alex)
    submit_with(round_, alex, talk={"desire"})
    submit_with(round_, sam)
    agreement_save(round_=round_, person=sam, text="Dinner without phones", version=0)
    topic_set(round_=round_, person=alex, text="Holidays")
    topic_set(round_=round_, person=sam, text="Sam's own topic")
    talk_skip(round_=round_, person=sam, skip=True)

    exported = personal_data_export(alex)

    talks = exported["talks"]
    assert [a["text"] for a in talks["agreements"]] == ["Dinner without phones"]
    assert talks["agreements"][0]["changed_by_me"] is False
    assert [t["text"] for t in talks["my_topics"]] == ["Holidays"]
    assert talks["talks_i_skipped"] == []
    assert "Sam's own topic" not in str(exported)
    flagged = [
        a for c in exported["check_ins"] for a in c["my_answers"] if a["flagged_to_talk_about"]
    ]
    assert [a["dimension"] for a in flagged] == ["desire"]
    assert personal_data_export(sam)["talks"]["talks_i_skipped"] == [round_.opens_at.isoformat()]
