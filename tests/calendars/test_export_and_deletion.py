"""What the data export says of a calendar feed (never its address), and account deletion
taking the feed with it."""

import json

import pytest

from calendars.models import CalendarFeed
from tests.accounts.helpers import log_in, reauthenticate
from tests.factories import UserFactory, calendar_address

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(client):
    person = UserFactory()
    log_in(client, person.email)
    return person


def test_the_export_says_whether_a_feed_works_and_its_name_never_its_address(client, person):
    path = calendar_address(person, title="Tea")
    reauthenticate(client)

    raw = client.get("/account/data/export/").content.decode()

    assert path.removeprefix("/calendar/").removesuffix(".ics") not in raw
    feed = json.loads(raw)["calendar_feed"]
    assert feed["address_works"] is True
    assert feed["event_name"] == "Tea"
    assert feed["address_made_at"]


def test_the_export_without_a_feed(client, person):
    reauthenticate(client)

    feed = json.loads(client.get("/account/data/export/").content)["calendar_feed"]

    assert feed == {"address_works": False, "address_made_at": None, "event_name": None}


def test_deleting_the_account_removes_the_feed(client, person):
    path = calendar_address(person)
    reauthenticate(client)

    client.post("/account/delete/")

    assert not CalendarFeed.objects.exists()
    assert client.get(path).status_code == 404
