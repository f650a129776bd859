import logging

from celery import shared_task

from .services import reminder_send, reminders_plan, reminders_queue_due, reminders_requeue_stale

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def sweep() -> None:
    """Every minute from beat: plan reminders for open rounds, then queue the due ones."""
    planned = reminders_plan()
    queued = reminders_queue_due()
    requeued = reminders_requeue_stale()
    for reminder_id in queued + requeued:
        send.delay(reminder_id)
    logger.info(
        "reminders swept planned=%s queued=%s requeued=%s", planned, len(queued), len(requeued)
    )


# The send claims its row before anything else, so running it twice is harmless: acks_late
# lets a task whose worker died be delivered again.
@shared_task(ignore_result=True, acks_late=True)
def send(reminder_id: int) -> None:
    status = reminder_send(reminder_id)
    logger.info("reminder task reminder_id=%s status=%s", reminder_id, status)
