"""When reminders fall: each partner at the schedule's time in their own zone."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from reminders.timing import due_times

BERLIN, LOS_ANGELES = ZoneInfo("Europe/Berlin"), ZoneInfo("America/Los_Angeles")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def times(opens_at, zone, quiet=(None, None), window=timedelta(days=3)):
    return due_times(
        opens_at=opens_at,
        closes_at=opens_at + window,
        time_of_day=time(19),
        zone=zone,
        quiet_start=quiet[0],
        quiet_end=quiet[1],
    )


def local(moment: datetime, zone) -> str:
    return moment.astimezone(zone).strftime("%a %d %b %H:%M")


def test_berlin_and_los_angeles_partners_are_each_reminded_at_19_local():
    opens_at = utc(2026, 11, 22, 18)  # Sunday 19:00 in Berlin

    berlin, la = times(opens_at, BERLIN), times(opens_at, LOS_ANGELES)

    assert local(berlin["opened"], BERLIN) == "Sun 22 Nov 19:00"
    assert local(la["opened"], LOS_ANGELES) == "Sun 22 Nov 19:00"  # nine hours later
    assert la["opened"] - berlin["opened"] == timedelta(hours=9)


def test_the_follow_up_comes_a_day_before_closing():
    opens_at = utc(2026, 11, 22, 18)

    due = times(opens_at, BERLIN)

    assert due["follow_up"] == opens_at + timedelta(days=2)


@pytest.mark.parametrize(
    ("zone", "opens_at", "expected"),
    [
        # Berlin's clocks go forward on 29 March 2026: 19:00 is 17:00 UTC that day.
        (BERLIN, utc(2026, 3, 29, 17), utc(2026, 3, 29, 17)),
        # Los Angeles changes on 8 March 2026: 19:00 there is 02:00 UTC the next day.
        (LOS_ANGELES, utc(2026, 3, 8, 18), utc(2026, 3, 9, 2)),
        # Autumn: Berlin on 25 October (18:00 UTC), Los Angeles on 1 November (03:00 UTC).
        (BERLIN, utc(2026, 10, 25, 18), utc(2026, 10, 25, 18)),
        (LOS_ANGELES, utc(2026, 11, 1, 18), utc(2026, 11, 2, 3)),
    ],
)
def test_daylight_saving_weeks_keep_19_local(zone, opens_at, expected):
    assert times(opens_at, zone)["opened"] == expected


def test_quiet_hours_move_a_reminder_to_their_end():
    opens_at = utc(2026, 11, 22, 18)

    due = times(opens_at, BERLIN, quiet=(time(18), time(21, 30)))

    assert local(due["opened"], BERLIN) == "Sun 22 Nov 21:30"


def test_quiet_hours_across_midnight_move_a_reminder_to_the_morning():
    opens_at = utc(2026, 11, 22, 18)

    due = times(opens_at, BERLIN, quiet=(time(22), time(8)))
    late = times(opens_at, LOS_ANGELES, quiet=(time(18, 30), time(7)))

    assert local(due["opened"], BERLIN) == "Sun 22 Nov 19:00"  # before 22:00: untouched
    assert local(late["opened"], LOS_ANGELES) == "Mon 23 Nov 07:00"


def test_a_reminder_that_would_come_after_the_close_is_not_sent():
    opens_at = utc(2026, 11, 22, 18)  # 10:00 in Los Angeles; their 19:00 is after a 6-hour window

    due = times(opens_at, LOS_ANGELES, window=timedelta(hours=6))

    assert due == {}


def test_no_follow_up_when_it_would_not_come_after_the_first():
    opens_at = utc(2026, 11, 22, 18)

    due = times(opens_at, BERLIN, window=timedelta(days=1))

    assert "opened" in due and "follow_up" not in due


KOLKATA, TOKYO = ZoneInfo("Asia/Kolkata"), ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        # A day before the close is 23:30 in Kolkata and 03:00 in Tokyo: both wait for 08:00.
        (KOLKATA, "Wed 25 Nov 08:00"),
        (TOKYO, "Wed 25 Nov 08:00"),
        # 13:00 in New York: no reason to move it.
        (ZoneInfo("America/New_York"), "Tue 24 Nov 13:00"),
    ],
)
def test_a_follow_up_never_lands_at_night_for_a_person_without_quiet_hours(zone, expected):
    opens_at = utc(2026, 11, 22, 18)  # the couple's 19:00 in Berlin; closes 72 hours later

    due = times(opens_at, zone)

    assert local(due["follow_up"], zone) == expected


def test_chosen_quiet_hours_replace_the_default_night_for_the_follow_up():
    opens_at = utc(2026, 11, 22, 18)

    due = times(opens_at, TOKYO, quiet=(time(2), time(7, 30)))

    assert local(due["follow_up"], TOKYO) == "Wed 25 Nov 07:30"


def test_the_ready_reminder_keeps_the_time_the_couple_chose_even_late_in_the_evening():
    opens_at = utc(2026, 11, 22, 21, 30)  # 22:30 in Berlin

    due = due_times(
        opens_at=opens_at,
        closes_at=opens_at + timedelta(days=3),
        time_of_day=time(22, 30),
        zone=BERLIN,
        quiet_start=None,
        quiet_end=None,
    )

    assert local(due["opened"], BERLIN) == "Sun 22 Nov 22:30"


def test_on_the_night_clocks_go_back_a_daily_round_sends_no_follow_up_after_ready():
    # A daily round from Saturday 19:00 (summer time) to Sunday 19:00 (winter time) in Berlin:
    # 25 hours, so "a day before the close" is an hour after it opened.
    opens_at = utc(2026, 10, 24, 17)
    closes_at = utc(2026, 10, 25, 18)

    due = due_times(
        opens_at=opens_at,
        closes_at=closes_at,
        time_of_day=time(19),
        zone=BERLIN,
        quiet_start=None,
        quiet_end=None,
    )

    assert list(due) == ["opened"]


def test_still_open_always_waits_half_the_round_after_ready():
    opens_at = utc(2026, 11, 22, 18)
    follow_ups = 0
    for zone in (BERLIN, LOS_ANGELES, KOLKATA, TOKYO):
        for hours_late in range(72):
            due = times_seen(opens_at, zone, opens_at + timedelta(hours=hours_late))
            if "follow_up" in due:
                follow_ups += 1
                assert due["follow_up"] - due["opened"] >= timedelta(hours=36)
    # Seen on time or a few hours late, a 3-day round still has its follow-up.
    assert follow_ups >= 4 * 6


@pytest.mark.parametrize("window", [timedelta(days=1), timedelta(hours=23), timedelta(hours=25)])
def test_a_daily_round_never_has_a_follow_up(window):
    opens_at = utc(2026, 11, 22, 18)
    for zone in (BERLIN, LOS_ANGELES, KOLKATA, TOKYO):
        due = times(opens_at, zone, window=window)
        assert "follow_up" not in due


def test_a_round_first_seen_after_the_follow_up_time_sends_only_ready_at_once():
    opens_at = utc(2026, 11, 22, 18)
    seen = opens_at + timedelta(hours=50)  # after "a day before the close"

    due = times_seen(opens_at, BERLIN, seen)

    assert due == {"opened": seen}


def times_seen(opens_at, zone, seen):
    return due_times(
        opens_at=opens_at,
        closes_at=opens_at + timedelta(days=3),
        time_of_day=time(19),
        zone=zone,
        quiet_start=None,
        quiet_end=None,
        not_before=seen,
    )
