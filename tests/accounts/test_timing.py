"""Whether an address has an account cannot be told from how long a page takes to answer:
sign-up, log-in, password reset and adding an email address, each timed over interleaved
requests for a known and an unknown address with the production password hasher."""

import itertools
from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client

from tests import timing
from tests.accounts.helpers import log_in, reauthenticate
from tests.accounts.test_signup import sign_up
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production_hasher(settings):
    # Argon2's work is what a new account or a password check costs, and what must not show.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]


def assert_same_time(request: Callable[[str, int], None], known: str, unknown: str) -> None:
    """`request(address, n)` takes as long for the known address as for the unknown one,
    within a tenth (3 ms at least: less than one network hop's jitter). Each request gets a
    new number `n`, for addresses that must be new; rate limits are reset between requests,
    untimed."""
    numbers = itertools.count()
    timing.assert_same_time(
        lambda: request(known, next(numbers)),
        lambda: request(unknown, next(numbers)),
        at_least=0.003,
        labels=("known", "unknown"),
        before_each=cache.clear,
    )


def test_sign_up(db):
    UserFactory(email="taken@example.com")

    def request(address: str, n: int) -> None:
        email = address if address == "taken@example.com" else f"new-{n}-{address}"
        assert sign_up(Client(), email).status_code == 302

    # Before the fix: 30 ms for a known address against 169 ms for a new one.
    assert_same_time(request, "taken@example.com", "nobody@example.com")


def test_log_in_with_a_wrong_password():
    UserFactory(email="taken@example.com")

    def request(address: str, n: int) -> None:
        response = log_in(Client(), address, "not the password")
        assert response.status_code == 200

    assert_same_time(request, "taken@example.com", "nobody@example.com")


def test_password_reset():
    UserFactory(email="taken@example.com")

    def request(address: str, n: int) -> None:
        response = Client().post("/accounts/password/reset/", {"email": address})
        assert response.status_code == 302

    assert_same_time(request, "taken@example.com", "nobody@example.com")


def test_adding_an_email_address():
    UserFactory(email="taken@example.com")
    person = UserFactory(email="person@example.com")
    client = Client()
    log_in(client, person.email)
    reauthenticate(client)

    def request(address: str, n: int) -> None:
        email = address if address == "taken@example.com" else f"new-{n}-{address}"
        response = client.post("/accounts/email/", {"email": email, "action_add": ""})
        assert response.status_code == 302, response.content.decode()[:300]

    assert_same_time(request, "taken@example.com", "nobody@example.com")
