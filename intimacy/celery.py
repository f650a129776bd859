"""The Celery app: configured from Django settings (the CELERY_* names), tasks found in each app."""

import logging
import os

from celery import Celery

logger = logging.getLogger(__name__)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intimacy.settings")

app = Celery("intimacy")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


_broker_failure_logged = False


def enqueue_on_commit(task, *args) -> None:
    """Queue `task(*args)` once the current transaction commits, without ever failing the
    request: if the broker is down the work waits for the next sweep or rebuild, and the
    failure is logged once until the broker answers again."""
    from django.db import transaction

    transaction.on_commit(lambda: _send(task, args))


def _send(task, args) -> None:
    global _broker_failure_logged
    try:
        task.apply_async(args=args, retry=False)
    except Exception:
        if not _broker_failure_logged:
            logger.exception("broker unreachable; %s will catch up later", task.name)
            _broker_failure_logged = True
    else:
        _broker_failure_logged = False
