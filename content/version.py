"""A token that changes whenever the content library changes, for caches of pages that show
prompts, dimensions or practices (checkins.views, trends.views)."""

import logging
import secrets
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

T = TypeVar("T")

CONTENT_VERSION_KEY = "content:version"


def content_version() -> str:
    """The current token; a new one when the cache has lost it, so nothing stale matches."""
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        cache.add(CONTENT_VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(CONTENT_VERSION_KEY)
    return version


def content_cached(key: str, build: Callable[[], T], *, timeout: int) -> T:
    """What `build()` returns, from the cache while the content library has not changed since
    it was stored (and for `timeout` seconds at most; 0 stores nothing). For things made only
    of content and of rows that never change: a round's prompts, say.

    The version is read before `build()` runs, so an edit committed in between leaves an entry
    under the old version, which the next read ignores. When the cache cannot be reached,
    `build()` answers.
    """
    if timeout <= 0:
        return build()
    cache_key = f"content-cached:{key}"
    try:
        found = cache.get_many([CONTENT_VERSION_KEY, cache_key])
        version = found.get(CONTENT_VERSION_KEY) or content_version()
    except Exception:
        logger.warning("Cache unavailable; reading %s from the database.", key, exc_info=True)
        return build()
    stored = found.get(cache_key)
    if stored is not None and stored[0] == version:
        return stored[1]
    value = build()
    try:
        cache.set(cache_key, (version, value), timeout)
    except Exception:
        logger.warning("Cache unavailable; %s not stored.", key, exc_info=True)
    return value


def content_changed() -> None:
    """Call after any write to the content library, signals or not (QuerySet.update sends
    none). Once the transaction commits: a page rendered before then from the old rows must
    not be stored under the new token."""
    transaction.on_commit(
        lambda: cache.set(CONTENT_VERSION_KEY, secrets.token_hex(8), timeout=None)
    )
