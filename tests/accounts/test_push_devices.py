"""Turning notifications on for a device, seeing which devices get them, and every way they stop:
removing a device, logging it out, ending its session from another device, unlinking, and
deleting the account."""

import json

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client

from accounts.models import Profile, PushDevice
from couples.services import couple_end_for_user
from privacy.selectors import personal_data_export
from tests.accounts.helpers import log_in
from tests.factories import UserFactory
from tests.push_service import Subscriber

pytestmark = pytest.mark.django_db

ADD = "/profile/notifications/add/"
PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
PHONE += "Chrome/126.0 Mobile Safari/537.36"


def subscription(name: str = "phone") -> dict:
    return Subscriber(name=name, endpoint=f"https://push.example.net/send/{name}").as_json()


def add(client, payload, **headers):
    return client.post(ADD, json.dumps(payload), content_type="application/json", headers=headers)


def test_a_device_is_added_from_the_page_and_listed_without_its_keys(client):
    person = UserFactory()
    log_in(client, person.email)

    page = client.get("/profile/notifications/").content.decode()
    response = add(client, subscription(), user_agent=PHONE)

    assert "Turn on notifications on this device" in page
    assert "data-push-button hidden" in page  # shown only by the script, where push works
    assert response.status_code == 201
    device = PushDevice.objects.get(person=person)
    assert device.label == "Chrome on Android"
    assert device.session_key == client.session.session_key
    listing = client.get("/profile/notifications/").content.decode()
    assert "Chrome on Android" in listing
    assert device.endpoint not in listing and device.auth not in listing


def test_the_same_browser_subscribing_twice_is_one_device_and_a_shared_one_changes_hands(client):
    first, second = UserFactory(), UserFactory()
    same = subscription("shared-tablet")
    log_in(client, first.email)
    add(client, same)
    add(client, same)
    assert PushDevice.objects.filter(person=first).count() == 1

    other = Client()
    log_in(other, second.email)
    add(other, same)

    assert not PushDevice.objects.filter(person=first).exists()
    assert PushDevice.objects.filter(person=second).count() == 1


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"endpoint": "not a url", "keys": {"p256dh": "x", "auth": "y"}},
        {"endpoint": "https://push.example.net/a", "keys": {"p256dh": "short", "auth": "y"}},
        {"endpoint": "https://push.example.net/a"},
        ["a", "list"],
    ],
)
def test_a_subscription_that_is_not_one_is_refused_and_nothing_is_kept(client, payload):
    log_in(client, UserFactory().email)

    response = add(client, payload)

    assert response.status_code == 400
    assert "cannot use" in response.json()["error"]
    assert not PushDevice.objects.exists()


def test_a_person_removes_their_own_device_and_no_one_elses(client):
    person, stranger = UserFactory(), UserFactory()
    log_in(client, person.email)
    add(client, subscription("mine"))
    theirs = Client()
    log_in(theirs, stranger.email)
    add(theirs, subscription("theirs"))
    mine = PushDevice.objects.get(person=person)
    other = PushDevice.objects.get(person=stranger)

    assert client.post(f"/profile/notifications/{other.pk}/remove/").status_code == 404
    response = client.post(f"/profile/notifications/{mine.pk}/remove/", follow=True)

    assert not PushDevice.objects.filter(pk=mine.pk).exists()
    assert PushDevice.objects.filter(pk=other.pk).exists()
    assert "will get no more notifications" in response.content.decode()


def test_logging_a_device_out_stops_its_notifications_only(client):
    person = UserFactory()
    phone, laptop = Client(), Client()
    for browser, name in ((phone, "phone"), (laptop, "laptop")):
        log_in(browser, person.email)
        add(browser, subscription(name))

    phone.post("/accounts/logout/")

    assert list(PushDevice.objects.values_list("endpoint", flat=True)) == [
        "https://push.example.net/send/laptop"
    ]


def test_ending_a_session_from_another_device_stops_that_devices_notifications(client):
    person = UserFactory()
    phone, laptop = Client(), Client()
    log_in(phone, person.email)
    add(phone, subscription("phone"))
    log_in(laptop, person.email)

    UserSession.objects.get(session_key=phone.session.session_key).end()

    assert not PushDevice.objects.exists()


def test_unlinking_stops_both_partners_notifications(client, couple):
    alex, sam = couple
    for person, name in ((alex, "alex"), (sam, "sam")):
        browser = Client()
        log_in(browser, person.email)
        add(browser, subscription(name))

    couple_end_for_user(user=sam)

    assert not PushDevice.objects.exists()


def test_the_export_lists_devices_without_their_address_or_keys_and_deletion_removes_them(
    client,
):
    person = UserFactory()
    log_in(client, person.email)
    add(client, subscription(), user_agent=PHONE)
    device = PushDevice.objects.get()

    exported = personal_data_export(person)

    assert exported["notification_devices"] == [
        {"device": "Chrome on Android", "since": device.created_at.isoformat()}
    ]
    text = json.dumps(exported)
    assert device.endpoint not in text and device.p256dh not in text and device.auth not in text
    person.delete()
    assert not PushDevice.objects.exists()


def test_reminder_channels_and_the_notifications_words_are_chosen_on_the_profile(client):
    person = UserFactory()
    log_in(client, person.email)

    client.post(
        "/profile/",
        {
            "display_name": "Robin",
            "time_zone": "UTC",
            "reminders_enabled": "on",
            "reminder_channels": "push",
            "push_text": "reminder",
        },
    )

    profile = Profile.objects.get(user=person)
    assert (profile.reminder_channels, profile.push_text) == ("push", "reminder")


def test_without_keys_the_site_offers_no_notifications(client, settings):
    settings.WEBPUSH_ENABLED = False
    log_in(client, UserFactory().email)

    page = client.get("/profile/notifications/").content.decode()

    assert "reminders come by email" in page
    assert "Turn on notifications" not in page
    assert add(client, subscription()).status_code == 404
    assert not PushDevice.objects.exists()
