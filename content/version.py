"""A token that changes whenever the content library changes, for caches of pages that show
prompts, dimensions or practices (checkins.views, trends.views)."""

import secrets

from django.core.cache import cache
from django.db import transaction

CONTENT_VERSION_KEY = "content:version"


def content_version() -> str:
    """The current token; a new one when the cache has lost it, so nothing stale matches."""
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        cache.add(CONTENT_VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(CONTENT_VERSION_KEY)
    return version


def content_changed() -> None:
    """Call after any write to the content library, signals or not (QuerySet.update sends
    none). Once the transaction commits: a page rendered before then from the old rows must
    not be stored under the new token."""
    transaction.on_commit(
        lambda: cache.set(CONTENT_VERSION_KEY, secrets.token_hex(8), timeout=None)
    )
