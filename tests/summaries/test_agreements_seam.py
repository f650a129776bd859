"""The summary's "What they agreed" comes from summaries.agreements.agreements_for, a seam
for the talks app (issue 23) that returns nothing until that app exists."""

import pytest
from django.apps import apps

from summaries import selectors
from summaries.agreements import Agreement, agreements_for
from tests.accounts.helpers import log_in

pytestmark = pytest.mark.django_db


def test_there_are_no_agreements_until_the_talks_app_exists(agreed):
    _, _, summary = agreed

    assert not apps.is_installed("talks"), (
        "the talks app is installed: connect its agreements in summaries/agreements.py, "
        "then change this test to plant one and find it in the summary"
    )
    assert (
        agreements_for(
            couple=summary.couple, first_week=summary.first_week, last_week=summary.last_week
        )
        == []
    )


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
