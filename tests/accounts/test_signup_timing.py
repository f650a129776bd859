"""Whether an address has an account cannot be told from how long sign-up takes."""

import statistics
import time

import pytest
from django.test import Client

from tests.accounts.test_signup import sign_up
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SAMPLES = 15


def timed_sign_up(email: str, n: int) -> float:
    client = Client(REMOTE_ADDR=f"198.51.100.{n}")  # the rate limit counts per address
    started = time.perf_counter()
    response = sign_up(client, email)
    took = time.perf_counter() - started
    assert response.status_code == 302
    return took


def test_sign_up_takes_as_long_for_a_known_address_as_for_a_new_one(settings):
    # The production hasher: its work is what a new account costs.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    UserFactory(email="taken@example.com")
    timed_sign_up("warm-up@example.com", 0)
    known, new = [], []
    for n in range(1, SAMPLES + 1):  # interleaved, so a slower stretch of the machine hits both
        known.append(timed_sign_up("taken@example.com", n))
        new.append(timed_sign_up(f"new-{n}@example.com", 100 + n))

    known_median, new_median = statistics.median(known), statistics.median(new)
    # Before: 30 ms against 169 ms here; after, 135 against 140. What is left is the new
    # account's three inserts and its own email, within the noise of one network hop.
    assert abs(known_median - new_median) < 0.10 * new_median
