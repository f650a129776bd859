"""The project's Redis cache backend: Django's, with one redis-py client per pool."""

import threading

import pytest
import redis

from intimacy.redis_cache import RedisCache

pytestmark = pytest.mark.integration


@pytest.fixture
def redis_cache(redis_url):
    backend = RedisCache(redis_url, {"KEY_PREFIX": "test-redis-cache"})
    yield backend
    backend.clear()


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


def test_every_call_shares_one_client_threads_included(redis_cache):
    redis_cache.set("warm", 1, 60)
    client = redis_cache._cache.get_client(write=True)
    read = []

    def reader() -> None:
        read.extend(redis_cache.get("warm") for _ in range(20))

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert read == [1] * 80
    assert redis_cache._cache.get_client() is client


def test_reads_spread_over_the_replicas_and_writes_go_to_the_first_server():
    # Three servers (pools are made on first use, so none needs to run): Django writes to the
    # first and reads from one of the others at random.
    backend = RedisCache(
        "redis://primary:6379/0,redis://replica-a:6379/0,redis://replica-b:6379/0", {}
    )
    client = backend._cache

    read_from = {client.get_client().connection_pool.connection_kwargs["host"] for _ in range(60)}
    write_to = {
        client.get_client(write=True).connection_pool.connection_kwargs["host"] for _ in range(5)
    }

    assert read_from == {"replica-a", "replica-b"}
    assert write_to == {"primary"}
