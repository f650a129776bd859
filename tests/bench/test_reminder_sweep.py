"""The reminder sweep benchmark, small: every person due gets exactly one reminder queued,
and the beat task's batches queue the same ones."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db.models import Count

from bench import datagen
from bench.reminder_sweep import sweep_in_process
from reminders import tasks
from reminders.models import ReminderLog

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SWEEP_AT = datetime(2026, 12, 5, 21, 0, tzinfo=UTC)


@pytest.fixture
def people_due(postgres, library):
    # At a fixed moment: whether a follow-up comes at least half a round after "ready" (sent
    # now) depends on the hour, in each generated zone, at which the test runs.
    with time_machine.travel(SWEEP_AT):
        generated = datagen.generate(
            couples=6, weeks=0, password="unused-here", partner_in_other_zone=0
        )
        yield generated.people


def test_the_sweep_queues_one_reminder_per_person_due(people_due, settings):
    settings.REMINDER_PLAN_BATCH = 4  # several planning batches
    queued: list[int] = []

    count = sweep_in_process(queued.extend)

    assert count == len(queued) == len(set(queued)) == people_due == 12
    logs = ReminderLog.objects.filter(pk__in=queued)
    assert set(logs.values_list("status", "kind").distinct()) == {("queued", "opened")}
    per_person = logs.values("person").annotate(n=Count("id"))
    assert {row["n"] for row in per_person} == {1} and per_person.count() == people_due
    # The follow-ups are planned for later, not queued now, and only where they come at least
    # half the round after "ready" (which goes out now, hours after the rounds opened).
    follow_ups = ReminderLog.objects.filter(kind="follow_up").select_related("round")
    assert follow_ups.exists()
    assert set(follow_ups.values_list("status", flat=True)) == {"planned"}
    ready_at = logs.values_list("due_at", flat=True).first()
    for log in follow_ups:
        assert log.due_at - ready_at >= (log.round.closes_at - log.round.opens_at) / 2
    assert sweep_in_process(queued.extend) == 0  # nothing twice


def test_beats_task_fans_out_into_batches_that_queue_the_same(people_due, monkeypatch, settings):
    settings.REMINDER_PLAN_BATCH = 4
    monkeypatch.setattr(tasks, "SEND_BATCH", 5)
    plan_batches, sends = [], []
    monkeypatch.setattr(tasks.plan_batch, "delay", lambda *args: plan_batches.append(args))
    monkeypatch.setattr(tasks.send_batch, "apply_async", lambda args, **_: sends.append(args[0]))

    tasks.sweep()
    for args in plan_batches:
        tasks.plan_batch(*args)

    assert len(plan_batches) == 2  # 6 rounds, 4 per batch
    assert all(len(batch) <= 5 for batch in sends)
    queued = [reminder_id for batch in sends for reminder_id in batch]
    assert sorted(queued) == sorted(
        ReminderLog.objects.filter(status="queued").values_list("pk", flat=True)
    )
    assert len(queued) == people_due
