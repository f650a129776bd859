"""At most one short message above a page: logging in and out says nothing of its own (the page
shows who is logged in), so messages cannot pile up."""

import re

import pytest

from tests.accounts.helpers import link_in_last_email, log_in, sign_up
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def shown_messages(html: str) -> list[str]:
    return re.findall(r'<p class="message[^"]*" role="status">([^<]*)</p>', html)


def test_logging_in_out_and_in_again_leaves_no_pile_of_messages(client):
    person = UserFactory()

    log_in(client, person.email)
    client.post("/accounts/logout/")
    log_in(client, person.email)
    client.post("/accounts/logout/")
    log_in(client, person.email)
    html = client.get("/").content.decode()

    assert shown_messages(html) == []
    assert f"Signed in as {person.email}." in client.get("/account/").content.decode()


def test_confirming_the_address_after_sign_up_says_one_thing(client):
    sign_up(client, "new@example.com")
    # The page after sign-up says the link is on its way; no message repeats it.
    assert shown_messages(client.get("/accounts/confirm-email/").content.decode()) == []

    response = client.post(link_in_last_email("new@example.com"))
    html = client.get(response.url).content.decode()

    assert shown_messages(html) == ["Your email address new@example.com is confirmed."]


def test_ending_every_other_session_says_so_in_log_in_words(client):
    person = UserFactory()
    log_in(client.__class__(), person.email)  # another device
    log_in(client, person.email)

    response = client.post("/accounts/sessions/")
    html = client.get(response.url).content.decode()

    assert shown_messages(html) == ["Every other device is logged out."]
