"""Our trends are served from the encrypted page cache: new weekly figures, a round closing
and a partner's new name show at once, and a cached dashboard costs a handful of queries."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache

from checkins.models import Schedule
from checkins.services import schedule_for_person
from intimacy import private_cache
from tests.accounts.helpers import log_in
from tests.checkins.helpers import open_round, submit
from tests.trends.test_dashboards import chart_data

pytestmark = pytest.mark.django_db


def cached_dashboard(client, person) -> dict:
    client.get("/trends/")  # shows the log-in message: not stored
    data = chart_data(client.get("/trends/").content.decode())
    schedule = schedule_for_person(person)
    assert cache.get(f"{private_cache.KEY_PREFIX}:our-trends:{schedule.pk}:{person.pk}:12")
    return data


def partner_values(data: dict) -> list:
    return data["series"][0]["lines"][1]["values"]


def test_a_cached_dashboard_costs_four_queries(client, couple, django_assert_max_num_queries):
    alex, _ = couple
    log_in(client, alex.email)
    cached_dashboard(client, alex)

    # Session, person, profile; the couple with its schedule, partner and open weeks.
    with django_assert_max_num_queries(4):
        assert client.get("/trends/").status_code == 200


def test_new_weekly_figures_show_on_a_cached_dashboard(
    client, couple, django_capture_on_commit_callbacks
):
    alex, sam = couple
    log_in(client, alex.email)
    assert set(partner_values(cached_dashboard(client, alex))) == {None}
    last_week = open_round(alex, opened=timedelta(weeks=1, hours=1))

    with django_capture_on_commit_callbacks(execute=True):
        submit(last_week, sam, score=2, shared=True, now=last_week.opens_at)

    assert 2.0 in partner_values(chart_data(client.get("/trends/").content.decode()))


def test_a_round_closing_brings_its_week_onto_a_cached_dashboard(
    client, couple, django_capture_on_commit_callbacks
):
    alex, sam = couple
    round_ = open_round(alex)
    with django_capture_on_commit_callbacks(execute=True):
        submit(round_, sam, score=5, shared=True)
    log_in(client, alex.email)
    assert set(partner_values(cached_dashboard(client, alex))) == {None}

    with time_machine.travel(round_.closes_at + timedelta(minutes=1), tick=False):
        after = chart_data(client.get("/trends/").content.decode())

    assert 5.0 in partner_values(after)


def test_the_partners_new_name_shows_on_a_cached_dashboard(client, couple):
    alex, sam = couple
    log_in(client, alex.email)
    cached_dashboard(client, alex)
    sam.profile.display_name = "Samira"
    sam.profile.save()

    data = chart_data(client.get("/trends/").content.decode())

    assert data["series"][0]["lines"][1]["label"] == "Samira"


def test_a_couple_linked_a_moment_ago_sees_an_empty_dashboard_then_a_cached_one(client, couple):
    alex, _ = couple
    Schedule.objects.filter(couple__members__user=alex).delete()
    log_in(client, alex.email)

    first = client.get("/trends/")

    assert first.status_code == 200
    assert "Nothing to show yet" in first.content.decode()
    assert Schedule.objects.filter(couple__members__user=alex).count() == 1
    assert set(partner_values(cached_dashboard(client, alex))) == {None}
