"""The calendar feed's events: the next eight check-ins as rounds really open, on each person's
own clock, under the name they chose and with nothing else in them."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.conf import settings
from icalendar import Calendar

from accounts.models import Profile
from checkins.models import Schedule
from checkins.selectors import schedule_for_person
from checkins.services import first_round_open, round_ensure_at, round_skip_next
from content.models import Dimension
from couples.services import couple_end_for_user
from tests.checkins.helpers import set_schedule
from tests.factories import UserFactory, calendar_address

pytestmark = pytest.mark.django_db


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def events_of(client, path: str) -> list:
    response = client.get(path)
    assert response.status_code == 200, response.content
    calendar = Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def local_starts(events) -> list[str]:
    return [event.start.strftime("%a %d %b %H:%M") for event in events]


@pytest.fixture
def berlin_and_new_york(couple):
    """Alex in Berlin, who set the couple's schedule (Sundays at 19:00 Berlin time), and Sam in
    New York. The couple's first check-in, in January, is long closed."""
    alex, sam = couple
    Profile.objects.filter(user=alex).update(time_zone="Europe/Berlin", display_name="Alex")
    Profile.objects.filter(user=sam).update(time_zone="America/New_York", display_name="Sam")
    schedule = set_schedule(
        alex, cadence="weekly", weekday=6, time_of_day=time(19), time_zone="Europe/Berlin"
    )
    round_ensure_at(schedule, utc(2027, 1, 3, 18))
    return alex, sam


def test_each_partner_sees_the_same_eight_check_ins_on_their_own_clock_across_the_clock_changes(
    client, berlin_and_new_york
):
    alex, sam = berlin_and_new_york
    alexs, sams = calendar_address(alex), calendar_address(sam)

    # New York changes its clocks on 14 March 2027, Berlin on 28 March.
    with time_machine.travel(utc(2027, 3, 3, 12), tick=False):
        alex_events, sam_events = events_of(client, alexs), events_of(client, sams)

    assert local_starts(alex_events) == [
        "Sun 07 Mar 19:00",
        "Sun 14 Mar 19:00",
        "Sun 21 Mar 19:00",
        "Sun 28 Mar 19:00",
        "Sun 04 Apr 19:00",
        "Sun 11 Apr 19:00",
        "Sun 18 Apr 19:00",
        "Sun 25 Apr 19:00",
    ]
    assert local_starts(sam_events) == [
        "Sun 07 Mar 13:00",
        "Sun 14 Mar 14:00",
        "Sun 21 Mar 14:00",
        "Sun 28 Mar 13:00",
        "Sun 04 Apr 13:00",
        "Sun 11 Apr 13:00",
        "Sun 18 Apr 13:00",
        "Sun 25 Apr 13:00",
    ]
    # The same instants, and the ones at which the rounds open.
    assert [e.start for e in alex_events] == [e.start for e in sam_events]
    assert alex_events[3].start.astimezone(UTC) == utc(2027, 3, 28, 17)
    assert [str(e.start.tzinfo) for e in alex_events] == ["Europe/Berlin"] * 8
    assert [str(e.start.tzinfo) for e in sam_events] == ["America/New_York"] * 8
    assert all(e.end - e.start == timedelta(minutes=15) for e in alex_events + sam_events)


def test_times_carry_the_persons_zone_with_its_definition(client, berlin_and_new_york):
    _, sam = berlin_and_new_york

    with time_machine.travel(utc(2027, 3, 3, 12), tick=False):
        raw = client.get(calendar_address(sam)).content.decode()

    assert "DTSTART;TZID=America/New_York:20270314T140000\r\n" in raw
    assert "DTEND;TZID=America/New_York:20270314T141500\r\n" in raw
    calendar = Calendar.from_ical(raw)
    assert [tz.tz_name for tz in calendar.timezones] == ["America/New_York"]
    assert not calendar.get_missing_tzids()


def test_someone_on_utc_gets_utc_times(client, library):
    person = UserFactory()
    set_schedule(person, cadence="daily", time_of_day=time(7, 30), time_zone="UTC")
    round_ensure_at(schedule_for_person(person), utc(2027, 1, 3, 7, 30))

    with time_machine.travel(utc(2027, 3, 3, 12), tick=False):
        raw = client.get(calendar_address(person)).content.decode()

    assert "DTSTART:20270304T073000Z\r\n" in raw
    assert "VTIMEZONE" not in raw
    assert len(Calendar.from_ical(raw).walk("VEVENT")) == 8


