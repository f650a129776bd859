from datetime import timedelta

from allauth.account.adapter import get_adapter
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.http import HttpRequest
from django.utils import timezone

from .models import SecurityEvent
from .sessions import session_signed_in_at

USER_AGENT_MAX_LENGTH = SecurityEvent._meta.get_field("user_agent").max_length


def security_event_record(*, request: HttpRequest | None, user, kind: str) -> SecurityEvent:
    """Add an event to the person's own security log, with the address and browser it came
    from (none when it did not come from a request)."""
    return SecurityEvent.objects.create(
        user=user,
        kind=kind,
        ip=get_adapter(request).get_client_ip(request) if request is not None else None,
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
    past_lifetime = _sessions_past_their_lifetime(now)
    for start in range(0, len(past_lifetime), PRUNE_BATCH_SIZE):
        keys = past_lifetime[start : start + PRUNE_BATCH_SIZE]
        sessions += Session.objects.filter(session_key__in=keys).delete()[0]
        UserSession.objects.filter(session_key__in=keys).delete()
    return events, sessions


PRUNE_BATCH_SIZE = 1000


def _sessions_past_their_lifetime(now) -> list[str]:
    """Sessions that end when the browser closes slide their server-side expiry forward on every
    save; their log-in may still be older than SESSION_LIFETIME_DAYS. Only the session data says
    when it began."""
    oldest_allowed = now.timestamp() - settings.SESSION_COOKIE_AGE
    past = []
    for session in Session.objects.filter(expire_date__gte=now).iterator(chunk_size=2000):
        signed_in_at = session_signed_in_at(session.get_decoded())
        if signed_in_at is not None and signed_in_at < oldest_allowed:
            past.append(session.session_key)
    return past
