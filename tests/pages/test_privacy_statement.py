"""The privacy statement says the rules people rely on, and those rules hold in the code."""

import json
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from checkins.models import Answer
from tests.accounts.helpers import log_in, reauthenticate
from tests.checkins.helpers import open_round, submit

pytestmark = pytest.mark.django_db

HEADINGS = [
    "In short",
    "What is stored",
    "Who sees what",
    "Encryption",
    "How long things are kept",
    "Download and delete",
    "Email",
    "What this site does not do",
    "If you need help",
    "If someone may be reading your phone",
]
# One sentence per promise; each is a claim that a test here or elsewhere checks in the code.
STATEMENTS = [
    # Sharing and reveal (checkins.selectors.reveal_allowed, tests/checkins/test_reveal.py).
    "Your partner sees your shared answers only once they have saved their own answers to the "
    "same check-in, or once the check-in has closed.",
    "Most questions start with sharing switched on",
    "An answer you keep private is seen by you alone.",
    "whether you skipped a check-in or kept all your answers private",
    # Unlinking (couples.services.couple_end_for_user).
    "Either of you can unlink alone, at once, without the other's agreement",
    "nothing new passes between you",
    # Encryption (intimacy.encryption, tests/checkins/test_note_encryption.py).
    "Your notes are stored encrypted, with keys kept apart from the database.",
    "Scores, share choices, answers to the private safety questions, dates and account details "
    "are not encrypted",
    "Whoever runs the server can read everything it stores</strong>, notes included",
    "not against the people running the server",
    # Talks (tests/talks/test_agreement.py, test_talk_page.py).
    "Your talk topics and what you agreed are encrypted the same way.",
    'If you skip the talk, your partner sees only "No talk yet"',
    "If your partner runs this server, or could get into it, they can read your private answers",
    # Safety questions (tests/privacy/test_safety_answers.py).
    "have no share switch: they are never shown to your partner",
    # Retention.
    "until you delete your account. There is no automatic deletion after a set time.",
    "at most two weeks on one device",
    "counted from when you logged in however much you use the site",
    "Ended sign-ins are deleted from the server every night.",
    "Only you see it",
    "Your security log:</strong> 90 days",
    "30 days after the invitation was used, declined, withdrawn or expired",
    "The site asks for your password first",
    "for at most one hour, then forgotten",
    "never email addresses, answers, notes or scores",
    # Export and deletion (privacy.services, privacy.selectors).
    "all your answers and notes (shared ones too)",
    "your answers disappear from their pages too",
    # The service worker's cache (tests/browser/test_installable.py reads every cache).
    "It never keeps a page you saw while signed in, an answer or a note.",
    # Third parties (CONTENT_SECURITY_POLICY).
    "No advertising, no tracking, no analytics and no third-party scripts",
]


@pytest.fixture
def statement(client) -> str:
    response = client.get("/privacy/")
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_anyone_can_read_it_under_a_heading_for_each_topic(statement):
    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", statement)
    assert headings == HEADINGS


@pytest.mark.parametrize("sentence", STATEMENTS)
def test_it_states(statement, sentence):
    assert sentence in statement


def test_the_export_address_it_names_downloads_everything_about_me(client, couple, statement):
    alex, _ = couple
    export_url = reverse("data_export")
    assert f'href="{export_url}"' in statement

    log_in(client, alex.email)
    reauthenticate(client)
    response = client.get(export_url)

    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["account"]["email"] == alex.email


def test_every_file_it_loads_comes_from_this_site_and_the_browser_refuses_others(client):
    response = client.get("/privacy/")
    html = response.content.decode()

    sources = re.findall(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(source.startswith("/") and not source.startswith("//") for source in sources)
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"


def test_deleting_an_account_takes_its_shared_answers_off_the_former_partners_pages(client, couple):
    alex, sam = couple
    round_ = open_round(alex, opened=timedelta(hours=1))
    submit(round_, alex, note="shared before leaving", shared=True)
    submit(round_, sam, note="sam kept this", shared=True)
    log_in(client, sam.email)
    assert "shared before leaving" in client.get(f"/checkin/{round_.code}/").content.decode()

    client.logout()
    log_in(client, alex.email)
    reauthenticate(client)
    client.post(reverse("account_delete"))

    assert not Answer.objects.exclude(person=sam).exists()
    log_in(client, sam.email)
    for path in (f"/checkin/{round_.code}/", "/checkin/history/"):
        page = client.get(path).content.decode()
        assert "sam kept this" in page
        assert "shared before leaving" not in page


def test_the_retention_periods_it_gives_are_the_configured_ones():
    assert settings.SESSION_COOKIE_AGE == 14 * 24 * 3600  # "at most two weeks"
    # "counted ... for at most one hour": allauth keeps each counter for its rate's window.
    windows = [
        rate.split("/")[1]
        for rates in settings.ACCOUNT_RATE_LIMITS.values()
        for rate in rates.split(",")
    ]
    seconds = {"s": 1, "m": 60, "h": 3600}
    assert max(int(w[:-1] or 1) * seconds[w[-1]] for w in windows) <= 3600
