"""Reads of calendar feeds: the feed behind an address, a person's own, and its events."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from checkins import slots
from checkins.models import Schedule
from checkins.selectors import schedule_for_person
from couples.models import hash_token

from .models import CalendarFeed

EVENTS = 8


def calendar_feed_for_token(token: str) -> CalendarFeed | None:
    """The feed that is on with this token, with its person's profile; None for any other."""
    return (
        CalendarFeed.objects.select_related("person__profile")
        .filter(token_hash=hash_token(token))
        .first()
    )


def calendar_feed_of(person) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(person=person).first()


@dataclass(frozen=True)
class FeedEvent:
    """One check-in in the feed: when its round opens, and what identifies it."""

    opens_at: datetime
    schedule_id: int


def calendar_feed_events(person, *, now: datetime | None = None) -> list[FeedEvent]:
    """When the person's next EVENTS check-ins open, on the schedule that applies to them now
    (none while it is paused)."""
    now = now or timezone.now()
    try:
        schedule = schedule_for_person(person)
    except Schedule.DoesNotExist:
        return []
    rounds = schedule.rounds.filter(closes_at__gt=now).only("opens_at", "closes_at", "is_skipped")
    return [
        FeedEvent(opens_at=opens_at, schedule_id=schedule.pk)
        for opens_at in slots.openings_ahead(schedule, rounds, now=now, count=EVENTS)
    ]
