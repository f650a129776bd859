import logging

from celery import shared_task

from .services import security_data_prune

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def prune() -> None:
    events, sessions = security_data_prune()
    logger.info("security data pruned events=%d sessions=%d", events, sessions)
