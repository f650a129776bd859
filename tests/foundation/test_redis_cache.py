"""The project's Redis cache: Django's, answering from process memory while Redis is out, so
that an outage costs speed and never a page, and rate limits stay limits."""

import signal
import time

import pytest
import redis
from django.core.cache import cache

from intimacy.redis_cache import OutageTolerantRedisCache
from tests.accounts.test_rate_limits import TOO_MANY, attempt
from tests.factories import DEFAULT_PASSWORD, UserFactory

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_cache(redis_url):
    backend = OutageTolerantRedisCache(redis_url, {"KEY_PREFIX": "test-redis-cache"})
    yield backend
    backend.clear()


@pytest.mark.integration
def test_values_round_trip_through_redis(redis_cache, redis_url):
    redis_cache.set("page", b"sealed", 60)
    redis_cache.set_many({"a": 1, "b": 2}, 60)

    assert redis_cache.get_many(["page", "a", "b", "missing"]) == {
        "page": b"sealed",
        "a": 1,
        "b": 2,
    }
    assert redis.Redis.from_url(redis_url).exists(redis_cache.make_key("page"))
    redis_cache.delete("page")
    assert redis_cache.get("page") is None
    assert redis_cache.ping()


def test_with_redis_unreachable_every_call_answers_from_process_memory():
    backend = OutageTolerantRedisCache(DEAD_REDIS, {"KEY_PREFIX": "down"})

    assert backend.add("marker", 1, 60) is True
    assert backend.add("marker", 1, 60) is False
    backend.set("count", 1, 60)
    assert backend.incr("count") == 2
    assert backend.get_many(["count", "marker"]) == {"count": 2, "marker": 1}
    assert backend.is_down
    assert not backend.ping()


@pytest.mark.integration
@pytest.mark.parametrize("fault", ["stopped", "frozen"])
def test_an_outage_costs_one_short_wait_per_process_then_none(own_redis, fault):
    server, url = own_redis
    backend = OutageTolerantRedisCache(
        url,
        {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}, "RETRY_AFTER": 1},
    )
    backend.set("kept", "in redis", 60)
    if fault == "frozen":
        server.send_signal(signal.SIGSTOP)  # the socket stays open; nothing answers
    else:
        server.terminate()
        server.wait()

    started = time.monotonic()
    first = backend.get("kept")
    first_wait = time.monotonic() - started
    started = time.monotonic()
    for _ in range(100):
        backend.add("seen", 1, 60)
    hundred_more = time.monotonic() - started

    assert first is None  # not in this process's memory: a miss, not an error
    assert first_wait < 1.0
    assert hundred_more < 0.1
    if fault == "frozen":
        server.send_signal(signal.SIGCONT)
        time.sleep(1.1)  # RETRY_AFTER
        assert backend.get("kept") == "in redis"  # back to Redis once it answers
        assert not backend.is_down


def test_failed_log_ins_are_still_limited_while_redis_is_down(db, settings, client):
    settings.CACHES = {
        "default": {
            "BACKEND": "intimacy.redis_cache.OutageTolerantRedisCache",
            "LOCATION": DEAD_REDIS,
        }
    }
    owner = UserFactory()
    for _ in range(5):
        attempt(client, owner.email, "a guess", REMOTE_ADDR="203.0.113.66")

    blocked = attempt(client, owner.email, DEFAULT_PASSWORD, REMOTE_ADDR="203.0.113.66")

    assert cache.is_down
    assert TOO_MANY in blocked.content.decode()
    # Someone else, on their own address, still gets in: the outage locks nobody out.
    other = UserFactory()
    assert (
        attempt(client, other.email, DEFAULT_PASSWORD, REMOTE_ADDR="198.51.100.1").status_code
        == 302
    )
