"""When a person's reminders for a round fall: pure functions, no database.

The first reminder ("ready") comes at the schedule's time of day in the person's own zone, on
the first such moment at or after the round opens (or at once, for a round first seen already
open); the follow-up ("still open") 24 hours before the round closes. Either one that falls
inside the person's quiet hours waits for their end; a person who set none still gets no
follow-up at night (DEFAULT_QUIET_HOURS), since nobody chose its time. A follow-up comes only
if it falls at least half the round's length after "ready", so the two never arrive together,
and no reminder comes after the round closes.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

FOLLOW_UP_BEFORE_CLOSE = timedelta(hours=24)
# Local hours with no follow-up for a person who chose no quiet hours of their own.
DEFAULT_QUIET_HOURS = (time(22, 0), time(8, 0))


def follow_up_quiet_hours(start: time | None, end: time | None) -> tuple[time, time]:
    """The person's quiet hours, or the default night when they chose none."""
    if start is None or end is None:
        return DEFAULT_QUIET_HOURS
    return start, end


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
    not_before: datetime | None = None,
) -> dict[str, datetime]:
    """{"opened": when, "follow_up": when}, leaving out any that would come too late or too
    soon. `not_before` is when the reminders are planned: "ready" cannot go out earlier."""
    due = {}
    first = out_of_quiet_hours(
        first_reminder_at(opens_at=opens_at, time_of_day=time_of_day, zone=zone),
        zone,
        quiet_start,
        quiet_end,
    )
    if not_before is not None:
        first = max(first, not_before)
    if first >= closes_at:
        return due
    due["opened"] = first
    follow_up = out_of_quiet_hours(
        closes_at - FOLLOW_UP_BEFORE_CLOSE, zone, *follow_up_quiet_hours(quiet_start, quiet_end)
    )
    if first + follow_up_gap(opens_at, closes_at) <= follow_up < closes_at:
        due["follow_up"] = follow_up
    return due


def follow_up_gap(opens_at: datetime, closes_at: datetime) -> timedelta:
    """How long "still open" waits after "ready" at least: half the round's length."""
    return (closes_at - opens_at) / 2
