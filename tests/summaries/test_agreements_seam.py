"""The summary's "What they agreed" comes from the talks app's agreements of its weeks
(summaries.agreements.agreements_for), shown only in a summary both agreed to."""

import pytest

from checkins.models import Round
from summaries import selectors
from summaries.agreements import Agreement, agreements_for
from talks.services import agreement_save
from tests.accounts.helpers import log_in

pytestmark = pytest.mark.django_db


def test_the_couples_agreements_of_the_period_are_in_the_summary_oldest_first(agreed):
    alex, sam, summary = agreed
    rounds = Round.objects.filter(schedule=summary.schedule).order_by("opens_at")
    first, last = rounds[0], rounds.last()
    agreement_save(round_=last, person=sam, text="Phones away at dinner", version=0)
    agreement_save(round_=first, person=alex, text="A walk on Sundays", version=0)
    agreement_save(round_=rounds[1], person=alex, text="", version=0)  # written, then emptied

    found = agreements_for(
        couple=summary.couple, first_week=summary.first_week, last_week=summary.last_week
    )

    assert found == [
        Agreement(week=first.week_start, text="A walk on Sundays"),
        Agreement(week=last.week_start, text="Phones away at dinner"),
    ]


def test_agreements_the_seam_returns_are_shown_escaped_only_when_both_agreed(
    client, agreed, monkeypatch
):
    alex, _, summary = agreed
    monkeypatch.setattr(
        selectors,
        "agreements_for",
        lambda **kwargs: [Agreement(week=summary.last_week, text="Walk on <Sundays>")],
    )
    log_in(client, alex.email)

    html = client.get(f"/summaries/{summary.code}/").content.decode()

    assert "Walk on &lt;Sundays&gt;" in html
    summary.status = "proposed"
    summary.responded_at = None
    summary.save()
    assert "Sundays" not in client.get(f"/summaries/{summary.code}/").content.decode()
