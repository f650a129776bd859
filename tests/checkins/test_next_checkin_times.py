"""When the next check-in opens, as each partner is shown it: on their own clock first, then on
the partner's ("Sunday 19:00 for you · Sunday 13:00 for Sam"), whoever set the schedule and
across the weeks in which only one of their zones has changed its clocks."""

import re
from datetime import UTC, datetime, time

import pytest
import time_machine

from accounts.models import Profile
from checkins.selectors import schedule_for_person
from checkins.services import round_ensure_at
from tests.accounts.helpers import log_in
from tests.checkins.helpers import set_schedule as set_new_schedule
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = ("/partner/", "/checkin/", "/checkin/schedule/")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def set_schedule(person, **fields):
    """A schedule that has had a check-in before (in January), so that /checkin/ shows when the
    next one opens rather than opening a new schedule's first check-in at once."""
    schedule = set_new_schedule(person, **fields)
    round_ensure_at(schedule, utc(2026, 1, 4, 18))
    return schedule


@pytest.fixture
def berlin_and_new_york(couple):
    alex, sam = couple
    Profile.objects.filter(user=alex).update(time_zone="Europe/Berlin", display_name="Alex")
    Profile.objects.filter(user=sam).update(time_zone="America/New_York", display_name="Sam")
    alex.refresh_from_db()
    sam.refresh_from_db()
    return alex, sam


def next_lines(client, person) -> dict[str, str]:
    """Each page's words on the next check-in, tags and spacing flattened, as `person` sees
    them."""
    client.post("/accounts/logout/")
    log_in(client, person.email)
    found = {}
    for path in PAGES:
        html = client.get(path).content.decode()
        match = re.search(r"(?:Next:|The next one opens on) (<strong>.*?)\.(?:<|\s)", html, re.S)
        assert match, (path, html)
        found[path] = re.sub(r"\s+", " ", re.sub(r"</?strong>", "", match.group(1)))
        for zone_name in ("Berlin", "New_York", "New York", "Europe/", "America/"):
            assert zone_name not in html, (path, zone_name)
    return found


@pytest.mark.parametrize(
    ("now", "berlin", "new_york"),
    [
        # Both on winter time: Sunday 19:00 in Berlin is 13:00 in New York.
        (utc(2026, 2, 27, 12), "Sunday 1 March, 19:00", "Sunday 13:00"),
        # New York's clocks went forward on 8 March at 02:00, Berlin's not until 29 March:
        # that Sunday's check-in is at 14:00 there, though it was 13:00 on Friday.
        (utc(2026, 3, 6, 12), "Sunday 8 March, 19:00", "Sunday 14:00"),
        # Both on summer time again: 13:00.
        (utc(2026, 3, 27, 12), "Sunday 29 March, 19:00", "Sunday 13:00"),
    ],
)
def test_each_partner_sees_their_own_time_first_and_the_others_time_beside_it(
    client, berlin_and_new_york, now, berlin, new_york
):
    alex, sam = berlin_and_new_york
    set_schedule(alex, cadence="weekly", weekday=6, time_of_day=time(19), time_zone="Europe/Berlin")

    with time_machine.travel(now, tick=False):
        alexs = next_lines(client, alex)
        sams = next_lines(client, sam)

    # The same Sunday in both places: Sam's line leads with that date at New York's time.
    sunday, new_york_time = berlin.rsplit(",", 1)[0], new_york.split()[1]
    for path in PAGES:
        assert alexs[path] == f"{berlin} for you · {new_york} for Sam", path
        assert sams[path] == f"{sunday}, {new_york_time} for you · Sunday 19:00 for Alex", path


def test_set_by_the_partner_in_new_york_each_still_sees_their_own_clock_first(
    client, berlin_and_new_york
):
    alex, sam = berlin_and_new_york
    round_ensure_at(schedule_for_person(alex), utc(2026, 1, 4, 18))  # they have checked in before
    with time_machine.travel(utc(2026, 11, 18, 12), tick=False):
        log_in(client, sam.email)
        # Sam sets Saturday 20:00 on their own clock: Sunday 02:00 in Berlin.
        client.post(
            "/checkin/schedule/", {"cadence": "weekly", "weekday": "5", "time_of_day": "20:00"}
        )
        sams = next_lines(client, sam)
        alexs = next_lines(client, alex)

    for path in PAGES:
        assert sams[path] == "Saturday 21 November, 20:00 for you · Sunday 02:00 for Alex", path
        assert alexs[path] == "Sunday 22 November, 02:00 for you · Saturday 20:00 for Sam", path


def test_alone_the_next_check_in_is_in_ones_own_time_and_names_nobody(client, library):
    person = UserFactory()
    Profile.objects.filter(user=person).update(time_zone="America/New_York")
    set_schedule(
        person, cadence="weekly", weekday=6, time_of_day=time(19), time_zone="America/New_York"
    )

    with time_machine.travel(utc(2026, 3, 6, 12), tick=False):
        log_in(client, person.email)
        html = client.get("/checkin/").content.decode()

    assert "The next one opens on <strong>Sunday 8 March, 19:00</strong> your time." in html
    assert "for you" not in html


def test_after_unlinking_the_former_partners_time_is_gone(client, berlin_and_new_york):
    alex, sam = berlin_and_new_york
    log_in(client, alex.email)
    from couples.services import couple_end_for_user

    couple_end_for_user(user=sam)

    for path in PAGES:
        html = client.get(path).content.decode()
        assert "for Sam" not in html and "for you ·" not in html, path
