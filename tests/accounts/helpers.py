import re

from django.conf import settings
from django.core import mail

from tests.factories import DEFAULT_PASSWORD


def link_in_last_email(to: str) -> str:
    """The path of the first link to this site in the latest email sent to `to`."""
    message = [m for m in mail.outbox if to in m.to][-1]
    match = re.search(rf"{re.escape(settings.SITE_URL)}(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def sign_up(client, email: str, name: str = "Robin"):
    """Sign up through allauth's own page, as a person would (the address still to confirm)."""
    return client.post(
        "/accounts/signup/",
        {
            "email": email,
            "display_name": name,
            "password1": "a sturdy passphrase 42",
            "password2": "a sturdy passphrase 42",
        },
    )


def log_in(client, email: str, password: str = DEFAULT_PASSWORD):
    """Log in through allauth's own page, as a person would (this records the authentication)."""
    return client.post("/accounts/login/", {"login": email, "password": password})


def reauthenticate(client, password: str = DEFAULT_PASSWORD) -> None:
    """Enter the password again, as allauth asks before sensitive actions."""
    response = client.post("/accounts/reauthenticate/", {"password": password})
    assert response.status_code == 302, response.content.decode()[:500]
