"""The feed as iCalendar text: one short event per check-in, named by the person and saying
nothing else (docs/decisions.md, Calendar feed)."""

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from .selectors import FeedEvent

EVENT_LENGTH = timedelta(minutes=15)
# Required by RFC 5545; as bland as the events.
PRODID = "-//Calendar//EN"
# Calendar apps that honour it poll hourly; the rate limit allows far more.
REFRESH = timedelta(hours=1)  # also X-PUBLISHED-TTL below, for the apps that read that one
# UIDs are derived, not stored: the same check-in keeps its UID from one poll to the next.
UID_NAMESPACE = uuid.UUID("6f1c1b1e-4f0e-4d3a-9a55-2b8e0d7c9a41")


def event_uid(*, person_id: int, event: FeedEvent) -> str:
    """Stable for one person's check-in at one moment; says nothing about either."""
    return str(
        uuid.uuid5(UID_NAMESPACE, f"{person_id}:{event.schedule_id}:{event.opens_at.isoformat()}")
    )


def calendar_feed_ical(
    *, person_id: int, time_zone: str, title: str, events: list[FeedEvent], now: datetime
) -> bytes:
    """VCALENDAR text: each event at the person's local time (TZID with its VTIMEZONE)."""
    zone = ZoneInfo(time_zone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # The name a calendar app gives the subscription, else it shows the site's host name.
    calendar.add("x-wr-calname", title)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for item in events:
        event = Event()
        event.add("uid", event_uid(person_id=person_id, event=item))
        event.add("dtstamp", now.astimezone(UTC))
        event.add("dtstart", item.opens_at.astimezone(zone))
        # From the instant, not the wall clock: right even across a change of the clocks.
        event.add("dtend", (item.opens_at + EVENT_LENGTH).astimezone(zone))
        event.add("summary", title)
        # Neither busy in free/busy views nor detailed in calendars shared with others.
        event.add("transp", "TRANSPARENT")
        event.add("class", "PRIVATE")
        calendar.add_component(event)
    if events:
        # The zone's rules only over the events' span: short, and all a calendar app needs.
        calendar.add_missing_timezones(
            first_date=events[0].opens_at.date() - timedelta(days=1),
            last_date=events[-1].opens_at.date() + timedelta(days=2),
        )
    return calendar.to_ical()
