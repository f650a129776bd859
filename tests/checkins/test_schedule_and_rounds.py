"""Schedules and rounds: slots in the schedule's zone, daylight saving, cadences, rotation."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction

from accounts.models import Profile
from checkins import slots
from checkins.models import Round, RoundPrompt, Schedule
from checkins.selectors import schedule_for_person
from checkins.services import (
    round_ensure_at,
    round_skip_next,
    rounds_ensure,
    rounds_sweep,
    schedule_update,
)
from content.models import Prompt
from tests.accounts.helpers import log_in
from tests.checkins.helpers import set_schedule
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def berlin_and_los_angeles(couple):
    alex, sam = couple
    Profile.objects.filter(user=alex).update(time_zone="Europe/Berlin")
    Profile.objects.filter(user=sam).update(time_zone="America/Los_Angeles")
    alex.refresh_from_db()
    sam.refresh_from_db()
    return alex, sam


def test_weekly_slot_keeps_its_local_time_across_the_spring_daylight_saving_change(
    berlin_and_los_angeles,
):
    alex, _ = berlin_and_los_angeles
    schedule = set_schedule(
        alex, cadence="weekly", weekday=6, time_of_day=time(19), time_zone="Europe/Berlin"
    )

    before = slots.latest_slot_at_or_before(schedule, utc(2026, 3, 23, 12))
    on_the_change = slots.latest_slot_at_or_before(schedule, utc(2026, 3, 30, 12))

    # 19:00 in Berlin: 18:00 UTC in winter, 17:00 UTC from the night of 28-29 March.
    assert before == utc(2026, 3, 22, 18)
    assert on_the_change == utc(2026, 3, 29, 17)


def test_a_slot_inside_the_missing_hour_opens_just_after_the_clocks_jump():
    schedule = Schedule(
        cadence="daily",
        weekday=0,
        time_of_day=time(2, 30),
        time_zone="Europe/Berlin",
        anchor_date=date(2026, 3, 23),
    )

    assert slots.slot_on(schedule, date(2026, 3, 29)) == utc(2026, 3, 29, 1, 30)  # 03:30 CEST


def test_a_slot_in_the_repeated_hour_of_autumn_opens_on_the_first_one():
    schedule = Schedule(
        cadence="daily",
        weekday=0,
        time_of_day=time(2, 30),
        time_zone="Europe/Berlin",
        anchor_date=date(2026, 10, 19),
    )

    assert slots.slot_on(schedule, date(2026, 10, 25)) == utc(2026, 10, 25, 0, 30)  # 02:30 CEST


def test_partners_in_different_zones_share_one_round_and_each_sees_it_in_their_own_time(
    client, berlin_and_los_angeles
):
    alex, sam = berlin_and_los_angeles
    set_schedule(alex, cadence="weekly", weekday=6, time_of_day=time(19), time_zone="Europe/Berlin")

    with time_machine.travel(utc(2026, 3, 30, 9), tick=False):
        rounds_sweep()  # beat's job
        log_in(client, alex.email)
        alex_round = client.get("/checkin/").url
        alex_page = client.get(alex_round).content.decode()
        client.post("/accounts/logout/")
        log_in(client, sam.email)
        sam_round = client.get("/checkin/").url
        sam_page = client.get(sam_round).content.decode()

    assert alex_round == sam_round
    assert Round.objects.filter(schedule__couple__isnull=False).count() == 1
    # Opened Sunday 19:00 in Berlin = Sunday 10:00 in Los Angeles; open for three days.
    assert "open until Wednesday 1 April, 19:00" in alex_page
    assert "open until Wednesday 1 April, 10:00" in sam_page


@pytest.mark.parametrize(("cadence", "window"), [("weekly", 3), ("fortnightly", 3), ("daily", 1)])
def test_rounds_stay_open_for_the_cadences_window(couple, cadence, window):
    alex, _ = couple
    schedule = set_schedule(
        alex,
        cadence=cadence,
        weekday=0,
        time_of_day=time(20),
        time_zone="UTC",
        anchor_date=date(2026, 11, 2),
    )
    opened = utc(2026, 11, 16, 20)  # a Monday on the fortnightly rhythm

    with time_machine.travel(opened + timedelta(days=window) - timedelta(minutes=1), tick=False):
        assert rounds_ensure(schedule).opens_at == opened
    with time_machine.travel(opened + timedelta(days=window), tick=False):
        current = rounds_ensure(schedule)
        assert current is None or current.opens_at > opened


def test_fortnightly_rounds_come_every_other_week(couple):
    alex, _ = couple
    schedule = set_schedule(
        alex,
        cadence="fortnightly",
        weekday=0,
        time_of_day=time(20),
        time_zone="UTC",
        anchor_date=date(2026, 11, 2),
    )

    assert slots.next_slot_after(schedule, utc(2026, 11, 3)) == utc(2026, 11, 16, 20)
    assert slots.next_slot_after(schedule, utc(2026, 11, 17)) == utc(2026, 11, 30, 20)


def test_the_same_slot_never_makes_two_rounds(couple):
    alex, _ = couple
    schedule = schedule_for_person(alex)
    slot = utc(2026, 11, 22, 19)

    first = round_ensure_at(schedule, slot)
    again = round_ensure_at(schedule, slot)

    assert first == again
    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.create(
            schedule=schedule, opens_at=slot, closes_at=slot + timedelta(1), week_start=slot.date()
        )


def test_each_round_asks_the_same_pulse_and_a_rotating_reflection_per_dimension(couple):
    alex, _ = couple
    schedule = schedule_for_person(alex)
    schedule.rounds.all().delete()  # those made when the couple linked
    per_dimension = (
        Prompt.objects.askable().filter(dimension__slug="connection", kind="reflection").count()
    )

    asked, pulse = [], set()
    for week in range(per_dimension + 1):
        round_ = round_ensure_at(schedule, utc(2026, 1, 4, 19) + timedelta(weeks=week))
        assert round_.round_prompts.filter(is_pulse=True).count() == 4
        assert round_.round_prompts.filter(is_pulse=False).count() == 4
        connection = round_.round_prompts.filter(dimension__slug="connection")
        asked.append(connection.get(is_pulse=False).prompt_id)
        pulse.add(connection.get(is_pulse=True).prompt.text)

    # Every connection reflection once before any comes back, then the first again; the pulse
    # item never changes.
    assert len(set(asked[:per_dimension])) == per_dimension
    assert asked[per_dimension] == asked[0]
    assert pulse == {"How emotionally close did you feel to your partner?"}


def test_inactive_and_retired_prompts_are_never_asked(couple):
    alex, _ = couple
    Prompt.objects.filter(dimension__slug="desire", kind="reflection").exclude(order=2).update(
        is_active=False
    )

    round_ = round_ensure_at(schedule_for_person(alex), utc(2026, 11, 22, 19))

    assert round_.round_prompts.get(dimension__slug="desire", is_pulse=False).prompt.order == 2


def test_a_paused_schedule_opens_no_new_round(couple):
    alex, _ = couple
    schedule = set_schedule(alex, is_paused=True, cadence="daily", time_zone="UTC")
    made_before = set(schedule.rounds.values_list("pk", flat=True))

    assert rounds_ensure(schedule) is None
    assert rounds_sweep() == 0
    assert set(schedule.rounds.values_list("pk", flat=True)) == made_before


def test_skipping_the_next_round_leaves_no_check_in_when_it_comes(client, couple):
    alex, sam = couple
    schedule = set_schedule(
        alex, cadence="weekly", weekday=0, time_of_day=time(20), time_zone="UTC"
    )
    log_in(client, sam.email)

    with time_machine.travel(utc(2026, 11, 20, 12), tick=False):
        page = client.get("/checkin/schedule/").content.decode()
        assert "Skipping cancels the next check-in for both of you" in page
        response = client.post("/checkin/schedule/skip-next/", follow=True)
        assert "Monday 23 November is skipped for both of you." in response.content.decode()
    with time_machine.travel(utc(2026, 11, 23, 21), tick=False):
        assert "No check-in is open" in client.get("/checkin/").content.decode()
    with time_machine.travel(utc(2026, 11, 30, 21), tick=False):
        rounds_sweep()  # beat's job
        assert client.get("/checkin/").url.startswith("/checkin/")
    assert RoundPrompt.objects.filter(round__schedule=schedule).exists()


def test_either_partner_edits_the_schedule_and_the_other_sees_the_change(client, couple):
    alex, sam = couple
    log_in(client, alex.email)

    response = client.post(
        "/checkin/schedule/",
        {"cadence": "fortnightly", "weekday": "2", "time_of_day": "21:15"},
    )

    assert response.url == "/checkin/schedule/"
    client.post("/accounts/logout/")
    log_in(client, sam.email)
    page = client.get("/partner/").content.decode()
    assert "Every two weeks on Wednesday at 21:15" in page
    # Who changed it is nobody's business: in a controlling relationship, a partner would
    # learn that the other moved or paused their check-ins.
    assert "Last changed by" not in page


def test_a_bad_schedule_is_explained_and_nothing_changes(client, couple):
    alex, _ = couple
    before = schedule_for_person(alex)
    log_in(client, alex.email)

    response = client.post(
        "/checkin/schedule/", {"cadence": "hourly", "weekday": "9", "time_of_day": "25:00"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert "Enter a valid time" in html
    after = Schedule.objects.get(pk=before.pk)
    assert (after.cadence, after.weekday, after.time_of_day) == (
        before.cadence,
        before.weekday,
        before.time_of_day,
    )


def test_a_refused_schedule_does_not_show_its_unsaved_values_as_the_schedule(client, couple):
    # The form's instance was the schedule shown in the summary, and a refused form had
    # already copied its valid fields onto it: the page said "Check-ins are paused" (or
    # "Every day") when nothing had been saved.
    alex, _ = couple
    log_in(client, alex.email)
    saved = client.get("/checkin/schedule/").content.decode()

    response = client.post(
        "/checkin/schedule/",
        {"cadence": "daily", "weekday": "1", "time_of_day": "25:00", "is_paused": "on"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Check-ins are paused." not in html
    summary = re.compile(r'<p class="schedule-summary">.*?</p>', re.S)
    assert summary.search(html).group() == summary.search(saved).group()


def test_changing_the_schedule_drops_rounds_made_ahead_that_nobody_answered(couple):
    alex, _ = couple
    schedule = schedule_for_person(alex)
    with time_machine.travel(utc(2026, 11, 20, 12), tick=False):
        skipped = round_skip_next(schedule=schedule)
        schedule_update(
            schedule=schedule, by=alex, cadence="daily", weekday=0, time_of_day=time(8),
            is_paused=False,
        )  # fmt: skip
    assert not Round.objects.filter(pk=skipped.pk).exists()
    assert not schedule.rounds.filter(opens_at__gt=utc(2026, 11, 21, 8)).exists()


def test_a_person_alone_checks_in_on_a_private_journal(client, library):
    person = UserFactory()
    rounds_ensure(set_schedule(person, cadence="daily", time_of_day=time(0, 0), time_zone="UTC"))
    log_in(client, person.email)

    page = client.get(client.get("/checkin/").url).content.decode()

    assert "Share this answer" not in page
    assert "shared answers" not in page


def test_each_partner_sees_the_next_check_in_in_their_own_time(client, berlin_and_los_angeles):
    alex, sam = berlin_and_los_angeles
    set_schedule(alex, cadence="weekly", weekday=6, time_of_day=time(19), time_zone="Europe/Berlin")

    with time_machine.travel(utc(2026, 3, 27, 12), tick=False):
        log_in(client, alex.email)
        alex_page = client.get("/partner/").content.decode()
        client.post("/accounts/logout/")
        log_in(client, sam.email)
        sam_page = client.get("/partner/").content.decode()

    # Sunday 29 March 19:00 in Berlin (just after its clocks change) is 10:00 in Los Angeles.
    assert "Next: <strong>Sunday 29 March, 19:00</strong> for you · Sunday 10:00 for" in alex_page
    assert "Next: <strong>Sunday 29 March, 10:00</strong> for you · Sunday 19:00 for" in sam_page


def test_changing_the_time_during_an_open_round_makes_no_second_round(client, couple):
    alex, sam = couple
    schedule = set_schedule(
        alex, cadence="weekly", weekday=6, time_of_day=time(19), time_zone="UTC"
    )
    with time_machine.travel(utc(2026, 11, 22, 19, 30), tick=False):
        first = rounds_ensure(schedule)
    with time_machine.travel(utc(2026, 11, 23, 9), tick=False):
        log_in(client, sam.email)
        client.post(
            "/checkin/schedule/", {"cadence": "weekly", "weekday": "6", "time_of_day": "20:00"}
        )
        assert rounds_ensure(schedule_for_person(alex)) == first
    with time_machine.travel(utc(2026, 11, 25, 19, 30), tick=False):  # first closed at 19:00
        assert rounds_ensure(schedule_for_person(alex)) is None

    assert schedule.rounds.count() == 1


def test_daily_rounds_meet_without_overlap_or_gap_when_the_clocks_change(couple):
    alex, _ = couple
    schedule = set_schedule(alex, cadence="daily", time_of_day=time(19), time_zone="Europe/Berlin")

    saturday = round_ensure_at(schedule, utc(2026, 3, 28, 18))  # 19:00 CET
    sunday = round_ensure_at(schedule, utc(2026, 3, 29, 17))  # 19:00 CEST

    assert saturday.closes_at == sunday.opens_at


def test_a_journal_kept_from_before_linking_makes_no_rounds_until_the_link_ends(library):
    from couples.services import couple_end_for_user
    from tests.factories import link_partners

    alex, sam = UserFactory(), UserFactory()
    journal = set_schedule(alex, cadence="daily", time_of_day=time(9, 0), time_zone="UTC")
    link_partners(alex, sam)

    with time_machine.travel(utc(2026, 3, 10, 12), tick=False):
        rounds_sweep()
    assert not Round.objects.filter(schedule=journal).exists()

    couple_end_for_user(user=sam)
    with time_machine.travel(utc(2026, 3, 11, 12), tick=False):
        rounds_sweep()
    assert Round.objects.filter(schedule=journal).exists()


@pytest.mark.parametrize(
    "linked_at",
    [
        utc(2026, 11, 20, 12),  # before the evening's 19:00 slot
        utc(2026, 11, 20, 20),  # after it
    ],
)
def test_linking_opens_the_couples_first_check_in_at_once_and_the_journals_wait(
    library, client, linked_at
):
    from couples.services import invitation_accept, invitation_create

    with time_machine.travel(linked_at, tick=False):
        alex, sam = UserFactory(), UserFactory()
        journals_before = set(Round.objects.values_list("pk", flat=True))
        couple = invitation_accept(token=invitation_create(inviter=alex).token, user=sam)
        log_in(client, sam.email)
        landing = client.get("/checkin/")

    schedule = Schedule.objects.get(couple=couple)
    first = schedule.rounds.order_by("opens_at").first()
    assert first.opens_at == linked_at
    assert landing.url == f"/checkin/{first.code}/"
    # The evening's slot falls inside the first check-in: it makes no second round that day.
    assert not schedule.rounds.filter(opens_at=utc(2026, 11, 20, 19)).exists()
    # The rounds their journals had made for tonight, unanswered, are gone with the link.
    assert not Round.objects.filter(pk__in=journals_before).exists()


def test_a_new_person_checks_in_at_once_without_waiting_for_the_schedule(client, library):
    with time_machine.travel(utc(2026, 11, 20, 9), tick=False):
        person = UserFactory()
        rounds_sweep()  # beat makes the evening's round ahead
        log_in(client, person.email)
        landing = client.get("/checkin/")
        again = client.get("/checkin/")

    journal = Schedule.objects.get(owner=person)
    first = journal.rounds.get(opens_at=utc(2026, 11, 20, 9))
    assert landing.url == again.url == f"/checkin/{first.code}/"
    # The evening's slot, made ahead and inside the first check-in, is gone; the next week's
    # slot comes as usual.
    assert list(journal.rounds.values_list("opens_at", flat=True)) == [first.opens_at]
    with time_machine.travel(utc(2026, 11, 27, 12), tick=False):
        rounds_sweep()
    assert journal.rounds.filter(opens_at=utc(2026, 11, 27, 19)).exists()


def test_a_paused_new_schedule_opens_no_first_check_in(client, library):
    person = UserFactory()
    Schedule.objects.filter(owner=person).update(is_paused=True)
    log_in(client, person.email)

    page = client.get("/checkin/")

    assert page.status_code == 200
    assert not Round.objects.filter(schedule__owner=person).exists()


def test_a_new_account_has_its_journal_in_the_zone_chosen_at_sign_up(client, library):
    with time_machine.travel(utc(2026, 11, 20, 12), tick=False):
        response = client.post(
            "/accounts/signup/",
            {
                "email": "new@example.com",
                "display_name": "New",
                "time_zone": "Asia/Tokyo",
                "password1": "a-long-test-passphrase",
                "password2": "a-long-test-passphrase",
            },
        )

        assert response.status_code == 302
        rounds_sweep()  # beat's job, within five minutes

    journal = Schedule.objects.get(owner__email="new@example.com")
    assert journal.time_zone == "Asia/Tokyo"
    # 12:00 UTC is 21:00 in Tokyo: that evening's 19:00 check-in is open.
    assert journal.rounds.filter(opens_at=utc(2026, 11, 20, 10)).exists()


def test_each_partner_sees_and_edits_the_schedule_in_their_own_time_never_the_others_zone(
    client, berlin_and_los_angeles
):
    alex, sam = berlin_and_los_angeles
    with time_machine.travel(utc(2026, 11, 18, 12), tick=False):
        log_in(client, alex.email)
        client.post(
            "/checkin/schedule/", {"cadence": "weekly", "weekday": "6", "time_of_day": "19:00"}
        )
        client.post("/accounts/logout/")
        log_in(client, sam.email)
        sams_view = client.get("/checkin/schedule/").content.decode()
        sams_partner_page = client.get("/partner/").content.decode()
        # Sam saves the form as shown: the check-in stays at the same moment.
        client.post(
            "/checkin/schedule/", {"cadence": "weekly", "weekday": "6", "time_of_day": "10:00"}
        )
        client.post("/accounts/logout/")
        log_in(client, alex.email)
        alexs_view = client.get("/checkin/schedule/").content.decode()

    # Sunday 19:00 in Berlin is Sunday 10:00 in Los Angeles (both on winter time then).
    assert "Every week on Sunday at 10:00 your time" in sams_view
    assert "Every week on Sunday at 10:00 your time" in sams_partner_page
    assert 'value="10:00"' in sams_view
    for page in (sams_view, sams_partner_page):
        assert "Berlin" not in page
    assert "Every week on Sunday at 19:00 your time" in alexs_view
    assert "Los_Angeles" not in alexs_view and "Los Angeles" not in alexs_view
