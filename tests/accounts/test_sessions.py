"""Signed-in devices: a person sees them and ends any of them; log-in gets a fresh session; a
password change signs out every other device; no log-in outlives SESSION_LIFETIME_DAYS."""

from datetime import timedelta

import pytest
import time_machine
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from tests.accounts.helpers import link_in_last_email, log_in, reauthenticate
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "an entirely new passphrase"
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
LINUX_FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


def is_signed_in(client) -> bool:
    return client.get("/profile/").status_code == 200


def test_log_in_starts_a_new_session_and_the_old_key_stops_working(client):
    person = UserFactory()
    session = client.session
    session["before_log_in"] = True
    session.save()
    key_before = session.session_key

    log_in(client, person.email)

    assert client.session.session_key != key_before
    assert not Session.objects.filter(session_key=key_before).exists()


def test_a_password_change_signs_out_every_other_device_but_not_this_one():
    person = UserFactory()
    phone, laptop = Client(), Client()
    log_in(phone, person.email)
    log_in(laptop, person.email)

    laptop.post(
        "/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert is_signed_in(laptop)
    assert not is_signed_in(phone)


def test_a_password_reset_signs_out_every_device():
    person = UserFactory()
    phone, stranger = Client(), Client()
    log_in(phone, person.email)

    stranger.post("/accounts/password/reset/", {"email": person.email})
    form_page = stranger.get(link_in_last_email(person.email), follow=True)
    stranger.post(
        form_page.request["PATH_INFO"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert not is_signed_in(phone)


def test_the_sessions_page_lists_each_device_and_ends_the_others():
    person = UserFactory()
    phone = Client(headers={"user-agent": ANDROID_CHROME})
    laptop = Client(headers={"user-agent": LINUX_FIREFOX})
    log_in(phone, person.email)
    log_in(laptop, person.email)

    page = laptop.get("/accounts/sessions/").content.decode()
    assert "Chrome Mobile on Android" in page
    assert "Firefox on Linux (this device)" in page

    laptop.post("/accounts/sessions/", {})

    assert not is_signed_in(phone)
    assert is_signed_in(laptop)
    assert UserSession.objects.filter(user=person).count() == 1


def test_a_log_in_ends_after_its_lifetime_however_busy_it_is(client):
    person = UserFactory()
    lifetime = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client, person.email)

    # Used every day, and the password entered again (which saves the session): Django's own
    # expiry slides forward each time the session is saved...
    for day in range(1, lifetime.days):
        with time_machine.travel(start + timedelta(days=day), tick=False):
            assert is_signed_in(client), f"signed out early, on day {day}"
            reauthenticate(client)

    # ...but the log-in itself has a fixed end.
    with time_machine.travel(start + lifetime + timedelta(minutes=1), tick=False):
        response = client.get("/profile/")
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")
        assert not is_signed_in(client)


def test_the_lifetime_is_fourteen_days_unless_the_operator_sets_another():
    assert settings.SESSION_LIFETIME_DAYS == 14
    assert settings.SESSION_COOKIE_AGE == 14 * 24 * 60 * 60


def test_one_device_can_be_ended_on_its_own():
    person = UserFactory()
    phone = Client(headers={"user-agent": ANDROID_CHROME})
    tablet, laptop = Client(), Client()
    for device in (phone, tablet, laptop):
        log_in(device, person.email)
    phone_session = UserSession.objects.get(user=person, user_agent=ANDROID_CHROME)

    page = laptop.get("/accounts/sessions/").content.decode()
    assert "Chrome Mobile on Android" in page
    response = laptop.post(f"/account/sessions/{phone_session.pk}/end/")

    assert response.url == "/accounts/sessions/"
    assert not is_signed_in(phone)
    assert is_signed_in(tablet)
    assert is_signed_in(laptop)


def test_nobody_can_end_someone_elses_session():
    person, other = UserFactory(), UserFactory()
    persons_phone, others_phone = Client(), Client()
    log_in(persons_phone, person.email)
    log_in(others_phone, other.email)
    others_session = UserSession.objects.get(user=other)

    response = persons_phone.post(f"/account/sessions/{others_session.pk}/end/")

    assert response.status_code == 404
    assert is_signed_in(others_phone)


def test_ending_this_devices_session_logs_out():
    person = UserFactory()
    phone = Client()
    log_in(phone, person.email)
    own = UserSession.objects.get(user=person)

    phone.post(f"/account/sessions/{own.pk}/end/")

    assert not is_signed_in(phone)


def test_a_remembered_log_in_is_forgotten_by_the_server_when_its_lifetime_ends(client):
    person = UserFactory()
    lifetime = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post(
            "/accounts/login/",
            {"login": person.email, "password": DEFAULT_PASSWORD, "remember": "on"},
        )
        client.get("/profile/")
    with time_machine.travel(start + lifetime - timedelta(days=1), tick=False):
        reauthenticate(client)  # saves the session: Django alone would push its end forward

    session = Session.objects.get(session_key=client.session.session_key)
    assert abs(session.expire_date - (start + lifetime)) < timedelta(seconds=2)
    with time_machine.travel(start + lifetime + timedelta(minutes=1), tick=False):
        other_device = Client()
        log_in(other_device, person.email)
        page = other_device.get("/accounts/sessions/").content.decode()
        # The ended log-in is not listed as signed in.
        assert page.count("(this device)") == 1
        assert UserSession.objects.filter(user=person).count() == 1


def test_a_browser_session_past_its_lifetime_is_deleted_by_the_nightly_prune(client):
    from security.services import security_data_prune

    person = UserFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client, person.email)  # not remembered: ends when the browser closes
    key = client.session.session_key
    with time_machine.travel(start + timedelta(days=13), tick=False):
        reauthenticate(client)  # Django slides this session's server-side end forward

    with time_machine.travel(start + timedelta(days=15), tick=False):
        security_data_prune()

    assert not Session.objects.filter(session_key=key).exists()
    assert not UserSession.objects.filter(session_key=key).exists()


def test_a_session_from_before_the_lifetime_rule_counts_from_its_first_log_in(client):
    person = UserFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client, person.email)
    with time_machine.travel(start + timedelta(days=10), tick=False):
        session = client.session
        del session["signed_in_at"]  # as sessions made before this rule existed...
        session.save()  # ...and last saved on day 10, so Django alone keeps it until day 24

    with time_machine.travel(start + timedelta(days=15), tick=False):
        assert not is_signed_in(client)
