"""The Celery app: configured from Django settings (the CELERY_* names), tasks found in each app."""

import contextlib
import logging
import os
import time
from collections.abc import Callable

from celery import Celery

logger = logging.getLogger(__name__)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intimacy.settings")

app = Celery("intimacy")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


_broker_failure_logged = False
# After a failed publish, this process does not try the broker again for this long: a frozen
# Redis would otherwise cost every request its socket timeout.
BROKER_RETRY_AFTER = 5.0  # seconds
_broker_down_until = 0.0


def enqueue_on_commit(
    task,
    *args,
    coalesce_key: str | None = None,
    if_not_queued: Callable[[], None] | None = None,
) -> None:
    """Queue `task(*args)` once the current transaction commits, without ever failing the
    request: if the broker is down, `if_not_queued()` runs instead (to leave a note in the
    database that a sweep picks up), and the failure is logged once until the broker answers.

    With `coalesce_key`, nothing is queued while a task queued under the same key waits to
    start: for a task that recomputes from the database, and that calls coalesced_task_started
    before it reads, the waiting one will read this commit too. Publishing a task costs more
    than a check-in's queries (docs/performance.md); a double tap, an edit or the partner's
    check-in in the same minutes then shares one.
    """
    from django.db import transaction

    transaction.on_commit(lambda: _send(task, args, coalesce_key, if_not_queued))


def coalesced_task_started(coalesce_key: str) -> None:
    """First thing in a task queued with `coalesce_key`: a commit from now on queues another."""
    from django.core.cache import cache

    # Should the cache fail, the task runs all the same; the mark then lasts until it expires.
    with contextlib.suppress(Exception):
        cache.delete(_coalesce_mark(coalesce_key))


def _coalesce_mark(coalesce_key: str) -> str:
    return f"task-queued:{coalesce_key}"


def _shared_redis_is_down() -> bool:
    """One Redis as cache and broker: when the cache has just found it unreachable, a publish
    would only wait out the same timeout again."""
    from django.conf import settings
    from django.core.cache import cache

    return settings.CELERY_BROKER_URL == settings.REDIS_URL and getattr(cache, "is_down", False)


def _send(task, args, coalesce_key: str | None, if_not_queued: Callable[[], None] | None) -> None:
    global _broker_failure_logged, _broker_down_until
    from django.conf import settings
    from django.core.cache import cache

    if time.monotonic() < _broker_down_until or _shared_redis_is_down():
        if if_not_queued is not None:
            if_not_queued()
        return
    mark = None
    if coalesce_key is not None and settings.TASK_COALESCE_SECONDS > 0:
        mark = _coalesce_mark(coalesce_key)
        try:
            if not cache.add(mark, 1, timeout=settings.TASK_COALESCE_SECONDS):
                return  # one is queued and has not started: it will read this commit
        except Exception:
            mark = None  # the cache is down: queue one regardless
    try:
        task.apply_async(args=args, retry=False)
    except Exception:
        _broker_down_until = time.monotonic() + BROKER_RETRY_AFTER
        if mark is not None:
            # Not queued after all: the next commit must try again, not wait for the mark.
            with contextlib.suppress(Exception):
                cache.delete(mark)
        if not _broker_failure_logged:
            logger.exception("broker unreachable; %s will catch up later", task.name)
            _broker_failure_logged = True
        if if_not_queued is not None:
            if_not_queued()
    else:
        _broker_failure_logged = False
