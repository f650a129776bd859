"""The production build serves: collectstatic, gunicorn with DEBUG off, WhiteNoise, HTTPS rules."""

import gzip
import json
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from cryptography.fernet import Fernet

from tests.processes import database_url_of_test_db, free_port

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

HOST = "checkin.example.org"


def fetch(port: int, path: str, https: bool = True) -> tuple[int, dict, str]:
    status, headers, body = fetch_bytes(port, path, https=https)
    return status, headers, body.decode()


def fetch_bytes(
    port: int, path: str, https: bool = True, **extra_headers: str
) -> tuple[int, dict, bytes]:
    headers = {"Host": HOST, **extra_headers}
    if https:
        headers["X-Forwarded-Proto"] = "https"
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def production_env(project_dir, subprocess_env, tmp_path_factory) -> dict[str, str]:
    """A production environment with its static files collected, once for these tests:
    compressing every file takes collectstatic ten seconds, and they do not change."""
    env = {
        **subprocess_env,
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"https://{HOST}",
        "BEHIND_TLS_PROXY": "True",
        "EMAIL_URL": "smtp://127.0.0.1:25",
        "NOTE_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
        "VAR_DIR": str(tmp_path_factory.mktemp("var")),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=project_dir,
        env=env,
        check=True,
        timeout=120,
    )
    return env


@pytest.fixture
def production_server(project_dir, production_env):
    port = free_port()
    env = {**production_env, "DATABASE_URL": database_url_of_test_db(), "PORT": str(port)}
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "intimacy.wsgi"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket"),
        ],
        cwd=project_dir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            check = subprocess.run(
                [sys.executable, "deploy/healthcheck_web.py"], cwd=project_dir, env=env
            )
            if check.returncode == 0:
                break
            time.sleep(0.3)
        else:
            server.terminate()
            pytest.fail(f"gunicorn never became healthy:\n{server.communicate()[1]}")
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_production_serves_pages_and_hashed_static_files(production_server):
    status, headers, html = fetch(production_server, "/")

    assert status == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    # The name carries a content hash, so browsers may cache it for a year.
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)

    status, headers, plain = fetch_bytes(production_server, stylesheet)
    assert status == 200
    assert "max-age=315360000" in headers["Cache-Control"]
    assert "Content-Encoding" not in headers

    # WhiteNoise serves the gzip file collectstatic wrote beside it to browsers that take it.
    status, headers, gzipped = fetch_bytes(
        production_server, stylesheet, **{"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    assert "max-age=315360000" in headers["Cache-Control"]
    assert len(gzipped) < len(plain) / 2
    assert gzip.decompress(gzipped) == plain


def test_production_serves_the_installable_apps_manifest_icons_and_worker(production_server):
    status, headers, body = fetch(production_server, "/manifest.webmanifest")

    assert status == 200
    assert headers["Content-Type"] == "application/manifest+json"
    icons = json.loads(body)["icons"]
    assert len(icons) == 4
    for icon in icons:
        # WhiteNoise serves the icons under their hashed names.
        assert re.fullmatch(r"/static/[\w/-]+\.[0-9a-f]{12}\.png", icon["src"]), icon["src"]
        status, headers, png = fetch_bytes(production_server, icon["src"])
        assert status == 200, icon["src"]
        assert headers["Content-Type"] == "image/png"
        assert png.startswith(b"\x89PNG")

    status, headers, worker = fetch(production_server, "/sw.js")
    assert status == 200
    assert headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert headers["Cache-Control"] == "no-cache"
    # collectstatic's manifest hash: a deploy that changes the static files changes the worker.
    assert re.search(r"// Static files: [0-9a-f]{12}\n$", worker)

    status, _, html = fetch(production_server, "/offline/")
    assert status == 200
    assert "You are offline" in html
    # The hashed names the worker reads off this page and stores.
    assert re.search(r'href="/static/css/site\.[0-9a-f]{12}\.css"', html)
    assert re.search(r'src="/static/js/service-worker-register\.[0-9a-f]{12}\.js"', html)


def test_production_error_pages_are_the_sites_own(production_server):
    status, _, html = fetch(production_server, "/no-such-page/")

    assert status == 404
    assert "We could not find that page" in html
    # The 500 page links the stylesheet by its plain name (it renders with no storage lookup).
    assert fetch(production_server, "/static/css/site.css")[0] == 200


def test_production_redirects_plain_http_to_https(production_server):
    status, headers, _ = fetch(production_server, "/accounts/login/", https=False)

    assert status == 301
    assert headers["Location"] == f"https://{HOST}/accounts/login/"


def test_production_refuses_unknown_hosts(production_server, project_dir):
    request = urllib.request.Request(
        f"http://127.0.0.1:{production_server}/",
        headers={"Host": "evil.example.com", "X-Forwarded-Proto": "https"},
    )
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=10)

    assert error.value.code == 400