def test_the_event_says_the_chosen_name_and_nothing_else(client, berlin_and_new_york):
    alex, _ = berlin_and_new_york
    path = calendar_address(alex, title="Tea with A")

    with time_machine.travel(utc(2027, 3, 3, 12), tick=False):
        response = client.get(path)
    raw = response.content.decode()

    events = Calendar.from_ical(raw).walk("VEVENT")
    assert {str(e["SUMMARY"]) for e in events} == {"Tea with A"}
    for event in events:
        assert set(event.keys()) == {
            "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "CLASS", "TRANSP"
        }  # fmt: skip
        assert event["CLASS"] == "PRIVATE"
        assert event["TRANSP"] == "TRANSPARENT"
    lowered = raw.lower()
    for word in [
        "intimacy",
        "check",
        settings.SITE_NAME.lower(),
        "http",
        "mailto",
        "alex",
        "sam",
        "example.com",
        "partner",
        *Dimension.objects.values_list("slug", flat=True),
        *(name.lower() for name in Dimension.objects.values_list("name", flat=True)),
    ]:
        assert word not in lowered, word


def test_uids_are_stable_from_one_poll_to_the_next_and_differ_between_partners(
    client, berlin_and_new_york
):
    alex, sam = berlin_and_new_york
    alexs, sams = calendar_address(alex), calendar_address(sam)

    with time_machine.travel(utc(2027, 3, 3, 12), tick=False):
        before = {e.start: str(e["UID"]) for e in events_of(client, alexs)}
        sams_uids = {str(e["UID"]) for e in events_of(client, sams)}
    with time_machine.travel(utc(2027, 3, 10, 12), tick=False):
        after = {e.start: str(e["UID"]) for e in events_of(client, alexs)}

    shared = set(before) & set(after)
    assert len(shared) == 7
    assert all(before[start] == after[start] for start in shared)
    assert len(set(before.values())) == 8
    assert not sams_uids & set(before.values())


def test_a_paused_schedule_lists_nothing(client, berlin_and_new_york):
    alex, _ = berlin_and_new_york
    Schedule.objects.filter(pk=schedule_for_person(alex).pk).update(is_paused=True)

    with time_machine.travel(utc(2027, 3, 3, 12), tick=False):
        assert events_of(client, calendar_address(alex)) == []


def test_the_round_open_now_comes_first_and_a_skipped_one_is_left_out(client, library):
    person = UserFactory()
    set_schedule(person, cadence="weekly", weekday=6, time_of_day=time(19), time_zone="UTC")
    path = calendar_address(person)

    # Wednesday: the first check-in opens at once, for three days; Sunday's follows.
    with time_machine.travel(utc(2027, 3, 3, 12, 0, 5), tick=False):
        schedule = schedule_for_person(person)
        first_round_open(schedule)
        round_skip_next(schedule=schedule)
        starts = [e.start for e in events_of(client, path)]

    assert starts[:3] == [utc(2027, 3, 3, 12, 0, 5), utc(2027, 3, 14, 19), utc(2027, 3, 21, 19)]
    assert len(starts) == 8


def test_a_slot_inside_the_first_check_in_makes_no_event(client, library):
    person = UserFactory()
    set_schedule(person, cadence="daily", time_of_day=time(19), time_zone="UTC")
    path = calendar_address(person)

    # The first check-in opens at 18:00 for a day: 19:00's slot is inside it.
    with time_machine.travel(utc(2027, 3, 3, 18), tick=False):
        first_round_open(schedule_for_person(person))
        starts = [e.start for e in events_of(client, path)]

    assert starts[:3] == [utc(2027, 3, 3, 18), utc(2027, 3, 4, 19), utc(2027, 3, 5, 19)]


def test_a_feed_follows_the_couples_schedule_while_linked_and_the_journal_after(
    client, berlin_and_new_york
):
    alex, sam = berlin_and_new_york
    set_schedule(sam, is_paused=True)  # the couple's schedule: the journal is not touched
    assert Schedule.objects.get(owner=sam).is_paused is False

    with time_machine.travel(utc(2027, 3, 3, 12), tick=False):
        assert events_of(client, calendar_address(sam)) == []
        couple_end_for_user(user=alex)  # which turns the address off (test_address.py)
        assert len(events_of(client, calendar_address(sam))) == 8
