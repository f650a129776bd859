"""Re-queueing work a task will not finish, shared by reminder emails (ReminderLog) and push
deliveries (PushDelivery): both keep a status, a claim time, an attempt count and a last error."""

from django.db import models, transaction
from django.db.models import Q

QUEUE_BATCH = 1000  # rows claimed per statement


def requeue_or_give_up(
    model: type[models.Model],
    *,
    stale: Q,
    max_attempts: int,
    gave_up_error: str,
    queued_stamp: dict,
) -> tuple[list[int], int]:
    """Rows matching `stale` queued again (with `queued_stamp`, their claim cleared), or marked
    failed with `gave_up_error` once they have used `max_attempts`. Rows another sweep holds
    are skipped, not waited for. Returns the re-queued ids (the caller queues their tasks) and
    how many were given up."""
    with transaction.atomic():
        rows = list(
            model.objects.select_for_update(skip_locked=True)
            .filter(stale)
            .values_list("pk", "attempts")[:QUEUE_BATCH]
        )
        given_up = [pk for pk, attempts in rows if attempts >= max_attempts]
        ids = [pk for pk, attempts in rows if attempts < max_attempts]
        model.objects.filter(pk__in=given_up).update(
            status=model.Status.FAILED, last_error=gave_up_error
        )
        model.objects.filter(pk__in=ids).update(
            status=model.Status.QUEUED, claimed_at=None, **queued_stamp
        )
    return ids, len(given_up)
