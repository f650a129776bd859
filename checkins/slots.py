"""When a schedule's slots fall, as exact UTC instants. Pure functions, no database.

Slots are a weekday and a wall-clock time in the schedule's zone. On the night clocks spring
forward a slot inside the missing hour is taken at the earlier offset (02:30 becomes 03:30
summer time); on the night they fall back, the first of the two 01:30s. zoneinfo does both.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

# Far enough back to find the latest fortnightly slot from any moment.
SEARCH_DAYS = 15


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def falls_on(*, cadence: str, weekday: int, anchor_date: date, day: date) -> bool:
    if cadence == "daily":
        return True
    if day.weekday() != weekday:
        return False
    if cadence == "fortnightly":
        return ((monday_of(day) - monday_of(anchor_date)).days // 7) % 2 == 0
    return True


def slot_on(schedule, day: date) -> datetime:
    local = datetime.combine(day, schedule.time_of_day, tzinfo=ZoneInfo(schedule.time_zone))
    # Normalising through UTC applies the zone's offset for that date, DST included.
    return local.astimezone(UTC)


def _local_day(schedule, moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(schedule.time_zone)).date()


def _slot_days(schedule, start: date, step: int):
    day = start
    for _ in range(SEARCH_DAYS):
        if falls_on(
            cadence=schedule.cadence,
            weekday=schedule.weekday,
            anchor_date=schedule.anchor_date,
            day=day,
        ):
            yield day
        day += timedelta(days=step)


def window_end(schedule, opens_at: datetime) -> datetime:
    """When a round opening at `opens_at` closes: the same wall-clock time `window_days` later
    in the schedule's zone, so a daily round on the night clocks change closes when the next
    one opens, neither overlapping it nor leaving a gap."""
    local_open = opens_at.astimezone(ZoneInfo(schedule.time_zone))
    return (local_open + timedelta(days=schedule.window_days)).astimezone(UTC)


def latest_slot_at_or_before(schedule, moment: datetime) -> datetime | None:
    for day in _slot_days(schedule, _local_day(schedule, moment), step=-1):
        slot = slot_on(schedule, day)
        if slot <= moment:
            return slot
    return None


def next_slot_after(schedule, moment: datetime) -> datetime:
    for day in _slot_days(schedule, _local_day(schedule, moment), step=1):
        slot = slot_on(schedule, day)
        if slot > moment:
            return slot
    raise AssertionError("every cadence has a slot within two weeks")


def openings_ahead(schedule, rounds, *, now: datetime, count: int) -> list[datetime]:
    """When the next `count` check-ins open, as UTC instants: the round open now first, if
    any, then the slots to come as the rounds task will make them. `rounds` are the schedule's
    rounds that close after `now`; a skipped one is left out, and so is a slot that one of them
    already covers (rounds_ensure makes no round there). Nothing while the schedule is paused
    or its couple has ended."""
    if schedule.is_paused or (schedule.couple_id is not None and not schedule.couple.is_active):
        return []
    rounds = sorted(rounds, key=lambda round_: round_.opens_at)
    openings = [r.opens_at for r in rounds if r.opens_at <= now and not r.is_skipped][-1:]
    by_start = {r.opens_at: r for r in rounds}
    moment = now
    # Each known round can cover a few slots; beyond them every slot is a check-in.
    for _ in range(count + 4 * len(rounds)):
        if len(openings) >= count:
            break
        slot = moment = next_slot_after(schedule, moment)
        known = by_start.get(slot)
        if known is not None:
            if not known.is_skipped:
                openings.append(slot)
            continue
        ends = window_end(schedule, slot)
        if not any(r.opens_at < ends and r.closes_at > slot for r in rounds):
            openings.append(slot)
    return openings[:count]
