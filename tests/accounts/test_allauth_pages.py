"""Every allauth page a person can reach is in the site's layout and the site's words: "Log in"
and "Log out", never "Sign in" or "Sign out"; titles without repeats or stray whitespace."""

import re

import pytest
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

from tests.accounts.helpers import link_in_last_email, log_in, reauthenticate, sign_up
from tests.accounts.test_mfa import current_code
from tests.factories import UserFactory
from tests.pages.test_layout import audit

pytestmark = pytest.mark.django_db

SIGNED_OUT_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/done/",
    "/accounts/password/reset/key/1-no-such-key/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/no-such-key/",
    "/accounts/inactive/",
]
SIGNED_IN_PAGES = [
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/sessions/",
    "/accounts/reauthenticate/",
    "/accounts/logout/",
]
# After entering the password again.
REAUTHENTICATED_PAGES = ["/accounts/2fa/totp/activate/", "/accounts/email/"]
# With an authenticator app turned on.
TWO_FACTOR_PAGES = [
    "/accounts/2fa/",
    "/accounts/2fa/recovery-codes/",
    "/accounts/2fa/recovery-codes/generate/",
    "/accounts/2fa/totp/deactivate/",
    "/accounts/2fa/reauthenticate/",
]

OTHER_WORDS = re.compile(r"\b(sign[ -]?in|sign[ -]?out|login)\b", re.IGNORECASE)


def visible_text(html: str) -> str:
    """The page's words a person reads or hears: the title and the body, without the markup."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    labels = " ".join(re.findall(r'(?:aria-label|alt|placeholder)="([^"]*)"', html))
    return re.sub(r"<[^>]+>", " ", html) + " " + labels


def assert_our_page(response, *, signed_in: bool) -> None:
    assert response.status_code == 200, response
    html = response.content.decode()
    page = audit(html)
    where = response.request["PATH_INFO"]

    words = visible_text(html)
    assert not OTHER_WORDS.search(words), (where, OTHER_WORDS.findall(words))
    assert 'href="#main"' in html and 'class="container site-footer"' in html, where
    assert ('class="quick-exit"' in html) == signed_in, where
    assert set(page.inputs) <= page.labelled, (where, set(page.inputs) - page.labelled)
    title = " ".join(page.titles)
    segments = title.split(" · ")
    assert title == " ".join(title.split()), (where, title)
    assert all(segments) and len(set(segments)) == len(segments), (where, title)
    assert segments[-1] == "Check-in", (where, title)


@pytest.mark.parametrize("path", SIGNED_OUT_PAGES)
def test_signed_out_pages(client, path):
    assert_our_page(client.get(path), signed_in=False)


def test_closed_sign_up_page(client, settings):
    settings.SIGNUP_OPEN = False

    assert_our_page(client.get("/accounts/signup/"), signed_in=False)


def test_pages_reached_from_an_email_link(client):
    sign_up(client, "new@example.com")
    assert_our_page(client.get(link_in_last_email("new@example.com")), signed_in=False)

    person = UserFactory()
    client.post("/accounts/password/reset/", {"email": person.email})
    assert_our_page(client.get(link_in_last_email(person.email), follow=True), signed_in=False)


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_pages(client, path):
    log_in(client, UserFactory().email)

    assert_our_page(client.get(path), signed_in=True)


def test_pages_after_entering_the_password_again(client):
    log_in(client, UserFactory().email)
    reauthenticate(client)

    for path in REAUTHENTICATED_PAGES:
        assert_our_page(client.get(path), signed_in=True)

    client.post("/accounts/email/", {"email": "next@example.com", "action_add": ""})
    pending = client.get("/accounts/email/")
    assert_our_page(pending, signed_in=True)
    assert "next@example.com" in pending.content.decode()


def test_two_factor_pages_and_the_code_asked_at_log_in(client):
    person = UserFactory()
    log_in(client, person.email)
    reauthenticate(client)
    client.get("/accounts/2fa/totp/activate/")
    client.post(
        "/accounts/2fa/totp/activate/", {"code": current_code(client.session[SECRET_SESSION_KEY])}
    )

    for path in TWO_FACTOR_PAGES:
        assert_our_page(client.get(path), signed_in=True)

    client.post("/accounts/logout/")
    response = log_in(client, person.email)
    assert_our_page(client.get(response.url), signed_in=False)
