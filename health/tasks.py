import logging

from celery import shared_task

from .services import heartbeat_record

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def record_heartbeat(name: str = "beat") -> None:
    heartbeat = heartbeat_record(name=name)
    logger.info("heartbeat recorded name=%s", heartbeat.name)
