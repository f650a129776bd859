"""The feed's address: a credential stored only as its hash, that a new one or turning it off
revokes at once, answered as if it never existed once it no longer works, and rate-limited."""

import hashlib
import logging

import pytest
from django.apps import apps
from django.test import Client

from calendars.models import CalendarFeed
from calendars.services import calendar_feed_address_new, calendar_feed_turn_off
from couples.services import couple_end_for_user
from tests.factories import UserFactory, calendar_address, link_partners

pytestmark = pytest.mark.django_db


def token_of(path: str) -> str:
    return path.removeprefix("/calendar/").removesuffix(".ics")


def test_a_working_address_answers_with_a_private_calendar(client):
    response = client.get(calendar_address(UserFactory()))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    assert "Set-Cookie" not in response
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")


def test_a_new_address_makes_the_old_one_a_404_like_one_that_never_existed(client):
    person = UserFactory()
    old = calendar_address(person)
    new = calendar_address(person)

    gone = client.get(old)
    never = client.get("/calendar/" + "x" * 43 + ".ics")

    assert client.get(new).status_code == 200
    assert gone.status_code == never.status_code == 404
    assert gone.content == never.content
    assert gone["Content-Type"] == never["Content-Type"]
    for response in (gone, never):
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Robots-Tag"] == "noindex"


def test_turning_it_off_makes_it_a_404_and_keeps_the_name(client):
    person = UserFactory()
    path = calendar_address(person, title="Tea")

    assert calendar_feed_turn_off(person=person) is True

    assert client.get(path).status_code == 404
    assert CalendarFeed.objects.get(person=person).title == "Tea"
    assert calendar_feed_turn_off(person=person) is False


def test_only_the_hash_of_the_token_is_stored_anywhere_in_the_database():
    person = UserFactory()
    token = calendar_feed_address_new(person=person)

    feed = CalendarFeed.objects.get(person=person)
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    for model in apps.get_models():
        for row in model.objects.values_list():
            assert token not in repr(row), model


def test_tokens_are_long_and_random():
    person = UserFactory()
    tokens = {calendar_feed_address_new(person=person) for _ in range(20)}

    assert len(tokens) == 20
    assert all(len(token) >= 43 for token in tokens)  # 32 random bytes


def test_too_many_fetches_of_one_address_get_a_429(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "calendar_feed": "3/1h/key,100/1h/ip",
    }
    path = calendar_address(UserFactory())
    other = calendar_address(UserFactory())

    assert [client.get(path).status_code for _ in range(4)] == [200, 200, 200, 429]
    limited = client.get(path)
    assert limited["Retry-After"] == "600"
    assert limited["Cache-Control"] == "private, no-store"
    assert client.get(other).status_code == 200


def test_guessing_from_one_client_gets_a_429(settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "calendar_feed": "60/1h/key,3/1h/ip",
    }
    guesser, someone_else = (
        Client(REMOTE_ADDR="203.0.113.9"),
        Client(REMOTE_ADDR="198.51.100.7"),
    )

    statuses = [guesser.get(f"/calendar/guess{n}.ics").status_code for n in range(4)]

    assert statuses == [404, 404, 404, 429]
    assert someone_else.get(calendar_address(UserFactory())).status_code == 200


def test_the_request_log_never_prints_an_address(client, caplog, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "calendar_feed": "1/1h/key,100/1h/ip",
    }
    person, someone = UserFactory(), UserFactory()
    path = calendar_address(person)
    revoked = calendar_address(someone)
    calendar_feed_turn_off(person=someone)

    with caplog.at_level(logging.DEBUG):
        statuses = [client.get(p).status_code for p in (path, path, revoked)]

    assert statuses == [200, 429, 404]
    assert token_of(path) not in caplog.text
    assert token_of(revoked) not in caplog.text


def test_only_get_and_head(client):
    path = calendar_address(UserFactory())

    assert client.head(path).status_code == 200
    assert client.post(path).status_code == 405


def test_unlinking_turns_off_both_partners_addresses_and_nobody_elses(client, library):
    alex, sam, someone = UserFactory(), UserFactory(), UserFactory()
    link_partners(alex, sam)
    alexs, sams, theirs = (calendar_address(p) for p in (alex, sam, someone))

    couple_end_for_user(user=sam)

    assert client.get(alexs).status_code == 404
    assert client.get(sams).status_code == 404
    assert client.get(theirs).status_code == 200
    assert client.get(calendar_address(alex)).status_code == 200
