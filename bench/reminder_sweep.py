"""The reminder sweep with N people due at once: time to plan, claim and queue every reminder,
and the peak memory it took.

    DATABASE_URL=postgres://.../intimacy_bench_reminders \\
        python -m bench.reminder_sweep --people 10000 50000 100000 --runs 3 --workers 1 2

For each size it empties the database (its name must contain "bench"), creates people/2
couples whose round opened at their 19:00 yesterday and none of whose reminders are planned
yet, then, for each run:
- in-process: a fresh process runs the sweep's batches one after the other (plan each range of
  rounds, queue what is due, claim whatever else is due) and reports its time and peak RSS;
- with --workers: beat's task (reminders.tasks.sweep) is queued for real Celery workers with
  that many processes, and the clock stops when every reminder's send is in the broker.
The sends go to CELERY_MAIL_QUEUE, which no worker here consumes; it is emptied after each run.
"""

import argparse
import base64
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from statistics import median

import redis
from django.conf import settings
from django.db import connection

import bench._django  # noqa: F401  (configures Django when run as a script)
from bench import datagen
from bench.workers import peak_rss_mb
from reminders.models import ReminderLog
from reminders.services import plan_ranges, reminders_plan_rounds, reminders_queue_due


def sweep_in_process(enqueue: Callable[[list[int]], None]) -> int:
    """What the sweep's tasks do, one batch after the other in this process. Returns how many
    reminders were queued."""
    queued = 0
    for first, last in plan_ranges():
        _, ids = reminders_plan_rounds(first_id=first, last_id=last, queue_due=True)
        enqueue(ids)
        queued += len(ids)
    while ids := reminders_queue_due():
        enqueue(ids)
        queued += len(ids)
    return queued


def reset_reminders() -> None:
    datagen.require_bench_database()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE reminders_reminderlog, reminders_reminderplan")
    _broker().delete(settings.CELERY_MAIL_QUEUE)


def _broker() -> redis.Redis:
    return redis.Redis.from_url(settings.CELERY_BROKER_URL)


def reminders_in_mail_queue() -> int:
    """How many reminder ids the send messages waiting in the broker carry."""
    total = 0
    for raw in _broker().lrange(settings.CELERY_MAIL_QUEUE, 0, -1):
        message = json.loads(raw)
        args = json.loads(base64.b64decode(message["body"]))[0]
        total += len(args[0])
    return total


def queued_in_database() -> int:
    return ReminderLog.objects.filter(status=ReminderLog.Status.QUEUED).count()


def measure_once() -> None:
    """Run in a fresh process, so that its peak memory is the sweep's own."""
    from reminders.tasks import _queue_sends

    started = time.perf_counter()
    queued = sweep_in_process(_queue_sends)
    seconds = time.perf_counter() - started
    # VmHWM, not ru_maxrss: the latter carries the parent's peak across fork and exec.
    peak_mb = peak_rss_mb(os.getpid())
    print(json.dumps({"seconds": seconds, "queued": queued, "peak_mb": peak_mb}))


def _in_process_run() -> dict:
    output = subprocess.run(
        [sys.executable, "-m", "bench.reminder_sweep", "--measure-once"],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ,
    ).stdout
    return json.loads(output.splitlines()[-1])


def _workers_run(workers: int, expected: int, timeout: float = 900) -> dict:
    from bench.workers import celery_workers
    from reminders.tasks import sweep

    with celery_workers(workers) as running:
        started = time.perf_counter()
        sweep.delay()
        # Every row claimed in the database first (sends are queued after each commit)...
        while queued_in_database() < expected:
            if time.perf_counter() - started > timeout:
                raise TimeoutError("the workers did not claim every reminder in time")
            time.sleep(0.1)
        # ...then every send in the broker.
        while reminders_in_mail_queue() < expected:
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        peak_mb = running.peak_rss_mb()
    return {"seconds": seconds, "queued": reminders_in_mail_queue(), "peak_mb": peak_mb}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, nargs="*", default=[])
    parser.add_argument("--measure-once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_once:
        measure_once()
        return
    datagen.require_bench_database()
    for people in args.people:
        datagen.empty_data_tables()
        datagen.generate(
            couples=people // 2,
            weeks=0,
            password=os.environ["BENCH_PASSWORD"],
            partner_in_other_zone=0,  # everyone's 19:00 is the round's: all due at once
        )
        datagen.analyze()
        modes = [("in-process", None)] + [(f"workers={n}", n) for n in args.workers]
        for label, workers in modes:
            results = []
            for _ in range(args.runs):
                reset_reminders()
                result = _in_process_run() if workers is None else _workers_run(workers, people)
                in_db, in_broker = queued_in_database(), reminders_in_mail_queue()
                if not (result["queued"] == in_db == in_broker == people):
                    sys.exit(f"wrong count: {result} in database {in_db} in broker {in_broker}")
                results.append(result)
            reset_reminders()
            print(
                f"people={people} {label} runs={len(results)} "
                f"median_seconds={median(r['seconds'] for r in results):.2f} "
                f"all_seconds={[round(r['seconds'], 2) for r in results]} "
                f"median_peak_mb={median(r['peak_mb'] for r in results):.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
