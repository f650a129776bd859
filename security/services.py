from datetime import timedelta

from allauth.core.internal.httpkit import get_client_ip
from django.conf import settings
from django.contrib.sessions.models import Session
from django.http import HttpRequest
from django.utils import timezone

from .models import SecurityEvent

USER_AGENT_MAX_LENGTH = SecurityEvent._meta.get_field("user_agent").max_length


def security_event_record(*, request: HttpRequest | None, user, kind: str) -> SecurityEvent:
    """Add an event to the person's own security log, with the address and browser it came
    from (none when it did not come from a request)."""
    return SecurityEvent.objects.create(
        user=user,
        kind=kind,
        ip=get_client_ip(request) if request is not None else None,
        user_agent=(request.headers.get("user-agent", "") if request is not None else "")[
            :USER_AGENT_MAX_LENGTH
        ],
    )


def security_data_prune(*, now=None) -> tuple[int, int]:
    """Delete security events older than the retention period, and sessions past their expiry
    (Django only ignores those). privacy.tasks runs it nightly. Returns how many of each went."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.SECURITY_LOG_RETENTION_DAYS)
    events, _ = SecurityEvent.objects.filter(created_at__lt=cutoff).delete()
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    return events, sessions
