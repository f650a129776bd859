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
