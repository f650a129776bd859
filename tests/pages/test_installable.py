"""The installable app (issue 22): a manifest whose name, icon and colours say nothing about
what the site is for."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

# Nothing an installed app shows on a home screen or in the app switcher may name these.
TELLING_WORDS = ("intimacy", "intimate", "partner", "sex", "desire", "couple", "relationship")


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


def test_the_policy_lets_the_manifest_come_from_this_site_only(client):
    assert csp_directives(client.get("/"))["manifest-src"] == "'self'"
