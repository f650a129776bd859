"""Full rebuild of the weekly trends over the generated history.

    python -m bench.trend_rebuild                      # in this process, batch after batch
    python -m bench.trend_rebuild --from-empty         # the same, every row inserted anew
    python -m bench.trend_rebuild --workers 1 2        # real Celery workers taking the batches

In-process, it runs the nightly task's batches one after the other (the cost of the work);
with workers, it queues the batches as beat's task does and waits until real workers have
finished every one (what a deployment would see). Over existing rows is the nightly case (most
weeks unchanged); --from-empty is a first run or a restore. It then checks the rows against a
direct query of the answers.
"""

import argparse
import time
from statistics import median

from django.conf import settings
from django.db import connection

import bench._django  # noqa: F401  (configures Django when run as a script)
from bench import datagen
from bench.parallel import in_processes
from trends.services import schedule_id_ranges, trends_rebuild_schedules
from trends.tasks import REBUILD_BATCH


def _rebuild_range(bounds: tuple[int, int]) -> int:
    first, last = bounds
    return trends_rebuild_schedules(first_id=first, last_id=last)


def rebuild_all_in_process(batch: int = REBUILD_BATCH, processes: int = 1) -> int:
    """Every batch of the nightly rebuild, one after the other, or shared by `processes`
    processes without a broker (the generator's last step). Returns the rows written."""
    return sum(in_processes(_rebuild_range, schedule_id_ranges(batch), processes))


def expected_totals() -> dict[str, float]:
    """What the trend rows must add up to, computed straight from the answers they chart (pulse
    items with a score)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(DISTINCT (a.person_id, r.schedule_id, r.week_start, a.dimension_id)),
                   count(*), coalesce(sum(a.score), 0),
                   count(*) FILTER (WHERE a.is_shared),
                   coalesce(sum(a.score) FILTER (WHERE a.is_shared), 0)
            FROM checkins_answer a JOIN checkins_round r ON r.id = a.round_id
            WHERE a.is_pulse AND a.score IS NOT NULL
            """
        )
        rows, answers, total, shared, shared_total = cursor.fetchone()
    return {
        "rows": rows,
        "answers": answers,
        "score_sum": float(total),
        "shared": shared,
        "shared_score_sum": float(shared_total),
    }


def trend_totals() -> dict[str, float]:
    """The same figures, read back from the weekly trend rows."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*), coalesce(sum(count), 0), coalesce(sum(mean * count), 0),
                   coalesce(sum(shared_count), 0),
                   coalesce(sum(shared_mean * shared_count), 0)
            FROM trends_weeklytrend
            """
        )
        rows, answers, total, shared, shared_total = cursor.fetchone()
    return {
        "rows": rows,
        "answers": answers,
        "score_sum": round(float(total), 3),
        "shared": shared,
        "shared_score_sum": round(float(shared_total), 3),
    }


def empty_trends() -> None:
    """Remove every trend row (benchmark databases only): the rebuild then inserts them all,
    as on a first run or after a restore."""
    datagen.require_bench_database()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE trends_weeklytrend")


def _broker_idle(broker) -> bool:
    """No batch waiting in the queue and none taken but unfinished: the batches are acks_late,
    so a message stays in kombu's "unacked" hash until its task has returned."""
    return broker.llen(settings.CELERY_TASK_DEFAULT_QUEUE) == 0 and broker.hlen("unacked") == 0


def rebuild_with_workers(*, workers: int, timeout: float = 900) -> float:
    """Queue the nightly rebuild's batches, as beat's task does, and wait until real workers
    have finished every one."""
    import redis

    from bench.workers import celery_workers
    from trends.tasks import rebuild_all

    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    with celery_workers(workers):
        started = time.perf_counter()
        rebuild_all()  # what beat's task does: queue one batch per id range
        while not _broker_idle(broker):
            if time.perf_counter() - started > timeout:
                raise TimeoutError("the workers did not finish the rebuild in time")
            time.sleep(0.1)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, nargs="*", help="worker process counts to try")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--from-empty", action="store_true", help="remove every trend row before each run"
    )
    args = parser.parse_args()
    expected = expected_totals()
    print(f"answers={expected['answers']} trend_rows={expected['rows']}")
    modes = [f"workers={n}" for n in args.workers] if args.workers else ["in-process"]
    for mode in modes:
        timings = []
        for _ in range(args.runs):
            if args.from_empty:
                empty_trends()
            if mode == "in-process":
                started = time.perf_counter()
                rebuild_all_in_process()
                timings.append(time.perf_counter() - started)
            else:
                timings.append(rebuild_with_workers(workers=int(mode.split("=")[1])))
        start = "from-empty" if args.from_empty else "over-existing-rows"
        print(
            f"{mode} {start} runs={len(timings)} median_seconds={median(timings):.1f} "
            f"all_seconds={[round(t, 1) for t in timings]}",
            flush=True,
        )
    expected = {k: round(v, 3) if isinstance(v, float) else v for k, v in expected.items()}
    found = trend_totals()
    print("check:", "ok" if found == expected else f"MISMATCH expected={expected} found={found}")


if __name__ == "__main__":
    main()
