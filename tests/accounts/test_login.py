"""Log-in, its rate limit, log-out and the admin's log-in going through allauth."""

import pytest

from tests.accounts.helpers import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_verified_user_logs_in_and_out(client):
    user = UserFactory()

    response = log_in(client, user.email)

    assert response.status_code == 302
    assert client.get("/").context["user"] == user

    client.post("/accounts/logout/")

    assert client.get("/").context["user"].is_anonymous


def test_wrong_password_is_refused_with_a_message(client):
    user = UserFactory()

    response = log_in(client, user.email, "not-the-password")

    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert client.get("/").context["user"].is_anonymous


def test_repeated_failed_log_ins_are_rate_limited_even_with_the_right_password(client):
    user = UserFactory()
    for _ in range(5):
        log_in(client, user.email, "guess")

    response = log_in(client, user.email)

    assert "Too many failed login attempts" in response.content.decode()
    assert client.get("/").context["user"].is_anonymous


def test_admin_log_in_goes_through_allauth(client):
    response = client.get("/admin/login/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_staff_reach_the_admin_after_logging_in_and_others_do_not(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    person = UserFactory()

    log_in(client, person.email)
    assert client.get("/admin/").status_code == 302

    client.post("/accounts/logout/")
    log_in(client, staff.email)
    assert client.get("/admin/").status_code == 200
