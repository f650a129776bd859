"""The installable app (issue 22): a manifest whose name, icon and colours say nothing about
what the site is for, a service worker served from the root, and a public offline page."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.accounts.helpers import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Nothing an installed app shows on a home screen or in the app switcher may name these.
TELLING_WORDS = ("intimacy", "intimate", "partner", "sex", "desire", "couple", "relationship")
OFFLINE_WORDS = "Your check-in will be here when you are back online."


def png_size(url: str) -> tuple[int, int]:
    png = Path(finders.find(url.removeprefix(settings.STATIC_URL))).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n", url
    # IHDR: width and height, big-endian, right after the chunk's length and name.
    return int.from_bytes(png[16:20]), int.from_bytes(png[20:24])


def light_token(name: str) -> str:
    """A colour token's light value, as static/css/site.css sets it (the first definition)."""
    css = Path(finders.find("css/site.css")).read_text()
    return re.search(rf"{name}:\s*(#[0-9a-f]{{6}})", css).group(1)


def csp_directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


def test_the_manifest_names_the_app_after_the_site_and_opens_it_standalone(client, settings):
    settings.SITE_NAME = "Evening notes"

    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    assert response["Cache-Control"] == "no-cache"
    manifest = json.loads(response.content)
    assert manifest["name"] == manifest["short_name"] == "Evening notes"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == manifest["scope"] == manifest["id"] == "/"
    assert manifest["lang"] == "en"


def test_the_manifests_colours_are_the_pages_own(client):
    manifest = client.get("/manifest.webmanifest").json()

    assert manifest["background_color"] == light_token("--color-bg") == "#faf7f2"
    assert manifest["theme_color"] == light_token("--color-bg")


def test_the_manifests_icons_exist_in_the_sizes_phones_ask_for(client):
    icons = client.get("/manifest.webmanifest").json()["icons"]

    by_purpose = {(icon["sizes"], icon["purpose"]) for icon in icons}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= by_purpose
    assert ("180x180", "any") in by_purpose  # the touch icon iOS takes
    for icon in icons:
        assert icon["type"] == "image/png"
        assert icon["src"].startswith(settings.STATIC_URL), icon
        width, height = (int(side) for side in icon["sizes"].split("x"))
        assert png_size(icon["src"]) == (width, height), icon["src"]


def test_the_manifest_says_nothing_about_what_the_site_is_for(client):
    text = client.get("/manifest.webmanifest").content.decode().lower()

    for word in TELLING_WORDS:
        assert word not in text, word


def test_every_page_links_the_manifest_and_its_colours(client):
    html = client.get("/").content.decode()

    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert '<meta name="apple-mobile-web-app-title" content="Check-in">' in html
    assert (
        '<meta name="theme-color" content="#faf7f2" media="(prefers-color-scheme: light)">' in html
    )
    assert (
        '<script src="/static/js/service-worker-register.js" data-service-worker="/sw.js" defer>'
        in html
    )


def test_the_service_worker_is_served_from_the_root_so_it_may_control_the_whole_site(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    # Browsers look for a new worker on every visit; no copy may stand in for it.
    assert response["Cache-Control"] == "no-cache"
    source = response.content.decode()
    assert source.startswith(Path(finders.find("js/service-worker.js")).read_text())
    # Development's static files carry no hash; production's manifest hash (tests/deploy).
    assert source.endswith("// Static files: development\n")


def test_the_service_worker_knows_where_static_files_and_the_offline_page_are(client):
    source = client.get("/sw.js").content.decode()

    assert f'var STATIC_PREFIX = "{settings.STATIC_URL}";' in source
    assert f'var OFFLINE_URL = "{reverse("offline")}";' in source
    # The stored offline page is the one a signed-out visitor gets.
    assert 'fetch(OFFLINE_URL, { credentials: "omit"' in source


def test_the_policy_lets_the_worker_and_the_manifest_come_from_this_site_only(client):
    for path in ("/", "/sw.js", "/offline/"):
        directives = csp_directives(client.get(path))
        assert directives["worker-src"] == "'self'", path
        assert directives["manifest-src"] == "'self'", path
        assert directives["connect-src"] == "'self'", path
        assert directives["script-src"] == "'self'", path


def test_the_offline_page_is_public_and_plain(client):
    response = client.get("/offline/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>You are offline</h1>" in html
    assert OFFLINE_WORDS in html
    assert "<title>Offline · Check-in</title>" in html
    assert "/static/css/site.css" in html and 'href="#main"' in html
    # Nothing to send and nobody named: no form, no token, no session.
    assert "<form" not in html and "csrfmiddlewaretoken" not in html
    assert not response.cookies


def test_the_offline_page_works_for_someone_signed_in_and_stays_private_to_them(client):
    person = UserFactory(email="robin@example.com")
    log_in(client, person.email)

    response = client.get("/offline/")

    assert response.status_code == 200
    assert OFFLINE_WORDS in response.content.decode()
    # Signed-in answers are never stored (accounts.middleware); the worker asks without cookies.
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["/manifest.webmanifest", "/sw.js", "/offline/"])
def test_the_installable_apps_urls_take_only_get(client, path):
    assert client.post(path).status_code == 405
    assert client.head(path).status_code == 200
