"""HTTP hardening: a strict Content-Security-Policy, no inline script, cleared data on log-out,
__Host- cookies in production."""

import re
import secrets

import pytest

from tests.accounts.helpers import log_in
from tests.factories import UserFactory
from tests.foundation.test_settings import PRODUCTION_ENV, settings_of

pytestmark = pytest.mark.django_db

PAGES = ["/", "/privacy/", "/about/questions/", "/accounts/login/", "/accounts/signup/"]
SIGNED_IN_PAGES = ["/checkin/history/", "/partner/", "/profile/", "/trends/mine/", "/accounts/2fa/"]


def test_every_page_carries_a_strict_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_no_page_has_inline_script(client, library):
    pages = [client.get(path).content.decode() for path in PAGES]
    log_in(client, UserFactory().email)
    pages += [client.get(path).content.decode() for path in SIGNED_IN_PAGES]

    for html in pages:
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, tag


def test_log_out_asks_the_browser_to_clear_everything(client):
    log_in(client, UserFactory().email)

    response = client.post("/accounts/logout/")

    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "Clear-Site-Data" not in client.get("/")


def test_production_cookies_are_host_only_and_secure(project_dir, subprocess_env):
    env = {**subprocess_env, **PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(50)}

    found = settings_of(
        project_dir,
        env,
        "SESSION_COOKIE_NAME",
        "CSRF_COOKIE_NAME",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
    )

    assert found == {
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "CSRF_COOKIE_NAME": "__Host-csrftoken",
        "SESSION_COOKIE_SECURE": "True",
        "CSRF_COOKIE_SECURE": "True",
    }
