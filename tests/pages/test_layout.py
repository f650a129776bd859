"""Every page, allauth's included, is rendered in the site's own accessible layout."""

import re
from html.parser import HTMLParser

import pytest

from tests.accounts.helpers import log_in
from tests.checkins.helpers import open_round, submit
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new passphrase"

PUBLIC_PAGES = [
    "/",
    "/privacy/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]
ACCOUNT_PAGES = [
    "/profile/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/sessions/",
    "/account/data/",
]


class FormAudit(HTMLParser):
    """Collects the inputs a person fills in and the labels that name them."""

    def __init__(self):
        super().__init__()
        self.inputs: list[str] = []
        self.labelled: set[str] = set()
        self.titles: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"input", "select", "textarea"} and attrs.get("type") not in {
            "hidden",
            "submit",
        }:
            self.inputs.append(attrs.get("id", f"<{tag} name={attrs.get('name')} without id>"))
        if tag == "label" and "for" in attrs:
            self.labelled.add(attrs["for"])
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.titles.append(data.strip())

    def handle_endtag(self, tag):
        self._in_title = False


def audit(html: str) -> FormAudit:
    parser = FormAudit()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_use_the_site_layout_and_label_every_input(client, path):
    response = client.get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#main"' in html, "skip link missing"
    assert 'href="/privacy/"' in html, "footer privacy link missing"
    assert "/static/vendor/pico-2.1.1/pico.min.css" in html
    page = audit(html)
    assert set(page.inputs) <= page.labelled, f"unlabelled: {set(page.inputs) - page.labelled}"


@pytest.mark.parametrize("path", ACCOUNT_PAGES)
def test_account_pages_use_the_site_layout_and_label_every_input(client, path):
    log_in(client, UserFactory().email)

    html = client.get(path).content.decode()

    assert 'href="#main"' in html
    assert '<a href="/account/">\u2039 Account</a>' in html, "no way back to the account list"
    page = audit(html)
    assert set(page.inputs) <= page.labelled, f"unlabelled: {set(page.inputs) - page.labelled}"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_page_titles_say_nothing_about_intimacy(client, path):
    title = " ".join(audit(client.get(path).content.decode()).titles).lower()

    assert title.endswith("check-in")
    for word in ("intimacy", "sex", "desire", "couple", "partner", "relationship"):
        assert word not in title


@pytest.mark.parametrize("path", [*ACCOUNT_PAGES, "/account/security/", "/checkin/schedule/"])
def test_the_account_page_lists_every_account_page_in_one_list(client, path):
    log_in(client, UserFactory().email)

    html = client.get("/account/").content.decode()

    assert 'aria-label="Account settings"' in html
    assert f'href="{path}"' in html


def test_navigation_offers_log_out_as_a_form_that_works_without_javascript(client):
    log_in(client, UserFactory().email)

    html = client.get("/").content.decode()

    assert '<form method="post" action="/accounts/logout/"' in html


def test_messages_are_shown_in_the_layout(client):
    log_in(client, UserFactory().email)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    html = client.get(response.url).content.decode()

    assert 'class="messages"' in html
    assert "Your password is changed." in html


def test_signed_in_pages_offer_a_quick_exit_and_public_ones_do_not(client, settings):
    settings.QUICK_EXIT_URL = "https://neutral.example/"
    assert "Quick exit" not in client.get("/").content.decode()

    log_in(client, UserFactory().email)
    html = client.get("/").content.decode()

    assert '<a class="quick-exit" href="https://neutral.example/" rel="noreferrer">' in html
    assert "/static/js/quick-exit.js" in html


def test_a_new_person_is_welcomed_and_someone_who_checked_in_welcomed_back(client, couple):
    alex, _ = couple
    log_in(client, alex.email)
    first = client.get("/").content.decode()
    submit(open_round(alex), alex)

    assert "Welcome, " in first and "Welcome back" not in first
    assert "Welcome back, " in client.get("/").content.decode()


def test_the_admin_index_names_each_app_once(admin_client):
    html = admin_client.get("/admin/").content.decode()

    sections = re.findall(r'class="section"[^>]*>([^<]+)</a>', html)
    assert len(sections) == len(set(sections)), sections
    assert "People" in sections
