import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings

from couples.services import invitation_addresses_forget
from security.services import security_data_prune

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def apply_retention() -> None:
    """Delete what the privacy statement says is kept only for a while."""
    events, sessions = security_data_prune()
    addresses = invitation_addresses_forget(
        older_than=timedelta(days=settings.INVITATION_ADDRESS_RETENTION_DAYS)
    )
    logger.info(
        "retention applied security_events=%d sessions=%d invitation_addresses=%d",
        events,
        sessions,
        addresses,
    )
