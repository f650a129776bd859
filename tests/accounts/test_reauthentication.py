"""Changing how one signs in (email, password, two-factor) or ending the partner link asks for
the password again: whoever picks up an unlocked phone cannot take the account over."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from tests.accounts.helpers import log_in, reauthenticate
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_adding_an_email_address_asks_for_the_password_first_and_then_goes_through(client):
    user = UserFactory(email="old@example.com")
    log_in(client, user.email)

    asked = client.post("/accounts/email/", {"email": "new@example.com", "action_add": ""})

    assert asked.url.startswith("/accounts/reauthenticate/")
    assert not EmailAddress.objects.filter(email="new@example.com").exists()
    assert mail.outbox == []
    client.post(asked.url, {"password": DEFAULT_PASSWORD})
    assert EmailAddress.objects.filter(user=user, email="new@example.com").exists()
    assert mail.outbox[-1].to == ["new@example.com"]


def test_a_wrong_password_does_not_count_as_re_authentication(client):
    user = UserFactory(email="old@example.com")
    log_in(client, user.email)

    refused = client.post("/accounts/reauthenticate/", {"password": "not the password"})
    client.post("/accounts/email/", {"email": "new@example.com", "action_add": ""})

    assert refused.status_code == 200
    assert "Incorrect password" in refused.content.decode()
    assert not EmailAddress.objects.filter(email="new@example.com").exists()


def test_removing_an_email_address_asks_for_the_password_first(client):
    user = UserFactory(email="main@example.com")
    EmailAddress.objects.create(user=user, email="second@example.com", verified=True)
    log_in(client, user.email)

    asked = client.post("/accounts/email/", {"email": "second@example.com", "action_remove": ""})

    assert asked.url.startswith("/accounts/reauthenticate/")
    assert EmailAddress.objects.filter(email="second@example.com").exists()
    reauthenticate(client)
    client.post("/accounts/email/", {"email": "second@example.com", "action_remove": ""})
    assert not EmailAddress.objects.filter(email="second@example.com").exists()


def test_changing_the_password_needs_the_current_one(client):
    user = UserFactory()
    log_in(client, user.email)
    new = "an entirely new passphrase"

    refused = client.post(
        "/accounts/password/change/",
        {"oldpassword": "a guess", "password1": new, "password2": new},
    )

    assert refused.status_code == 200
    assert "current password" in refused.content.decode().lower()
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


def test_turning_two_factor_off_asks_for_the_password_first(client):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    user = UserFactory()
    TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    client.force_login(user)

    asked = client.post("/accounts/2fa/totp/deactivate/")

    assert asked.url.startswith("/accounts/reauthenticate/")
    assert Authenticator.objects.filter(pk=totp.pk).exists()
