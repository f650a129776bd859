"""Django's Redis cache backend, with one redis-py client per connection pool.

Django's client builds a new `redis.Redis` for every cache call, and building one (its table of
response callbacks) costs more than the GET it then sends: 0.20 ms against 0.13 ms on the
benchmark machine (docs/performance.md). A page served from the private page cache makes two
such calls, every signed-in request at least one. A `redis.Redis` holds nothing but its pool
and is safe to share between threads, so one per pool serves every call.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write: bool = False):
        # By pool, not by index: with several servers, reads pick one at random each time.
        pool = self._get_connection_pool(write)
        if pool not in self._clients:
            self._clients[pool] = self._client(connection_pool=pool)
        return self._clients[pool]


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
