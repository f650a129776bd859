"""With DEBUG off, a missing page, a refused one, a form sent too late and a server error each
answer with their status and a page of the site's own, in plain words, with a way home."""

import pytest
from django.test import Client

from pages.views import server_error
from tests.accounts.helpers import log_in
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.pages.error_urls")]


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def assert_site_page(response, status: int, heading: str) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert "/static/css/site.css" in html and 'href="#main"' in html
    assert 'href="/"' in html
    assert "<title>" in html and "· Check-in</title>" in html
    return html


def test_a_missing_page(client):
    assert_site_page(client.get("/no-such-page/"), 404, "We could not find that page")


def test_a_missing_page_keeps_the_quick_exit_for_someone_logged_in(client):
    log_in(client, UserFactory().email)

    html = assert_site_page(client.get("/no-such-page/"), 404, "We could not find that page")

    assert 'class="quick-exit"' in html


def test_a_refused_page(client):
    assert_site_page(client.get("/test-forbidden/"), 403, "This page is not open to you")


def test_a_form_sent_without_a_valid_token_says_to_reload_and_try_again():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"login": "a@example.com", "password": "x"})

    html = assert_site_page(response, 403, "Please try again")
    assert "reload the page" in html


def test_a_server_error(settings):
    settings.SITE_NAME = "Evening Notes"
    client = Client(raise_request_exception=False)
    log_in(client, UserFactory().email, DEFAULT_PASSWORD)

    response = client.get("/test-broken/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong on our side</h1>" in html
    assert "<title>Something went wrong · Evening Notes</title>" in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert 'href="/"' in html
    assert "a bug" not in html


def test_the_server_error_page_needs_no_database(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
