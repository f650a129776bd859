"""Each check-in queues an update of its week's trends on commit; when the broker cannot take
it, the week is noted and beat's catch-up sweep updates it once a worker runs."""

from datetime import timedelta

import pytest

from tests.checkins.helpers import open_round, submit
from trends import services, tasks
from trends.models import PendingWeekUpdate, WeeklyTrend

pytestmark = pytest.mark.django_db


def committed(django_capture_on_commit_callbacks, action) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        action()


def connection_mean(person, round_) -> float:
    return WeeklyTrend.objects.get(
        person=person, dimension__slug="connection", week_start=round_.week_start
    ).mean


def test_every_check_in_queues_an_update_of_its_week(
    couple, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(
        tasks.update_week, "apply_async", lambda args, **options: queued.append(tuple(args))
    )
    alex, sam = couple
    round_ = open_round(alex)

    committed(django_capture_on_commit_callbacks, lambda: submit(round_, alex, score=4))
    committed(django_capture_on_commit_callbacks, lambda: submit(round_, sam, score=3))

    assert queued == [(round_.schedule_id, round_.week_start.isoformat())] * 2
    tasks.update_week(*queued[-1])
    assert connection_mean(alex, round_) == 4
    assert not PendingWeekUpdate.objects.exists()


def test_an_update_that_could_not_be_queued_is_caught_up_by_the_sweep(
    couple, monkeypatch, django_capture_on_commit_callbacks
):
    attempts = []

    def broker_down(args, **options):
        attempts.append(args)
        raise ConnectionError("the broker is down")

    monkeypatch.setattr(tasks.update_week, "apply_async", broker_down)
    alex, _ = couple
    round_ = open_round(alex)

    committed(django_capture_on_commit_callbacks, lambda: submit(round_, alex, score=4))
    committed(django_capture_on_commit_callbacks, lambda: submit(round_, alex, score=2))

    # The second check-in does not wait on a broker that just failed; both are noted once.
    assert len(attempts) == 1
    assert list(PendingWeekUpdate.objects.values_list("schedule_id", "week_start")) == [
        (round_.schedule_id, round_.week_start)
    ]
    assert not WeeklyTrend.objects.exists()

    tasks.update_pending_weeks()  # beat's catch-up, once a worker runs

    assert connection_mean(alex, round_) == 2
    assert not PendingWeekUpdate.objects.exists()


def test_a_week_whose_update_fails_does_not_hold_back_the_others(couple, monkeypatch):
    alex, sam = couple
    round_ = open_round(alex)
    submit(round_, alex, score=4)
    services.trends_note_pending_week(schedule_id=round_.schedule_id, week_start=round_.week_start)
    other = open_round(sam, opened=timedelta(days=8))
    services.trends_note_pending_week(schedule_id=other.schedule_id, week_start=other.week_start)
    real_update = services.trends_update_week

    def failing_first(*, schedule_id, week_start):
        if week_start == round_.week_start:
            raise RuntimeError("a bad week")
        return real_update(schedule_id=schedule_id, week_start=week_start)

    monkeypatch.setattr(services, "trends_update_week", failing_first)
    assert services.trends_update_pending_weeks() == 1

    left = list(PendingWeekUpdate.objects.values_list("week_start", flat=True))
    assert left == [round_.week_start]  # kept for the next sweep, the other week done
