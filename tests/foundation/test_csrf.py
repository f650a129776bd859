"""Every state change is a POST that carries a CSRF token: a page on another site cannot make a
signed-in person's browser check in, unlink, change their email or delete their account.

These tests use clients with enforce_csrf_checks=True (Django's test client skips the check by
default)."""

import pytest
from django.test import Client

from checkins.models import Submission
from content.services import library_load
from couples.selectors import active_couple_for
from tests.authz.test_every_url import all_routes, concrete_path
from tests.checkins.helpers import form_data, open_round
from tests.factories import DEFAULT_PASSWORD, UserFactory, link_partners

pytestmark = pytest.mark.django_db

# A reason for each exemption, or it does not belong here.
CSRF_EXEMPT = {
    # RFC 8058 one-click unsubscribe: mail clients POST without a page or a cookie; the random
    # token in the address is the credential, and all it can do is turn reminders off.
    "reminders/off/<str:token>/",
}


def token(client: Client) -> str:
    for form_page in ("/accounts/login/", "/profile/"):  # any page with a form sets it
        if "csrftoken" not in client.cookies:
            client.get(form_page)
    return client.cookies["csrftoken"].value


def post(client: Client, path: str, data: dict | None = None, **extra):
    return client.post(path, {**(data or {}), "csrfmiddlewaretoken": token(client)}, **extra)


def test_every_url_refuses_a_post_without_a_token():
    person = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)

    accepted = []
    for route in all_routes():
        if route in CSRF_EXEMPT:
            continue
        path = concrete_path(route, {"token": "x", "code": "x", "app_label": "accounts"})
        response = client.post(path, {"anything": "1"})
        if response.status_code != 403:
            accepted.append(f"{path}: {response.status_code}")

    assert not accepted, f"these took a POST without a CSRF token: {accepted}"


def test_a_post_from_another_site_with_a_stolen_cookie_but_no_token_is_refused():
    person = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    token(client)  # the cookie is there, as it would be in the victim's browser

    response = client.post("/account/delete/", {}, HTTP_ORIGIN="https://evil.example")

    assert response.status_code == 403
    assert type(person).objects.filter(pk=person.pk).exists()


def test_people_with_the_token_log_in_check_in_and_unlink_as_usual():
    library_load()
    alex, sam = UserFactory(), UserFactory()
    link_partners(alex, sam)
    round_ = open_round(alex)
    client = Client(enforce_csrf_checks=True)

    logged_in = post(
        client, "/accounts/login/", {"login": alex.email, "password": DEFAULT_PASSWORD}
    )
    assert logged_in.status_code == 302
    checked_in = post(client, f"/checkin/{round_.code}/", form_data(round_, score=4))
    assert checked_in.status_code == 302
    assert Submission.objects.filter(round=round_, person=alex).exists()

    post(client, "/accounts/reauthenticate/", {"password": DEFAULT_PASSWORD})
    post(client, "/partner/unlink/")
    assert active_couple_for(alex) is None


def test_the_unsubscribe_address_is_the_one_exemption_and_still_needs_its_token():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/reminders/off/not-a-real-token/")

    assert response.status_code == 400
