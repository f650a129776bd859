import logging

from celery import shared_task

from .services import rounds_sweep

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def sweep_rounds() -> None:
    open_rounds = rounds_sweep()
    logger.info("rounds swept open=%s", open_rounds)
