"""Weekly trends: updated after each submission, rebuilt nightly, equal to a fresh computation."""

import random
from collections import defaultdict
from datetime import UTC, datetime, time, timedelta
from statistics import mean

import pytest
import time_machine

from checkins.models import Answer
from checkins.services import round_ensure_at, rounds_sweep
from tests.checkins.helpers import set_schedule, submit
from tests.factories import UserFactory
from trends.models import WeeklyTrend
from trends.services import trends_rebuild_schedules
from trends.tasks import rebuild_all

pytestmark = pytest.mark.django_db

START = datetime(2026, 1, 5, 19, tzinfo=UTC)


def snapshot() -> set[tuple]:
    return {
        (
            row.person_id,
            row.schedule_id,
            row.week_start,
            row.dimension_id,
            round(row.mean, 9),
            row.count,
            None if row.shared_mean is None else round(row.shared_mean, 9),
            row.shared_count,
        )
        for row in WeeklyTrend.objects.all()
    }


def from_scratch() -> set[tuple]:
    """The same numbers, computed in Python from the answers they chart (pulse items with a
    score), as the reference."""
    groups: dict[tuple, list[Answer]] = defaultdict(list)
    for answer in Answer.objects.filter(is_pulse=True, score__isnull=False).select_related("round"):
        key = (answer.person_id, answer.round.schedule_id, answer.round.week_start)
        groups[(*key, answer.dimension_id)].append(answer)
    result = set()
    for key, answers in groups.items():
        shared = [a.score for a in answers if a.is_shared]
        result.add(
            (
                *key,
                round(mean(a.score for a in answers), 9),
                len(answers),
                round(mean(shared), 9) if shared else None,
                len(shared),
            )
        )
    return result


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_updates_after_each_submission_and_the_rebuild_equal_a_fresh_computation(
    couple, django_capture_on_commit_callbacks, seed
):
    alex, sam = couple
    solo = UserFactory()
    rng = random.Random(seed)
    couple_schedule = set_schedule(alex, cadence="daily", time_of_day=time(19), time_zone="UTC")
    solo_schedule = set_schedule(solo, cadence="daily", time_of_day=time(19), time_zone="UTC")
    for day in range(rng.randint(5, 25)):
        opens_at = START + timedelta(days=day)
        for schedule, people in ((couple_schedule, (alex, sam)), (solo_schedule, (solo,))):
            round_ = round_ensure_at(schedule, opens_at)
            for person in people:
                if rng.random() < 0.2:
                    continue  # skipped this one
                scores = {
                    d: rng.randint(1, 5)
                    for d in ("connection", "communication", "desire", "obligation")
                }
                with django_capture_on_commit_callbacks(execute=True):
                    submit(
                        round_, person, score=scores, shared=rng.random() < 0.6,
                        now=opens_at + timedelta(hours=1),
                    )  # fmt: skip

    incremental = snapshot()
    assert incremental == from_scratch()
    assert incremental, "the history should not be empty"

    WeeklyTrend.objects.all().delete()
    trends_rebuild_schedules(first_id=0, last_id=10**9)
    assert snapshot() == incremental


def test_an_edited_answer_moves_its_week(couple, django_capture_on_commit_callbacks):
    alex, _ = couple
    schedule = set_schedule(alex, cadence="daily", time_of_day=time(19), time_zone="UTC")
    round_ = round_ensure_at(schedule, START)
    with django_capture_on_commit_callbacks(execute=True):
        submit(round_, alex, score=1, now=START + timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        submit(round_, alex, score=5, now=START + timedelta(hours=2))

    assert set(WeeklyTrend.objects.values_list("mean", flat=True)) == {5.0}


def test_shared_columns_leave_private_answers_out(couple, django_capture_on_commit_callbacks):
    alex, _ = couple
    schedule = set_schedule(alex, cadence="daily", time_of_day=time(19), time_zone="UTC")
    first, second = (round_ensure_at(schedule, START + timedelta(days=d)) for d in (0, 1))
    with django_capture_on_commit_callbacks(execute=True):
        submit(first, alex, score=5, shared=False, now=first.opens_at)
    with django_capture_on_commit_callbacks(execute=True):
        submit(second, alex, score=1, shared=True, now=second.opens_at)

    row = WeeklyTrend.objects.get(person=alex, dimension__slug="desire")
    assert (row.mean, row.count) == (3.0, 2)
    assert (row.shared_mean, row.shared_count) == (1.0, 1)


def test_weeks_are_iso_weeks_in_the_schedules_zone(couple, django_capture_on_commit_callbacks):
    alex, _ = couple
    # Monday 00:30 in Berlin is still Sunday 23:30 in UTC: the week is Berlin's, 23 November.
    schedule = set_schedule(
        alex, cadence="daily", time_of_day=time(0, 30), time_zone="Europe/Berlin"
    )
    round_ = round_ensure_at(schedule, datetime(2026, 11, 22, 23, 30, tzinfo=UTC))
    with django_capture_on_commit_callbacks(execute=True):
        submit(round_, alex, now=round_.opens_at)

    assert set(WeeklyTrend.objects.values_list("week_start", flat=True)) == {
        datetime(2026, 11, 23).date()
    }


def test_taking_an_answer_back_removes_it_from_the_shared_trend_at_once(couple, monkeypatch):
    alex, _ = couple
    schedule = set_schedule(alex, cadence="daily", time_of_day=time(19), time_zone="UTC")
    round_ = round_ensure_at(schedule, START)
    trends_update_week_calls = []
    monkeypatch.setattr(
        "trends.tasks.update_week_on_commit",
        lambda **kwargs: trends_update_week_calls.append(kwargs),
    )
    submit(round_, alex, score=5, shared=True, now=START + timedelta(hours=1))
    trends_rebuild_schedules(first_id=0, last_id=10**9)
    assert WeeklyTrend.objects.filter(person=alex, shared_count__gt=0).exists()

    # No worker runs here (the queueing is stubbed out): the update must happen in the request.
    submit(round_, alex, score=5, shared=False, now=START + timedelta(hours=2))

    assert not WeeklyTrend.objects.filter(person=alex, shared_count__gt=0).exists()


def test_the_nightly_rebuild_splits_schedules_into_batches(couple, monkeypatch):
    calls = []
    monkeypatch.setattr("trends.tasks.REBUILD_BATCH", 1)
    monkeypatch.setattr(
        "trends.tasks.rebuild_batch.delay", lambda first, last: calls.append((first, last))
    )
    alex, _ = couple
    set_schedule(alex, time_zone="UTC")
    set_schedule(UserFactory(), time_zone="UTC")

    rebuild_all()

    assert len(calls) >= 2
    assert all(first == last for first, last in calls)


def test_the_rounds_sweep_makes_the_open_round_and_the_next_ahead(couple):
    alex, _ = couple
    schedule = set_schedule(alex, cadence="daily", time_of_day=time(19), time_zone="UTC")

    with time_machine.travel(datetime(2026, 11, 22, 20, tzinfo=UTC), tick=False):
        rounds_sweep()
        rounds_sweep()

    assert list(schedule.rounds.order_by("opens_at").values_list("opens_at", flat=True)) == [
        datetime(2026, 11, 22, 19, tzinfo=UTC),
        datetime(2026, 11, 23, 19, tzinfo=UTC),
    ]
