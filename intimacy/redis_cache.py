"""Django's Redis cache, kept answering while Redis is down or frozen.

The cache holds rate-limit counts, session "last seen" marks, used two-factor codes and
rendered pages: nothing whose loss for a while is worth a page that fails. A call that fails,
or waits longer than the socket timeout, is answered by a cache in this process's memory
instead, and for RETRY_AFTER seconds every call goes there without trying Redis, so that a
frozen server costs one timeout per process, not one per call. What the outage wrote there is
dropped when Redis answers again. Limits then count in each process on its own: the usual
limit per process, never none (docs/decisions.md says what that allows).
"""

import itertools
import logging
import threading
import time
from typing import Any

import redis
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

DEFAULT_RETRY_AFTER = 5.0  # seconds
# Enough for every rate-limit count of a busy process during an outage: the fallback evicts
# beyond this, and an evicted count would start again from zero.
FALLBACK_MAX_ENTRIES = 50_000
_fallback_names = itertools.count()


class OutageTolerantRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self.retry_after = float(params.get("RETRY_AFTER", DEFAULT_RETRY_AFTER))
        # Django keeps LocMemCache stores by name for the process: a name of its own each.
        self._local = LocMemCache(
            f"redis-fallback-{next(_fallback_names)}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": self.key_prefix,
                "OPTIONS": {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES},
            },
        )
        self._down_until = 0.0
        self._down = False
        self._state_lock = threading.Lock()

    @property
    def is_down(self) -> bool:
        """Whether calls are being answered from this process's memory right now."""
        return time.monotonic() < self._down_until

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if not self.is_down:
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except (redis.RedisError, OSError) as error:
                self._went_down(error)
            else:
                if self._down:
                    self._came_back()
                return result
        return getattr(self._local, name)(*args, **kwargs)

    def _went_down(self, error: Exception) -> None:
        with self._state_lock:
            self._down_until = time.monotonic() + self.retry_after
            if not self._down:
                self._down = True
                logger.warning(
                    "cache unreachable (%s); using process memory, trying again every %s s",
                    type(error).__name__,
                    self.retry_after,
                )

    def _came_back(self) -> None:
        with self._state_lock:
            if self._down:
                self._down = False
                # Nothing written during this outage may answer in a later one.
                self._local.clear()
                logger.warning("cache reachable again")

    def add(self, *args: Any, **kwargs: Any) -> bool:
        return self._call("add", *args, **kwargs)

    def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("get", *args, **kwargs)

    def set(self, *args: Any, **kwargs: Any) -> None:
        return self._call("set", *args, **kwargs)

    def touch(self, *args: Any, **kwargs: Any) -> bool:
        return self._call("touch", *args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> bool:
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args: Any, **kwargs: Any) -> bool:
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args: Any, **kwargs: Any) -> int:
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args: Any, **kwargs: Any) -> list[str]:
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args: Any, **kwargs: Any) -> None:
        return self._call("delete_many", *args, **kwargs)

    def clear(self) -> None:
        self._local.clear()
        return self._call("clear")

    def ping(self) -> bool:
        """Whether Redis itself answers now (for /healthz/), whatever the fallback state."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except (redis.RedisError, OSError) as error:
            self._went_down(error)
            return False
