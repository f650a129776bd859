"""Every main page's tab title names the page once, then the site: never empty, no segment
twice (a page called like the site, "Check-in", is not "Check-in · Check-in")."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tests.accounts.helpers import log_in, reauthenticate
from tests.checkins.helpers import open_round
from tests.pages.test_layout import audit

pytestmark = pytest.mark.django_db

SIGNED_OUT = ["/", "/privacy/", "/about/questions/", "/accounts/login/", "/accounts/signup/"]
SIGNED_IN = [
    "/",
    "/checkin/",
    "/checkin/history/",
    "/checkin/schedule/",
    "/partner/",
    "/partner/unlink/",
    "/trends/",
    "/trends/mine/",
    "/profile/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/sessions/",
    "/account/security/",
    "/account/data/",
    "/account/delete/",
    "/privacy/",
    "/about/questions/",
]


def title_of(client, path: str) -> str:
    # /checkin/ leads to the check-in open now (a first one opens for a new schedule).
    response = client.get(path, follow=True)
    assert response.status_code == 200, (path, response)
    return " ".join(audit(response.content.decode()).titles)


def assert_plain_title(title: str, path: str) -> None:
    segments = title.split(" · ")
    assert all(segment.strip() for segment in segments), (path, title)
    assert len(set(segments)) == len(segments), (path, title)
    assert title == " ".join(title.split()), (path, title)
    assert segments[-1] == "Check-in", (path, title)


def test_signed_out_pages_have_plain_titles(client):
    for path in SIGNED_OUT:
        assert_plain_title(title_of(client, path), path)


def test_signed_in_pages_have_plain_titles(client, couple):
    alex, _ = couple
    log_in(client, alex.email)
    reauthenticate(client)
    titles = {path: title_of(client, path) for path in SIGNED_IN}
    round_ = open_round(alex)
    titles["a check-in"] = title_of(client, f"/checkin/{round_.code}/")

    for path, title in titles.items():
        assert_plain_title(title, path)
    assert titles["/"] == "Check-in"
    assert titles["/checkin/"] == "Check-in"


def test_the_head_links_a_favicon_and_a_touch_icon_that_exist(client):
    html = client.get("/").content.decode()

    for link in (
        '<link rel="icon" href="/static/favicon-32.png" sizes="32x32" type="image/png">',
        '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">',
        '<link rel="apple-touch-icon" href="/static/apple-touch-icon.png">',
    ):
        assert link in html
    for path, size in (("favicon-32.png", 32), ("apple-touch-icon.png", 180)):
        png = Path(finders.find(path)).read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        # IHDR: width and height, big-endian, right after the chunk's length and name.
        assert int.from_bytes(png[16:20]) == int.from_bytes(png[20:24]) == size
