"""Reminders by web push, end to end in process: each device gets one push per reminder, checked
at the receiving end by a push service of our own (tests/push_service.py), discreet, and never
when not wanted."""

import json
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from accounts.models import Profile, PushDevice
from accounts.services import push_device_register
from checkins.services import round_ensure_at
from reminders.models import PushDelivery, ReminderLog
from reminders.tasks import sweep
from tests.checkins.helpers import set_schedule, submit
from tests.push_service import PushService

pytestmark = pytest.mark.django_db

OPENS = datetime(2026, 11, 22, 18, tzinfo=UTC)  # Sunday 19:00 in Berlin


@pytest.fixture
def push_service():
    service = PushService(public_key=settings.VAPID_PUBLIC_KEY, subject=settings.VAPID_SUBJECT)
    yield service
    service.close()


@pytest.fixture
def open_round_for(couple):
    alex, sam = couple
    Profile.objects.filter(user__in=[alex, sam]).update(time_zone="Europe/Berlin")
    schedule = set_schedule(
        alex, cadence="weekly", weekday=6, time_of_day=time(19), time_zone="Europe/Berlin"
    )
    return alex, sam, round_ensure_at(schedule, OPENS)


def register(person, subscriber) -> PushDevice:
    return push_device_register(
        person=person,
        endpoint=subscriber.endpoint,
        p256dh=subscriber.p256dh,
        auth=subscriber.auth,
        label="Firefox on Android",
        session_key="",
    )


def sweep_at(moment: datetime) -> None:
    with time_machine.travel(moment, tick=False):
        sweep()


def test_each_device_gets_one_push_that_a_real_push_service_would_accept(
    open_round_for, push_service
):
    alex, sam, _ = open_round_for
    register(alex, push_service.subscriber("alex-phone"))
    register(alex, push_service.subscriber("alex-laptop"))
    register(sam, push_service.subscriber("sam-phone"))

    for minutes in (1, 2, 3):  # beat comes back: nothing goes twice
        sweep_at(OPENS + timedelta(minutes=minutes))

    assert push_service.refused == []
    assert sorted(r.subscriber for r in push_service.received) == [
        "alex-laptop",
        "alex-phone",
        "sam-phone",
    ]
    for received in push_service.received:
        # Discreet: the site's name, a bland line, and where a tap goes; nothing else.
        assert received.message == {
            "title": settings.SITE_NAME,
            "body": "A check-in is ready",
            "url": "/checkin/",
        }
        assert received.ttl > 0
    # Email stays: the default is both.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([alex.email, sam.email])


def test_the_notification_never_holds_a_name_a_theme_or_an_answer(open_round_for, push_service):
    alex, sam, round_ = open_round_for
    Profile.objects.filter(user=alex).update(display_name="Alexandra", push_text="reminder")
    Profile.objects.filter(user=sam).update(display_name="Samuel")
    with time_machine.travel(OPENS, tick=False):
        submit(round_, sam, score=5, note="a shared note", shared=True)
    register(alex, push_service.subscriber("alex-phone"))

    sweep_at(OPENS + timedelta(minutes=1))

    [received] = push_service.received
    text = json.dumps(received.message).lower()
    assert received.message["body"] == "Reminder"
    for word in (
        "alexandra",
        "samuel",
        "partner",
        "connection",
        "communication",
        "desire",
        "obligation",
        "a shared note",
        round_.code.lower(),
    ):
        assert word not in text


@pytest.mark.parametrize("status", [404, 410])
def test_a_subscription_the_push_service_no_longer_knows_is_removed(
    open_round_for, push_service, status
):
    alex, _, _ = open_round_for
    gone = register(alex, push_service.subscriber("old-phone"))
    register(alex, push_service.subscriber("new-phone"))
    push_service.status_for["old-phone"] = status

    sweep_at(OPENS + timedelta(minutes=1))

    assert not PushDevice.objects.filter(pk=gone.pk).exists()
    assert [r.subscriber for r in push_service.received] == ["new-phone"]
    assert alex.email in [m.to[0] for m in mail.outbox]


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_busy_push_service_is_tried_again_later_and_blocks_nothing_else(
    open_round_for, push_service, status
):
    alex, _, _ = open_round_for
    register(alex, push_service.subscriber("busy"))
    register(alex, push_service.subscriber("fine"))
    push_service.status_for["busy"] = status

    sweep_at(OPENS + timedelta(minutes=1))
    busy = PushDelivery.objects.get(device__endpoint__endswith="/busy")
    assert busy.status == PushDelivery.Status.RETRY
    assert busy.last_error == str(status)
    assert [r.subscriber for r in push_service.received] == ["fine"]
    assert alex.email in [m.to[0] for m in mail.outbox]

    del push_service.status_for["busy"]
    sweep_at(OPENS + timedelta(minutes=1, seconds=30))  # before the retry is due
    assert [r.subscriber for r in push_service.received] == ["fine"]
    sweep_at(OPENS + timedelta(minutes=3))
    assert sorted(r.subscriber for r in push_service.received) == ["busy", "fine"]
    assert PushDelivery.objects.filter(status=PushDelivery.Status.SENT).count() == 2


def test_a_push_service_that_keeps_refusing_is_given_up_after_four_tries(
    open_round_for, push_service
):
    alex, _, _ = open_round_for
    register(alex, push_service.subscriber("broken"))
    push_service.status_for["broken"] = 500

    for minutes in (1, 3, 8, 25, 50):
        sweep_at(OPENS + timedelta(minutes=minutes))

    delivery = PushDelivery.objects.get()
    assert delivery.status == PushDelivery.Status.FAILED
    assert delivery.attempts == 4
    assert push_service.refused == ["broken"] * 4


def test_each_person_chooses_email_notifications_or_both(open_round_for, push_service):
    alex, sam, _ = open_round_for
    Profile.objects.filter(user=alex).update(reminder_channels="push")
    Profile.objects.filter(user=sam).update(reminder_channels="email")
    register(alex, push_service.subscriber("alex-phone"))
    register(sam, push_service.subscriber("sam-phone"))

    sweep_at(OPENS + timedelta(minutes=1))

    assert [r.subscriber for r in push_service.received] == ["alex-phone"]
    assert [m.to[0] for m in mail.outbox] == [sam.email]
    opened = ReminderLog.objects.filter(kind=ReminderLog.Kind.OPENED)
    assert set(opened.values_list("status", flat=True)) == {"sent"}


def test_quiet_hours_hold_back_notifications_too(open_round_for, push_service):
    alex, _, _ = open_round_for
    # 19:00 in Berlin falls inside 18:00 to 21:00.
    Profile.objects.filter(user=alex).update(quiet_hours_start=time(18), quiet_hours_end=time(21))
    register(alex, push_service.subscriber("alex-phone"))

    sweep_at(OPENS + timedelta(minutes=1))
    assert push_service.received == []
    sweep_at(OPENS + timedelta(hours=2, minutes=1))  # 21:01 in Berlin

    assert [r.subscriber for r in push_service.received] == ["alex-phone"]


def test_no_push_once_answered_or_when_reminders_are_off(open_round_for, push_service):
    alex, sam, round_ = open_round_for
    with time_machine.travel(OPENS, tick=False):
        submit(round_, alex, score=3)
    Profile.objects.filter(user=sam).update(reminders_enabled=False)
    register(alex, push_service.subscriber("alex-phone"))
    register(sam, push_service.subscriber("sam-phone"))

    sweep_at(OPENS + timedelta(minutes=1))

    assert push_service.received == []
