import logging
from datetime import date

from celery import shared_task

from intimacy.celery import enqueue_on_commit

from .services import (
    schedule_id_ranges,
    trends_note_pending_week,
    trends_rebuild_schedules,
    trends_update_pending_weeks,
    trends_update_week,
)

logger = logging.getLogger(__name__)

REBUILD_BATCH = 500  # schedules per task


def update_week_on_commit(*, schedule_id: int, week_start: date) -> None:
    """Update one schedule's week in a worker once the transaction commits. With the broker
    down, the week is noted for update_pending_weeks instead."""
    enqueue_on_commit(
        update_week,
        schedule_id,
        week_start.isoformat(),
        if_not_queued=lambda: trends_note_pending_week(
            schedule_id=schedule_id, week_start=week_start
        ),
    )


@shared_task(ignore_result=True, acks_late=True)
def update_week(schedule_id: int, week_start: str) -> None:
    # Idempotent (it recomputes from answers), so a redelivery is harmless: acks_late.
    rows = trends_update_week(schedule_id=schedule_id, week_start=date.fromisoformat(week_start))
    logger.info("trend week updated schedule_id=%s rows=%s", schedule_id, rows)


@shared_task(ignore_result=True)
def update_pending_weeks() -> None:
    """Every minute from beat: the weeks whose update could not be queued (broker down)."""
    updated = trends_update_pending_weeks()
    if updated:
        logger.info("trend weeks caught up weeks=%s", updated)


@shared_task(ignore_result=True, acks_late=True)
def rebuild_batch(first_id: int, last_id: int) -> None:
    rows = trends_rebuild_schedules(first_id=first_id, last_id=last_id)
    logger.info("trends rebuilt schedules=%s-%s rows=%s", first_id, last_id, rows)


@shared_task(ignore_result=True)
def rebuild_all() -> None:
    """Nightly: split every schedule into id ranges, one task each, for any number of workers."""
    for first, last in schedule_id_ranges(REBUILD_BATCH):
        rebuild_batch.delay(first, last)
