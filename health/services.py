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
    """Whether the cache server answers now. A cache in process memory always does. A cache
    that has just failed is not asked again: a frozen Redis would hold every probe."""
    from django.core.cache import cache

    if getattr(cache, "is_down", False):
        return False
    ping = getattr(cache, "ping", None)
    return ping() if ping is not None else True


def broker_is_reachable() -> bool:
    """Whether the Celery broker accepts a connection now, within its own short timeouts; not
    asked again for a few seconds after this process found it unreachable."""
    from intimacy.celery import app, broker_failed, broker_recently_failed

    if broker_recently_failed():
        return False
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=1)
            connection.default_channel  # noqa: B018 (opening a channel is the real test)
    except Exception:
        broker_failed()
        return False
    return True
