"""When a person's reminders for a round fall: pure functions, no database.

The first reminder comes at the schedule's time of day in the person's own zone, on the first
such moment at or after the round opens; the follow-up 24 hours before the round closes. Either
one that falls inside the person's quiet hours waits for their end. A reminder that would come
after the round closes is not sent.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

FOLLOW_UP_BEFORE_CLOSE = timedelta(hours=24)


def _in_quiet_hours(moment: time, start: time, end: time) -> bool:
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end  # the span crosses midnight


def out_of_quiet_hours(due: datetime, zone: ZoneInfo, start: time | None, end: time | None):
    """`due`, or the end of the person's quiet hours if `due` falls inside them."""
    if start is None or end is None:
        return due
    local = due.astimezone(zone)
    if not _in_quiet_hours(local.time(), start, end):
        return due
    end_day = local.date() if local.time() < end else local.date() + timedelta(days=1)
    return datetime.combine(end_day, end, tzinfo=zone).astimezone(due.tzinfo)


def first_reminder_at(*, opens_at: datetime, time_of_day: time, zone: ZoneInfo) -> datetime:
    local_open = opens_at.astimezone(zone)
    candidate = datetime.combine(local_open.date(), time_of_day, tzinfo=zone)
    if candidate < local_open:
        candidate = datetime.combine(
            local_open.date() + timedelta(days=1), time_of_day, tzinfo=zone
        )
    return candidate.astimezone(opens_at.tzinfo)


def due_times(
    *,
    opens_at: datetime,
    closes_at: datetime,
    time_of_day: time,
    zone: ZoneInfo,
    quiet_start: time | None,
    quiet_end: time | None,
) -> dict[str, datetime]:
    """{"opened": when, "follow_up": when}, leaving out any that would come too late."""
    due = {}
    first = out_of_quiet_hours(
        first_reminder_at(opens_at=opens_at, time_of_day=time_of_day, zone=zone),
        zone,
        quiet_start,
        quiet_end,
    )
    if first < closes_at:
        due["opened"] = first
    follow_up = out_of_quiet_hours(closes_at - FOLLOW_UP_BEFORE_CLOSE, zone, quiet_start, quiet_end)
    if "opened" in due and due["opened"] < follow_up < closes_at:
        due["follow_up"] = follow_up
    return due
