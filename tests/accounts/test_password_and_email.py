"""Password reset and email change, without revealing which addresses have accounts."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from tests.accounts.helpers import link_in_last_email, log_in, reauthenticate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new passphrase"


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client):
    UserFactory(email="known@example.com")

    known = client.post("/accounts/password/reset/", {"email": "known@example.com"})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})

    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert [m.to for m in mail.outbox] == [["known@example.com"], ["nobody@example.com"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body


def test_password_reset_link_sets_a_new_password(client):
    user = UserFactory()
    client.post("/accounts/password/reset/", {"email": user.email})

    form_page = client.get(link_in_last_email(user.email), follow=True)
    response = client.post(
        form_page.request["PATH_INFO"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    client.logout()
    log_in(client, user.email, NEW_PASSWORD)
    assert client.get("/").context["user"] == user


def test_email_change_takes_effect_only_once_the_new_address_is_verified(client):
    user = UserFactory(email="old@example.com")
    log_in(client, user.email)
    reauthenticate(client)

    client.post("/accounts/email/", {"email": "new@example.com", "action_add": ""})

    user.refresh_from_db()
    assert user.email == "old@example.com"
    assert mail.outbox[-1].to == ["new@example.com"]

    client.post(link_in_last_email("new@example.com"))

    user.refresh_from_db()
    assert user.email == "new@example.com"
    assert EmailAddress.objects.get(user=user).email == "new@example.com"
