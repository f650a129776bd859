"""Two-factor authentication: an authenticator app (TOTP) and recovery codes."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value

from tests.accounts.helpers import log_in
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_user_turns_on_an_authenticator_app_and_then_needs_its_code_to_log_in(client):
    user = UserFactory()
    log_in(client, user.email)

    # Turning on two-factor asks for the password again first.
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.url.startswith("/accounts/reauthenticate/")
    client.post(page.url, {"password": DEFAULT_PASSWORD})
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    # Recovery codes come with the first authenticator.
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()

    client.post("/accounts/logout/")
    response = log_in(client, user.email)

    assert response.url == "/accounts/2fa/authenticate/"
    assert client.get("/").context["user"].is_anonymous


def test_two_factor_settings_are_linked_from_the_account_pages(client):
    user = UserFactory()
    log_in(client, user.email)

    html = client.get("/account/").content.decode()

    assert 'href="/accounts/2fa/"' in html
    assert client.get("/accounts/2fa/").status_code == 200
