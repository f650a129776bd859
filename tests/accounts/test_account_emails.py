"""allauth's emails name the site by SITE_NAME and link to SITE_URL, never the host a request
came in on, in a few plain words like the reminders; with security notices switched on (they
are off: docs/decisions.md) those do the same."""

import re

import pytest
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.core import mail

from tests.accounts.helpers import link_in_last_email, log_in, reauthenticate, sign_up
from tests.accounts.test_mfa import current_code
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new passphrase"
SITE_NAME = "Evening Notes"
SITE_URL = "https://notes.test"


@pytest.fixture(autouse=True)
def _our_site(settings):
    settings.SITE_NAME = SITE_NAME
    settings.SITE_URL = SITE_URL


def assert_discreet(message) -> None:
    text = f"{message.subject}\n{message.body}"
    assert message.subject.startswith(f"[{SITE_NAME}] "), message.subject
    assert SITE_NAME in message.body, message.body
    assert message.body.startswith("Hello,\n"), message.body
    for other in ("testserver", "example.com", "Hello from", "Thank you for using", "{{", "&amp;"):
        assert other not in text, (other, text)
    assert not re.search(r"\bsign[ -]?in\b", text, re.IGNORECASE), text
    for url in re.findall(r"https?://\S+", message.body):
        assert url.startswith(f"{SITE_URL}/"), url
    assert not message.alternatives, "allauth sends plain text only"


def test_emails_sent_without_security_notices(client):
    UserFactory(email="taken@mail.test")
    sign_up(client, "new@mail.test")  # confirm the address
    sign_up(client, "taken@mail.test")  # the owner hears of it, not the stranger
    client.post("/accounts/password/reset/", {"email": "taken@mail.test"})
    client.post("/accounts/password/reset/", {"email": "nobody@mail.test"})
    client.post(link_in_last_email("new@mail.test"))
    log_in(client, "new@mail.test", "a sturdy passphrase 42")
    reauthenticate(client, "a sturdy passphrase 42")
    client.post("/accounts/email/", {"email": "next@mail.test", "action_add": ""})

    subjects = [message.subject.removeprefix(f"[{SITE_NAME}] ") for message in mail.outbox]
    assert subjects == [
        "Confirm your email address",
        "You already have an account",
        "Reset your password",
        "Reset your password",
        "Confirm your email address",
    ]
    for message in mail.outbox:
        assert_discreet(message)
    assert "no account here uses it" in mail.outbox[3].body


# Two-factor changes send their notice on commit, inside the request: a real transaction.
@pytest.mark.django_db(transaction=True)
def test_security_notices_when_switched_on(client, settings):
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    person = UserFactory(email="robin@mail.test")
    log_in(client, person.email)
    client.post(
        "/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    reauthenticate(client, NEW_PASSWORD)
    client.post("/accounts/email/", {"email": "robin.new@mail.test", "action_add": ""})
    client.post(link_in_last_email("robin.new@mail.test"))
    client.get("/accounts/2fa/totp/activate/")
    secret = client.session[SECRET_SESSION_KEY]
    client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    client.post("/accounts/2fa/recovery-codes/generate/")
    client.post("/accounts/2fa/totp/deactivate/")
    client.post("/accounts/logout/")
    client.post("/accounts/password/reset/", {"email": "robin.new@mail.test"})
    form = client.get(link_in_last_email("robin.new@mail.test"), follow=True)
    client.post(
        form.request["PATH_INFO"], {"password1": DEFAULT_PASSWORD, "password2": DEFAULT_PASSWORD}
    )

    subjects = [message.subject.removeprefix(f"[{SITE_NAME}] ") for message in mail.outbox]
    assert subjects == [
        "Your password was changed",
        "Confirm your email address",
        "Your email address was changed",
        "Two-factor authentication is on",
        "New recovery codes",
        "Two-factor authentication is off",
        "Reset your password",
        "Your password was reset",
    ]
    for message in mail.outbox:
        assert_discreet(message)
    assert "robin@mail.test to robin.new@mail.test" in mail.outbox[2].body
