"""A check-in queues an update of its week's trends. While one waits in the queue, further
check-ins of that week (an edit, a second tap, the partner) queue none: the waiting update
reads them all when a worker runs it."""

import pytest

from tests.checkins.helpers import open_round, submit
from trends import tasks
from trends.models import PendingWeekUpdate, WeeklyTrend

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch, settings):
    """The updates sent to the broker, which no worker takes until a test runs one."""
    settings.TASK_COALESCE_SECONDS = 600
    sent = []
    monkeypatch.setattr(
        tasks.update_week, "apply_async", lambda args, **options: sent.append(tuple(args))
    )
    return sent


def committed(django_capture_on_commit_callbacks, action) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        action()


def check_in_twice(person, capture_on_commit) -> None:
    """A check-in and an edit of it, each committed."""
    round_ = open_round(person)
    committed(capture_on_commit, lambda: submit(round_, person, score=4))
    committed(capture_on_commit, lambda: submit(round_, person, score=2))


def connection_mean(person, round_) -> float:
    return WeeklyTrend.objects.get(
        person=person, dimension__slug="connection", week_start=round_.week_start
    ).mean


def test_check_ins_made_while_an_update_waits_share_it(
    couple, queued, django_capture_on_commit_callbacks
):
    alex, sam = couple
    round_ = open_round(alex)

    committed(django_capture_on_commit_callbacks, lambda: submit(round_, alex, score=4))
    committed(django_capture_on_commit_callbacks, lambda: submit(round_, alex, score=2))
    committed(django_capture_on_commit_callbacks, lambda: submit(round_, sam, score=3))

    assert queued == [(round_.schedule_id, round_.week_start.isoformat())]
    tasks.update_week(*queued[0])  # a worker runs it: it reads the last edit too
    assert connection_mean(alex, round_) == 2
    assert connection_mean(sam, round_) == 3

    # Once it has started, the next check-in needs an update of its own.
    committed(django_capture_on_commit_callbacks, lambda: submit(round_, alex, score=5))
    assert len(queued) == 2
    tasks.update_week(*queued[1])
    assert connection_mean(alex, round_) == 5


def test_an_update_that_could_not_be_queued_is_caught_up_by_the_sweep(
    couple, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.TASK_COALESCE_SECONDS = 600
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


def test_without_a_cache_shared_with_the_workers_every_check_in_queues_one(
    couple, queued, settings, django_capture_on_commit_callbacks
):
    settings.TASK_COALESCE_SECONDS = 0  # the default without Redis

    check_in_twice(couple[0], django_capture_on_commit_callbacks)

    assert len(queued) == 2


def test_an_update_runs_even_when_the_worker_cannot_reach_the_cache(
    couple, queued, monkeypatch, django_capture_on_commit_callbacks
):
    alex, _ = couple
    round_ = open_round(alex)
    committed(django_capture_on_commit_callbacks, lambda: submit(round_, alex, score=4))

    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("django.core.cache.cache.delete", unreachable)
    tasks.update_week(*queued[0])

    assert connection_mean(alex, round_) == 4
