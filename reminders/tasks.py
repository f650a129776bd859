import logging
import math

from celery import shared_task

from intimacy.celery import app

from .push import push_send, pushes_queue_due, queued_for
from .services import (
    QUEUE_BATCH,
    plan_ranges,
    reminder_send,
    reminders_due_count,
    reminders_plan_rounds,
    reminders_queue_due,
    reminders_requeue_stale,
)

logger = logging.getLogger(__name__)

# Reminders per send task: enough to make queueing cheap, few enough that a slow mail server
# keeps a task well inside its time limit.
SEND_BATCH = 25


def _queue_pushes(delivery_ids: list[int]) -> None:
    if not delivery_ids:
        return
    with app.producer_or_acquire() as producer:
        for start in range(0, len(delivery_ids), SEND_BATCH):
            push_batch.apply_async((delivery_ids[start : start + SEND_BATCH],), producer=producer)


def _queue_sends(reminder_ids: list[int]) -> None:
    """One message per SEND_BATCH reminders: publishing a message per reminder took most of a
    100,000-reminder sweep (docs/performance.md), and each send claims its own row anyway."""
    if not reminder_ids:
        return
    with app.producer_or_acquire() as producer:
        for start in range(0, len(reminder_ids), SEND_BATCH):
            send_batch.apply_async((reminder_ids[start : start + SEND_BATCH],), producer=producer)


@shared_task(ignore_result=True)
def sweep() -> None:
    """Every half minute from beat: split the work into batches that any worker can take.

    Open rounds still to plan go out by round id range (each batch plans its rounds and queues
    what is due at once); reminders already planned and now due (follow-ups, the end of quiet
    hours, retries) go out as claim tasks, one per QUEUE_BATCH rows due.
    """
    ranges = plan_ranges()
    for first, last in ranges:
        plan_batch.delay(first, last)
    due = reminders_due_count()
    for _ in range(math.ceil(due / QUEUE_BATCH)):
        queue_batch.delay()
    requeued = reminders_requeue_stale()
    _queue_sends(requeued)
    _queue_pushes(pushes_queue_due())
    logger.info(
        "reminders swept plan_batches=%s due=%s requeued=%s", len(ranges), due, len(requeued)
    )


# Planning a round twice is harmless (its ReminderPlan row decides), so a batch whose worker
# died may run again: acks_late.
@shared_task(ignore_result=True, acks_late=True)
def plan_batch(first_round_id: int, last_round_id: int) -> None:
    planned, queued = reminders_plan_rounds(
        first_id=first_round_id, last_id=last_round_id, queue_due=True
    )
    _queue_sends(queued)
    logger.info(
        "reminders planned rounds=%s-%s planned=%s queued=%s",
        first_round_id,
        last_round_id,
        planned,
        len(queued),
    )


@shared_task(ignore_result=True, acks_late=True)
def queue_batch() -> None:
    """Claim up to QUEUE_BATCH due reminders (SKIP LOCKED: batches running side by side take
    different rows) and queue a send for each."""
    queued = reminders_queue_due()
    _queue_sends(queued)
    logger.info("reminders queued=%s", len(queued))


# The send claims its row before anything else, so running it twice is harmless: acks_late
# lets a task whose worker died be delivered again.
@shared_task(ignore_result=True, acks_late=True)
def send(reminder_id: int) -> None:
    status = reminder_send(reminder_id)
    logger.info("reminder task reminder_id=%s status=%s", reminder_id, status)
    _queue_pushes(queued_for([reminder_id]))


@shared_task(ignore_result=True, acks_late=True)
def send_batch(reminder_ids: list[int]) -> None:
    """Send a few reminders one after the other; each is claimed on its own, so a batch
    delivered again after a worker died sends only what was not sent yet."""
    for reminder_id in reminder_ids:
        status = reminder_send(reminder_id)
        logger.info("reminder task reminder_id=%s status=%s", reminder_id, status)
    # The pushes their claims planned (pushes_queue_due finds any whose message is lost).
    _queue_pushes(queued_for(reminder_ids))


@shared_task(ignore_result=True, acks_late=True)
def push_batch(delivery_ids: list[int]) -> None:
    """Send a few pushes one after the other, each claimed on its own."""
    for delivery_id in delivery_ids:
        status = push_send(delivery_id)
        logger.info("push task push_id=%s status=%s", delivery_id, status)
