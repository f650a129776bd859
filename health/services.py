from datetime import datetime, timedelta

from django.utils import timezone

from .models import Heartbeat

BEAT_HEARTBEAT = "beat"


def heartbeat_record(*, name: str = BEAT_HEARTBEAT) -> Heartbeat:
    heartbeat, _ = Heartbeat.objects.update_or_create(
        name=name, defaults={"last_seen_at": timezone.now()}
    )
    return heartbeat


def heartbeat_last_seen(*, name: str = BEAT_HEARTBEAT) -> datetime | None:
    return Heartbeat.objects.filter(name=name).values_list("last_seen_at", flat=True).first()


def heartbeat_is_fresh(*, max_age: timedelta, name: str = BEAT_HEARTBEAT) -> bool:
    last_seen = heartbeat_last_seen(name=name)
    return last_seen is not None and timezone.now() - last_seen <= max_age


def cache_is_reachable() -> bool:
    """Whether the cache server answers now. A cache in process memory always does."""
    from django.core.cache import cache

    ping = getattr(cache, "ping", None)
    return ping() if ping is not None else True


def broker_is_reachable() -> bool:
    """Whether the Celery broker accepts a connection now, within its own short timeouts."""
    from intimacy.celery import app

    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=1)
            connection.default_channel  # noqa: B018 (opening a channel is the real test)
    except Exception:
        return False
    return True
