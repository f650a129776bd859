"""Full rebuild of the weekly trends over the generated history.

    python -m bench.trend_rebuild                 # in this process, batch after batch
    python -m bench.trend_rebuild --workers 1 2   # real Celery workers taking the batches

In-process, it runs the nightly task's batches one after the other (the cost of the work);
with workers, it queues `trends.tasks.rebuild_all` as beat would and waits until every batch is
done (what a deployment would see). Either way it then checks the rows against a direct query.
"""

import argparse
import time
from datetime import datetime

from django.db import connection
from django.utils import timezone

import bench._django  # noqa: F401  (configures Django when run as a script)
from trends.services import schedule_id_ranges, trends_rebuild_schedules
from trends.tasks import REBUILD_BATCH


def rebuild_all_in_process(batch: int = REBUILD_BATCH) -> int:
    """Every batch of the nightly rebuild, one after the other. Returns the rows written."""
    return sum(
        trends_rebuild_schedules(first_id=first, last_id=last)
        for first, last in schedule_id_ranges(batch)
    )


def expected_totals() -> dict[str, float]:
    """What the trend rows must add up to, computed straight from the answers."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(DISTINCT (a.person_id, r.schedule_id, r.week_start, a.dimension_id)),
                   count(*), coalesce(sum(a.score), 0),
                   count(*) FILTER (WHERE a.is_shared),
                   coalesce(sum(a.score) FILTER (WHERE a.is_shared), 0)
            FROM checkins_answer a JOIN checkins_round r ON r.id = a.round_id
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


def _rows_rebuilt_since(moment: datetime) -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE updated_at >= %s) FROM trends_weeklytrend",
            [moment],
        )
        return cursor.fetchone()


def rebuild_with_workers(*, workers: int, expected_rows: int, timeout: float = 600) -> float:
    """Queue the nightly task and wait until every trend row has been rewritten since."""
    from bench.workers import celery_workers
    from trends.tasks import rebuild_all

    with celery_workers(workers):
        started_at = timezone.now()
        started = time.perf_counter()
        rebuild_all.delay()
        while time.perf_counter() - started < timeout:
            total, fresh = _rows_rebuilt_since(started_at)
            if total == fresh == expected_rows:
                return time.perf_counter() - started
            time.sleep(0.2)
    raise TimeoutError("the workers did not finish the rebuild in time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, nargs="*", help="worker process counts to try")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    expected = expected_totals()
    print(f"answers={expected['answers']} trend_rows={expected['rows']}")
    for _ in range(args.runs):
        if not args.workers:
            started = time.perf_counter()
            rows = rebuild_all_in_process()
            print(f"in-process rows={rows} seconds={time.perf_counter() - started:.1f}")
        for count in args.workers or []:
            seconds = rebuild_with_workers(workers=count, expected_rows=expected["rows"])
            print(f"workers={count} seconds={seconds:.1f}")
    expected = {k: round(v, 3) if isinstance(v, float) else v for k, v in expected.items()}
    found = trend_totals()
    print("check:", "ok" if found == expected else f"MISMATCH expected={expected} found={found}")


if __name__ == "__main__":
    main()
