"""The heartbeat shows operators that beat and a worker run; /healthz shows the database answers."""

import pytest
import time_machine
from django.core.management import CommandError, call_command

from health.tasks import record_heartbeat

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database_and_when_beat_last_ran(client):
    assert client.get("/healthz/").json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
        "beat_last_seen": None,
    }

    with time_machine.travel("2026-11-22 10:00Z", tick=False):
        record_heartbeat()

    assert client.get("/healthz/").json()["beat_last_seen"] == "2026-11-22T10:00:00+00:00"


def test_healthz_says_degraded_not_down_when_cache_and_broker_are_unreachable(client, settings):
    from intimacy.celery import app

    dead = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.CACHES = {
        "default": {"BACKEND": "intimacy.redis_cache.OutageTolerantRedisCache", "LOCATION": dead}
    }
    saved = app.conf.broker_url
    app.conf.broker_url = dead
    try:
        response = client.get("/healthz/")
    finally:
        app.conf.broker_url = saved

    assert response.status_code == 200  # the load balancer keeps the web process
    assert response.json() | {"beat_last_seen": None} == {
        "status": "degraded",
        "database": "ok",
        "cache": "unavailable",
        "broker": "unavailable",
        "beat_last_seen": None,
    }


def test_healthz_is_reachable_over_plain_http_when_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz/").status_code == 200
    assert client.get("/").status_code == 301


def test_check_heartbeat_fails_when_the_heartbeat_is_stale_and_passes_when_fresh():
    with pytest.raises(CommandError, match="No heartbeat"):
        call_command("check_heartbeat")

    with time_machine.travel("2026-11-22 10:00Z", tick=False):
        record_heartbeat()
    with time_machine.travel("2026-11-22 10:02Z", tick=False):
        call_command("check_heartbeat", max_age=180)
    with (
        time_machine.travel("2026-11-22 10:04Z", tick=False),
        pytest.raises(CommandError, match="No heartbeat"),
    ):
        call_command("check_heartbeat", max_age=180)
