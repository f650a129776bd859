"""Sign-up by email with mandatory verification, and no way to learn who has an account."""

import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail

from tests.accounts.helpers import link_in_last_email, log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def sign_up(client, email: str, **extra):
    return client.post(
        "/accounts/signup/",
        {
            "email": email,
            "display_name": "Robin",
            "password1": PASSWORD,
            "password2": PASSWORD,
            **extra,
        },
    )


def test_sign_up_sends_a_verification_link_and_logs_in_only_after_it_is_followed(client):
    response = sign_up(client, "new@example.com")

    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert get_user_model().objects.filter(email="new@example.com").exists()
    assert client.get("/").context["user"].is_anonymous

    confirm_path = link_in_last_email("new@example.com")
    response = client.post(confirm_path)

    assert response.status_code == 302
    assert client.get("/").context["user"].email == "new@example.com"


def test_unverified_account_cannot_log_in_and_gets_a_fresh_link_at_most_every_3_minutes(client):
    with time_machine.travel("2026-11-22 10:00Z", tick=False):
        sign_up(client, "unverified@example.com")
        client.logout()
        mail.outbox.clear()

        response = log_in(client, "unverified@example.com", PASSWORD)

        assert response.url == "/accounts/confirm-email/"
        assert client.get("/").context["user"].is_anonymous
        assert mail.outbox == []

    with time_machine.travel("2026-11-22 10:04Z", tick=False):
        log_in(client, "unverified@example.com", PASSWORD)

        assert client.get("/").context["user"].is_anonymous
        assert mail.outbox[0].to == ["unverified@example.com"]


def test_signing_up_with_a_taken_email_looks_the_same_and_tells_only_the_owner(client):
    UserFactory(email="taken@example.com")

    response = sign_up(client, "taken@example.com")

    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert get_user_model().objects.filter(email__iexact="taken@example.com").count() == 1
    assert mail.outbox[-1].to == ["taken@example.com"]
    assert "already" in mail.outbox[-1].body.lower()


def test_email_is_unique_whatever_its_case(client):
    UserFactory(email="Casey@example.com")

    sign_up(client, "casey@EXAMPLE.com")

    assert get_user_model().objects.filter(email__iexact="casey@example.com").count() == 1


def test_invalid_sign_up_keeps_what_was_typed_and_says_why(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "typed@example.com",
            "display_name": "Typed name",
            "password1": "short",
            "password2": "short",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="typed@example.com"' in html
    assert 'value="Typed name"' in html
    assert "too short" in html
    assert 'aria-invalid="true"' in html
    assert not get_user_model().objects.exists()


def test_sign_up_can_be_closed_by_the_operator(client, settings):
    settings.SIGNUP_OPEN = False

    response = sign_up(client, "closed@example.com")

    assert "closed" in response.content.decode().lower()
    assert not get_user_model().objects.exists()


def test_sign_up_keeps_the_name_and_the_browser_time_zone(client):
    sign_up(client, "zoned@example.com", display_name="Noor", time_zone="Asia/Kolkata")

    profile = get_user_model().objects.get(email="zoned@example.com").profile
    assert profile.display_name == "Noor"
    assert profile.time_zone == "Asia/Kolkata"


def test_an_unknown_time_zone_is_refused_on_the_form_with_what_was_typed(client):
    response = sign_up(client, "odd@example.com", time_zone="Mars/Olympus_Mons")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert 'value="odd@example.com"' in page and 'value="Robin"' in page
    assert not get_user_model().objects.filter(email="odd@example.com").exists()


@pytest.mark.parametrize(
    ("accept_language", "preselected"),
    [
        ("de-AT,de;q=0.9,en;q=0.8", "Europe/Vienna"),
        ("en-US,en;q=0.9", "America/New_York"),
        ("es,es-ES;q=0.9", "Europe/Madrid"),  # the first language naming a region
        ("fr", "UTC"),  # no region: nothing to go by
        ("", "UTC"),
    ],
)
def test_without_javascript_sign_up_asks_for_the_zone_guessed_from_the_language(
    client, accept_language, preselected
):
    html = client.get("/accounts/signup/", headers={"accept-language": accept_language})

    selected = re.search(r'<option value="([^"]+)" selected>', html.content.decode())
    assert selected and selected.group(1) == preselected
    # In the language the same header asks for (tests/accounts/test_language.py).
    label = {"de": "Deine Zeitzone", "es": "Tu zona horaria"}.get(accept_language[:2])
    assert re.search(
        rf'<label for="id_time_zone">{label or "Your time zone"}', html.content.decode()
    )


def test_sign_up_form_asks_for_a_name_and_carries_the_time_zone_field(client):
    html = client.get("/accounts/signup/").content.decode()

    assert 'name="display_name"' in html
    assert '<select name="time_zone"' in html
    assert "data-browser-time-zone" in html
    assert "/static/js/time-zone.js" in html
