"""The one Redis that is both cache and broker goes away (stopped, or frozen so that sockets
stay open and nothing answers) while people check in through gunicorn: pages and submits still
answer within 2 s, answers are saved, /healthz/ says degraded, and once Redis is back and a
worker runs, the trends equal a fresh computation."""

import json
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.test import Client

from checkins.models import Answer
from tests.checkins.helpers import form_data, open_round
from tests.jobs.test_trends import from_scratch, snapshot
from tests.jobs.test_worker import celery_process, wait_until
from tests.processes import REDIS_NO_DISK, database_url_of_test_db, free_port
from trends.models import PendingWeekUpdate

pytestmark = [pytest.mark.slow, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ANSWER_WITHIN = 2.0  # seconds, for every page and submit during the outage


class Browser:
    """One signed-in person's cookies against the server under test."""

    def __init__(self, base_url: str, user) -> None:
        client = Client()
        client.force_login(user)  # the session lives in the database, which stays up
        self.base_url = base_url
        self.opener = urllib.request.build_opener(NoRedirect())
        self.cookies = {
            settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value
        }

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, float]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body)
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if data is not None:
            request.add_header("Referer", self.base_url + path)
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=30) as response:
                status, text, headers = response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            status, text, headers = error.code, error.read().decode(), error.headers
        took = time.monotonic() - started
        for header in headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return status, text, took

    def check_in(self, round_, score: int) -> list[tuple[str, int, float]]:
        path = f"/checkin/{round_.code}/"
        status, page, page_took = self.request(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert status == 200 and token, (status, page[:500])
        data = {**form_data(round_, score=score), "csrfmiddlewaretoken": token.group(1)}
        submitted, _, submit_took = self.request(path, data)
        return [("page", status, page_took), ("submit", submitted, submit_took)]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def stack(own_redis, project_dir, subprocess_env, tmp_path):
    """gunicorn with two workers on the test database and the test's own Redis."""
    redis_process, redis_url = own_redis
    port = free_port()
    env = {
        **subprocess_env,
        "DEBUG": "True",
        "DATABASE_URL": database_url_of_test_db(),
        "REDIS_URL": redis_url,
        "NOTE_ENCRYPTION_KEYS": ",".join(settings.NOTE_ENCRYPTION_KEYS),
        "VAR_DIR": str(tmp_path),
        "EMAIL_URL": "consolemail://",
        "PENDING_TRENDS_SWEEP_INTERVAL": "1",
    }
    env.pop("CELERY_BROKER_URL", None)
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "intimacy.wsgi"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "2", "--no-control-socket"),
            "--timeout=30",
        ],
        cwd=project_dir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base_url + "/healthz/", timeout=5).close()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail((tmp_path / "gunicorn.log").read_text())
            time.sleep(0.2)
    try:
        yield {"url": base_url, "redis": redis_process, "redis_url": redis_url, "env": env}
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def health(base_url: str) -> tuple[dict, float]:
    started = time.monotonic()
    with urllib.request.urlopen(base_url + "/healthz/", timeout=30) as response:
        assert response.status == 200
        return json.loads(response.read()), time.monotonic() - started


@pytest.mark.parametrize("fault", ["stopped", "frozen"])
def test_check_ins_during_a_redis_outage_are_saved_and_the_trends_catch_up(
    stack, couple, fault, project_dir, tmp_path
):
    alex, sam = couple
    round_ = open_round(alex)
    alex_browser, sam_browser = Browser(stack["url"], alex), Browser(stack["url"], sam)
    assert [s for _, s, _ in alex_browser.check_in(round_, score=5)] == [200, 302]
    assert health(stack["url"])[0]["status"] == "ok"

    redis_process = stack["redis"]
    port = urllib.parse.urlsplit(stack["redis_url"]).port
    if fault == "frozen":
        redis_process.send_signal(signal.SIGSTOP)
    else:
        redis_process.terminate()
        redis_process.wait()

    # Each person a few times, so that both gunicorn workers meet the outage.
    timings = []
    for score in (2, 1, 3):
        timings += alex_browser.check_in(round_, score=score)
        timings += sam_browser.check_in(round_, score=4)
    for dashboard in ("/trends/", f"/checkin/{round_.code}/"):
        status, _, took = sam_browser.request(dashboard)
        timings.append((dashboard, status, took))
    during, health_took = health(stack["url"])

    assert [status for _, status, _ in timings] == [200, 302] * 6 + [200, 200], timings
    slowest = max(took for _, _, took in timings)
    assert slowest < ANSWER_WITHIN, timings
    assert during | {"beat_last_seen": None} == {
        "status": "degraded",
        "database": "ok",
        "cache": "unavailable",
        "broker": "unavailable",
        "beat_last_seen": None,
    }
    assert health_took < ANSWER_WITHIN
    connection = Answer.objects.filter(dimension__slug="connection", is_pulse=True)
    assert sorted(connection.values_list("person__email", "score")) == [
        (alex.email, 3),
        (sam.email, 4),
    ]
    assert PendingWeekUpdate.objects.exists()  # noted for the catch-up sweep
    assert snapshot() != from_scratch()  # the dashboards are behind for now

    if fault == "frozen":
        redis_process.send_signal(signal.SIGCONT)
        restarted = None
    else:
        restarted = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", *REDIS_NO_DISK],
            stdout=subprocess.DEVNULL,
        )
    try:
        worker_log, beat_log = tmp_path / "worker.log", tmp_path / "beat.log"
        with (
            celery_process(project_dir, stack["env"], "worker", "--pool=solo", log=worker_log),
            celery_process(
                project_dir,
                stack["env"],
                "beat",
                f"--schedule={tmp_path / 'beat-schedule'}",
                log=beat_log,
            ),
        ):
            wait_until(lambda: not PendingWeekUpdate.objects.exists(), worker_log, timeout=90)
            wait_until(lambda: snapshot() == from_scratch(), worker_log, timeout=30)
        # Each web process tries Redis again CACHE_RETRY_AFTER (5 s) after its last failure.
        wait_until(lambda: health(stack["url"])[0]["status"] == "ok", worker_log, timeout=30)
    finally:
        if restarted is not None:
            restarted.terminate()
            restarted.wait()
