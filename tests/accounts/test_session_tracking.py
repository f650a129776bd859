"""allauth's sessions page still learns where a person is signed in, without a write on every
request (accounts.middleware.ThrottledUserSessionsMiddleware)."""

import pytest
import time_machine
from allauth.usersessions.models import UserSession
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_session_is_recorded_then_refreshed_at_most_once_a_minute(client):
    user = UserFactory()
    client.force_login(user)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get("/account/signed-in/")
    (session,) = UserSession.objects.filter(user=user)
    first_seen = session.last_seen_at

    with time_machine.travel(start + timezone.timedelta(seconds=30), tick=False):
        client.get("/account/signed-in/")
    session.refresh_from_db()
    assert session.last_seen_at == first_seen


def test_a_new_browser_on_the_same_session_is_recorded_at_once(client):
    user = UserFactory()
    client.force_login(user)
    client.get("/account/signed-in/", HTTP_USER_AGENT="Browser A")
    client.get("/account/signed-in/", HTTP_USER_AGENT="Browser B")

    assert UserSession.objects.get(user=user).user_agent == "Browser B"


def test_the_signed_in_page_says_only_that(client):
    user = UserFactory(email="someone@example.com")
    client.force_login(user)

    response = client.get("/account/signed-in/")

    assert response.status_code == 200
    assert b"You are signed in." in response.content
    assert b"someone" not in response.content


def test_a_signed_in_request_reads_the_session_then_the_person_with_their_profile_only(
    client, django_assert_num_queries
):
    client.force_login(UserFactory())
    client.get("/account/signed-in/")  # records the session

    with django_assert_num_queries(2):
        client.get("/account/signed-in/")


@pytest.mark.parametrize(
    "backend",
    [
        "allauth.account.auth_backends.AuthenticationBackend",
        "django.contrib.auth.backends.ModelBackend",
    ],
)
def test_a_session_begun_before_the_profile_joining_backends_stays_signed_in(client, backend):
    client.force_login(UserFactory(), backend=backend)

    response = client.get("/account/signed-in/")

    assert b"You are signed in." in response.content
