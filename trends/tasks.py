import logging
from datetime import date

from celery import shared_task

from .services import schedule_id_ranges, trends_rebuild_schedules, trends_update_week

logger = logging.getLogger(__name__)

REBUILD_BATCH = 500  # schedules per task


@shared_task(ignore_result=True, acks_late=True)
def update_week(schedule_id: int, week_start: str) -> None:
    # Idempotent (it recomputes from answers), so a redelivery is harmless: acks_late.
    rows = trends_update_week(schedule_id=schedule_id, week_start=date.fromisoformat(week_start))
    logger.info("trend week updated schedule_id=%s rows=%s", schedule_id, rows)


@shared_task(ignore_result=True, acks_late=True)
def rebuild_batch(first_id: int, last_id: int) -> None:
    rows = trends_rebuild_schedules(first_id=first_id, last_id=last_id)
    logger.info("trends rebuilt schedules=%s-%s rows=%s", first_id, last_id, rows)


@shared_task(ignore_result=True)
def rebuild_all() -> None:
    """Nightly: split every schedule into id ranges, one task each, for any number of workers."""
    for first, last in schedule_id_ranges(REBUILD_BATCH):
        rebuild_batch.delay(first, last)
