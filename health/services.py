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
