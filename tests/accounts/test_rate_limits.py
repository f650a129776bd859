"""Rate limits that protect an account without handing anyone a way to lock its owner out.

Failed log-ins count per address and per (address, account); password reset, verification mail
and invitation emails per address and per account. Behind TRUSTED_PROXY_COUNT proxies the client
is read from the right of X-Forwarded-For, so a header the client wrote itself changes nothing.
"""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts"


def attempt(client: Client, email: str, password: str, **meta):
    return client.post("/accounts/login/", {"login": email, "password": password}, **meta)


def is_signed_in(client: Client) -> bool:
    return client.get("/profile/").status_code == 200


def test_someone_guessing_a_persons_password_elsewhere_cannot_lock_them_out():
    owner = UserFactory()
    attacker, owners_phone = Client(), Client()
    for _ in range(20):
        attempt(attacker, owner.email, "a guess", REMOTE_ADDR="203.0.113.66")

    response = attempt(owners_phone, owner.email, DEFAULT_PASSWORD, REMOTE_ADDR="198.51.100.1")

    assert TOO_MANY not in response.content.decode()
    assert is_signed_in(owners_phone)
    # The guesser, meanwhile, is stopped, even with the right password.
    blocked = attempt(attacker, owner.email, DEFAULT_PASSWORD, REMOTE_ADDR="203.0.113.66")
    assert TOO_MANY in blocked.content.decode()
    assert not is_signed_in(attacker)


def test_one_address_guessing_across_many_accounts_is_stopped_per_address():
    people = [UserFactory() for _ in range(11)]
    guesser = Client(REMOTE_ADDR="203.0.113.5")
    for person in people[:10]:
        attempt(guesser, person.email, "a guess")

    response = attempt(guesser, people[10].email, DEFAULT_PASSWORD)

    assert TOO_MANY in response.content.decode()


@pytest.mark.parametrize("proxies", [0, 1, 2])
def test_a_forged_forwarded_for_header_does_not_reset_the_count(settings, proxies):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = proxies
    owner = UserFactory()
    real_client = "198.51.100.23"
    # What each proxy appends: the client's address, then each inner proxy's.
    appended = [real_client, "10.0.0.2"][:proxies]
    guesser = Client(REMOTE_ADDR="10.0.0.1" if proxies else real_client)

    for n in range(6):
        forged = f"192.0.2.{n}"  # a different made-up address each time
        header = ", ".join([forged, *appended])
        attempt(guesser, owner.email, "a guess", HTTP_X_FORWARDED_FOR=header)

    last = attempt(
        guesser,
        owner.email,
        DEFAULT_PASSWORD,
        HTTP_X_FORWARDED_FOR=", ".join(["192.0.2.200", *appended]),
    )
    assert TOO_MANY in last.content.decode()


def test_behind_a_proxy_two_people_are_counted_apart(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    owner = UserFactory()
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    guesser, owners_phone = Client(**proxy), Client(**proxy)
    for _ in range(6):
        attempt(guesser, owner.email, "a guess", HTTP_X_FORWARDED_FOR="203.0.113.66")

    attempt(owners_phone, owner.email, DEFAULT_PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert is_signed_in(owners_phone)


def test_without_a_trusted_proxy_the_forwarded_for_header_is_ignored():
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0
    owner = UserFactory()
    guesser = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(6):
        attempt(guesser, owner.email, "a guess")

    # Claiming to be the owner's address through the header does not help.
    response = attempt(guesser, owner.email, DEFAULT_PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert TOO_MANY in response.content.decode()


def test_password_reset_mail_is_limited_per_account(client):
    person = UserFactory()
    for n in range(8):
        client.post(
            "/accounts/password/reset/", {"email": person.email}, REMOTE_ADDR=f"192.0.2.{n}"
        )

    assert len([m for m in mail.outbox if person.email in m.to]) == 5


def test_password_reset_mail_is_limited_per_address(client):
    people = [UserFactory() for _ in range(25)]
    for person in people:
        client.post("/accounts/password/reset/", {"email": person.email})

    assert len(mail.outbox) == 20


def test_verification_mail_is_limited_per_address():
    sender = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(12):
        sender.post(
            "/accounts/signup/",
            {
                "email": f"new{n}@example.com",
                "display_name": f"New {n}",
                "password1": DEFAULT_PASSWORD,
                "password2": DEFAULT_PASSWORD,
            },
        )

    assert len(mail.outbox) == 10


@pytest.mark.integration
def test_the_counts_live_in_redis_so_every_web_process_shares_them(redis_url):
    import redis

    assert settings.CACHES["default"]["BACKEND"] == "intimacy.redis_cache.OutageTolerantRedisCache"
    owner = UserFactory()
    attempt(Client(REMOTE_ADDR="203.0.113.66"), owner.email, "a guess")

    keys = redis.Redis.from_url(redis_url).keys("*login_failed*")

    assert keys, "the failed log-in was not counted in Redis"


def test_someone_on_the_same_network_cannot_block_the_owner_from_unlinking():
    from couples.selectors import active_couple_for
    from tests.factories import link_partners

    owner, partner = UserFactory(), UserFactory()
    link_partners(owner, partner)
    home = {"REMOTE_ADDR": "198.51.100.50"}  # one router, one address for both
    owners_phone, partners_laptop = Client(**home), Client(**home)
    owners_phone.post("/accounts/login/", {"login": owner.email, "password": DEFAULT_PASSWORD})
    # The partner guesses at the owner's password, and at other addresses, from the same home.
    for n in range(15):
        attempt(partners_laptop, owner.email, "a guess")
        attempt(partners_laptop, f"someone{n}@example.com", "a guess")

    reauthenticated = owners_phone.post("/accounts/reauthenticate/", {"password": DEFAULT_PASSWORD})
    owners_phone.post("/partner/unlink/")

    assert TOO_MANY not in reauthenticated.content.decode()
    assert active_couple_for(owner) is None


def test_wrong_passwords_when_asked_again_are_limited_per_session():
    person = UserFactory()
    phone = Client()
    phone.post("/accounts/login/", {"login": person.email, "password": DEFAULT_PASSWORD})
    for _ in range(5):
        phone.post("/accounts/reauthenticate/", {"password": "a guess"})

    response = phone.post("/accounts/reauthenticate/", {"password": DEFAULT_PASSWORD})

    assert TOO_MANY in response.content.decode()
