"""The Celery app: configured from Django settings (the CELERY_* names), tasks found in each app."""

import logging
import os
import time
from collections.abc import Callable

from celery import Celery, signals

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


def enqueue_on_commit(task, *args, if_not_queued: Callable[[], None] | None = None) -> None:
    """Queue `task(*args)` once the current transaction commits, without ever failing the
    request: if the broker is down, `if_not_queued()` runs instead (to leave a note in the
    database that a sweep picks up), and the failure is logged once until the broker answers.
    """
    from django.db import transaction

    transaction.on_commit(lambda: _send(task, args, if_not_queued))


def broker_recently_failed() -> bool:
    """Whether this process found the broker unreachable in the last BROKER_RETRY_AFTER
    seconds, or, with one Redis as cache and broker, the cache has just found it gone."""
    from django.conf import settings
    from django.core.cache import cache

    if time.monotonic() < _broker_down_until:
        return True
    return settings.CELERY_BROKER_URL == settings.REDIS_URL and getattr(cache, "is_down", False)


def broker_failed() -> None:
    """Not to be tried again by this process for BROKER_RETRY_AFTER seconds."""
    global _broker_down_until
    _broker_down_until = time.monotonic() + BROKER_RETRY_AFTER


def _send(task, args, if_not_queued: Callable[[], None] | None) -> None:
    global _broker_failure_logged
    if not broker_recently_failed():
        try:
            task.apply_async(args=args, retry=False)
        except Exception:
            broker_failed()
            if not _broker_failure_logged:
                logger.exception("broker unreachable; %s will catch up later", task.name)
                _broker_failure_logged = True
        else:
            _broker_failure_logged = False
            return
    if if_not_queued is not None:
        if_not_queued()


@signals.worker_init.connect
@signals.beat_init.connect
def declare_queues_on_the_embedded_broker(**signal_kwargs: object) -> None:
    """Make sure the queues' rows exist before this worker or beat first uses the broker.

    kombu's SQLAlchemy transport creates its tables and a queue's row on first use, and a
    process that loses the race to create the row keeps a broken session for good: every later
    publish fails with PendingRollbackError, and beat then never sends again. `make run` starts
    the worker and beat together on an empty broker, so each declares the queues first, on
    connections of its own that are thrown away, where losing a race costs nothing: the next
    try finds what the winner made. (The web publishes only once someone submits a check-in,
    by when both have done this.)
    """
    from django.conf import settings
    from sqlalchemy.exc import IntegrityError, OperationalError

    if not app.conf.broker_url.startswith(("sqla+", "sqlalchemy+")):
        return
    for queue in {settings.CELERY_TASK_DEFAULT_QUEUE, settings.CELERY_MAIL_QUEUE}:
        for _ in range(3):
            try:
                with app.connection_for_write() as connection:
                    connection.default_channel.queue_declare(queue=queue)
            except (IntegrityError, OperationalError):
                # Another process created the row (IntegrityError) or the tables ("table
                # kombu_queue already exists") first.
                continue
            break
        else:
            logger.warning("could not declare queue %s on the embedded broker", queue)
