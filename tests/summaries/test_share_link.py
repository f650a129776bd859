"""A read-only link for a therapist: shown once, only its hash kept, at most 30 days,
revocable by either partner, rate-limited, never cached or indexed, and every opening in both
partners' security logs."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.db import IntegrityError
from django.test import Client
from django.utils import timezone

from couples.models import hash_token
from couples.services import couple_end_for_user
from security.models import SecurityEvent
from summaries.models import ShareLink, Summary
from summaries.services import SummaryRefused, share_link_create
from tests.accounts.helpers import log_in, reauthenticate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

THERAPIST_BROWSER = "TherapistBrowser/1.0 (a test)"


def make_link(client, person, summary, days=14) -> str:
    """Make a link on the summary's page as `person`; returns its path, shown that once."""
    client.logout()
    log_in(client, person.email)
    client.post(f"/summaries/{summary.code}/links/new/", {"days": str(days)})
    html = client.get(f"/summaries/{summary.code}/").content.decode()
    found = re.search(r'id="share-link">http://[^/]+(/shared/summary/[^/]+/)<', html)
    assert found, "the new link is shown"
    return found.group(1)


def therapist():
    return Client(HTTP_USER_AGENT=THERAPIST_BROWSER)


def openings():
    return SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SUMMARY_OPENED)


def test_the_link_is_shown_once_and_only_its_hash_is_kept(client, agreed):
    alex, _, summary = agreed
    path = make_link(client, alex, summary)
    token = path.split("/")[-2]

    assert len(token) >= 43  # 32 random bytes: 256 bits
    link = ShareLink.objects.get()
    assert link.token_hash == hash_token(token)
    assert token not in link.token_hash
    assert token not in client.get(f"/summaries/{summary.code}/").content.decode()
    for model in apps.get_models():
        for row in model.objects.values_list():
            assert token not in repr(row), model


def test_a_therapist_reads_it_without_an_account_and_both_logs_show_it(client, agreed):
    alex, sam, summary = agreed
    path = make_link(client, sam, summary)

    response = therapist().get(path)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<td>4.0</td>" in html and "<td>2.0</td>" in html
    assert 'class="summary-chart"' in html
    assert 'method="post"' not in html  # read-only
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex' in html
    assert {(e.user, e.user_agent) for e in openings()} == {
        (alex, THERAPIST_BROWSER),
        (sam, THERAPIST_BROWSER),
    }
    # Each person's own security log page shows it, with the browser.
    for person in (alex, sam):
        client.logout()
        log_in(client, person.email)
        reauthenticate(client)
        log = client.get("/account/security/").content.decode()
        assert "A summary&#x27;s share link was opened" in log, person


def test_a_link_ends_when_it_expires(client, agreed):
    alex, _, summary = agreed
    path = make_link(client, alex, summary, days=7)
    expires_at = ShareLink.objects.get().expires_at
    assert expires_at - timezone.now() <= timedelta(days=7)

    with time_machine.travel(expires_at - timedelta(minutes=1)):
        assert therapist().get(path).status_code == 200
    with time_machine.travel(expires_at + timedelta(seconds=1)):
        response = therapist().get(path)
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]
    assert openings().count() == 2  # the one opening that worked, in both logs


def test_no_link_for_more_than_30_days(client, agreed):
    alex, _, summary = agreed
    log_in(client, alex.email)
    client.post(f"/summaries/{summary.code}/links/new/", {"days": "31"})
    assert not ShareLink.objects.exists()
    with pytest.raises(SummaryRefused):
        share_link_create(summary=summary, person=alex, days=60)

    now = timezone.now()
    with pytest.raises(IntegrityError):
        ShareLink.objects.create(
            summary=summary,
            token_hash="x" * 64,
            created_at=now,
            expires_at=now + timedelta(days=30, seconds=1),
        )


@pytest.mark.parametrize("who", ["maker", "other"])
def test_either_partner_revokes_a_link(client, agreed, who):
    alex, sam, summary = agreed
    path = make_link(client, alex, summary)
    link = ShareLink.objects.get()
    if who == "other":
        client.logout()
        log_in(client, sam.email)

    client.post(f"/summaries/{summary.code}/links/{link.pk}/revoke/")

    assert therapist().get(path).status_code == 404
    link.refresh_from_db()
    assert link.revoked_by == (alex if who == "maker" else sam)
    assert not openings().exists()


def test_withdrawing_or_unlinking_ends_every_link(client, agreed):
    alex, sam, summary = agreed
    path = make_link(client, alex, summary)
    couple_end_for_user(user=sam)
    assert therapist().get(path).status_code == 404

    client.post(f"/summaries/{summary.code}/withdraw/")
    assert not ShareLink.objects.exists()


def test_no_link_before_both_agreed(client, history):
    alex, _, _ = history
    log_in(client, alex.email)
    client.post("/summaries/new/", {"weeks": "4"})
    proposed = Summary.objects.get()
    client.post(f"/summaries/{proposed.code}/links/new/", {"days": "14"})

    assert not ShareLink.objects.exists()
    assert (
        "A link for a therapist" not in client.get(f"/summaries/{proposed.code}/").content.decode()
    )


def test_a_stranger_cannot_revoke_and_a_made_up_token_is_a_plain_404(client, agreed):
    alex, _, summary = agreed
    make_link(client, alex, summary)
    link = ShareLink.objects.get()
    client.logout()
    log_in(client, UserFactory().email)

    assert client.post(f"/summaries/{summary.code}/links/{link.pk}/revoke/").status_code == 404
    response = therapist().get("/shared/summary/not-a-real-token/")
    assert response.status_code == 404
    assert response["X-Robots-Tag"] == "noindex"


def test_openings_are_rate_limited_per_link(client, agreed, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "summary_link": "3/1h/key,100/1h/ip",
    }
    alex, _, summary = agreed
    path = make_link(client, alex, summary)
    visitor = therapist()

    assert [visitor.get(path).status_code for _ in range(4)] == [200, 200, 200, 429]
    response = visitor.get(path)
    assert response["Retry-After"]
    assert "no-store" in response["Cache-Control"]
    assert openings().count() == 3 * 2
