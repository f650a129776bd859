"""The calendar feed page: plain forms that work without JavaScript, the address shown once,
a new one or none at any time, and the events' name."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings

from calendars.models import CalendarFeed
from tests.accounts.helpers import log_in
from tests.factories import UserFactory, calendar_address

pytestmark = pytest.mark.django_db

PAGE = "/account/calendar/"


class Controls(HTMLParser):
    """Every form control's id and type, every label's `for`, and whether any script runs."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[tuple[str, str]] = []
        self.labelled: set[str] = set()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"input", "select", "textarea"} and attrs.get("type") != "hidden":
            self.controls.append((attrs.get("id", ""), attrs.get("type", tag)))
        if tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])
        if tag == "form":
            self.forms.append(attrs)


def parse(html: str) -> Controls:
    controls = Controls()
    controls.feed(html)
    return controls


@pytest.fixture
def person(client):
    person = UserFactory()
    log_in(client, person.email)
    return person


def shown_address(html: str) -> str | None:
    match = re.search(r'id="calendar-address">([^<]+)<', html)
    return match.group(1) if match else None


def test_the_account_page_leads_here(client, person):
    html = client.get("/account/").content.decode()

    assert f'href="{PAGE}"' in html
    assert "Calendar feed" in html


def test_visitors_are_sent_to_log_in(client):
    assert client.get(PAGE).url.startswith("/accounts/login/")


def test_every_input_is_labelled_and_every_form_posts_without_javascript(client, person):
    calendar_address(person)
    html = client.get(PAGE).content.decode()

    found = parse(html)
    assert found.controls, html
    assert all(control_id and control_id in found.labelled for control_id, _ in found.controls)
    assert {form.get("method") for form in found.forms} == {"post"}
    assert {form.get("action") for form in found.forms} >= {
        "/account/calendar/",
        "/account/calendar/new/",
        "/account/calendar/off/",
    }


def test_making_an_address_shows_it_once_and_it_works(client, person):
    page = client.get(PAGE).content.decode()
    assert "Make my calendar address" in page
    assert shown_address(page) is None

    response = client.post("/account/calendar/new/", follow=True)

    html = response.content.decode()
    address = shown_address(html)
    assert address.startswith(settings.SITE_URL + "/calendar/")
    assert address.endswith(".ics")
    assert 'href="webcal://' in html
    assert "Your calendar address is ready." in html
    assert client.get(address.removeprefix(settings.SITE_URL)).status_code == 200
    again = client.get(PAGE).content.decode()
    assert shown_address(again) is None
    assert "Make a new address" in again
    assert "Turn off" in again


def test_a_new_address_revokes_the_old_one_from_the_page(client, person):
    first = shown_address(client.post("/account/calendar/new/", follow=True).content.decode())

    html = client.post("/account/calendar/new/", follow=True).content.decode()

    second = shown_address(html)
    assert second != first
    assert "The old one no longer works." in html
    assert client.get(first.removeprefix(settings.SITE_URL)).status_code == 404
    assert client.get(second.removeprefix(settings.SITE_URL)).status_code == 200


def test_turning_it_off_from_the_page(client, person):
    address = shown_address(client.post("/account/calendar/new/", follow=True).content.decode())

    html = client.post("/account/calendar/off/", follow=True).content.decode()

    assert "Your calendar address no longer works." in html
    assert "Make my calendar address" in html
    assert client.get(address.removeprefix(settings.SITE_URL)).status_code == 404


def test_an_address_made_before_turning_it_off_is_not_shown_again(client, person):
    client.post("/account/calendar/new/")  # the cookie with the token is set
    client.post("/account/calendar/off/")

    assert shown_address(client.get(PAGE).content.decode()) is None


def test_the_actions_take_posts_only(client, person):
    assert client.get("/account/calendar/new/").status_code == 405
    assert client.get("/account/calendar/off/").status_code == 405
    assert not CalendarFeed.objects.exists()


def test_the_events_name_is_saved_and_used(client, person):
    path = calendar_address(person)
    assert 'value="Check-in"' in client.get(PAGE).content.decode()

    response = client.post(PAGE, {"title": "  Walk  "})

    assert response.status_code == 302
    assert CalendarFeed.objects.get(person=person).title == "Walk"
    assert b"SUMMARY:Walk\r\n" in client.get(path).content
    assert 'value="Walk"' in client.get(PAGE).content.decode()


@pytest.mark.parametrize(
    ("title", "error"),
    [
        ("", "Give the event a name"),
        ("   ", "Give the event a name"),
        ("x" * 41, "at most 40 characters"),
        ("Tea\nwith Sam", "on one line"),
        ("Tea\u202ewith", "on one line"),
    ],
)
def test_a_wrong_name_is_refused_with_a_message_and_kept(client, person, title, error):
    calendar_address(person, title="Tea")

    response = client.post(PAGE, {"title": title})

    assert response.status_code == 400
    assert error in response.content.decode()
    assert CalendarFeed.objects.get(person=person).title == "Tea"
