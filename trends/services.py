"""Weekly trend rows, computed by the database (GROUP BY), never by looping over answers."""

import logging
from datetime import date

from django.db import connection, transaction
from django.db.models import Avg, Count, Max, Min, Q, QuerySet
from django.utils import timezone

from checkins.models import Answer, Schedule

from .models import PendingWeekUpdate, WeeklyTrend

logger = logging.getLogger(__name__)


def _charted(answers: QuerySet[Answer]) -> QuerySet[Answer]:
    """The answers trends add up: pulse items with a score. Reflection questions change from
    round to round, and "does not apply" is no point on the scale (docs/measurement.md)."""
    return answers.filter(is_pulse=True, score__isnull=False)


def _write_weekly_rows(answers: QuerySet[Answer], scope: QuerySet[WeeklyTrend]) -> int:
    """Make the trend rows in `scope` match what `answers` add up to, in one statement.

    The database groups the answers and writes only what changed: new rows are inserted, rows
    whose figures moved are updated, and rows in scope that no answer backs any more (an answer
    deleted with its account, say) are deleted. An unchanged row is not written at all, which
    is what makes the nightly rebuild of years of history cheap (see docs/performance.md).
    Returns the number of rows the answers add up to.
    """
    grouped = (
        answers.values("person_id", "round__schedule_id", "round__week_start", "dimension_id")
        .annotate(
            mean=Avg("score"),
            count=Count("id"),
            shared_mean=Avg("score", filter=Q(is_shared=True)),
            shared_count=Count("id", filter=Q(is_shared=True)),
        )
        .order_by()
    )
    if connection.vendor != "postgresql":
        return _replace_weekly_rows(grouped, scope)
    grouped_sql, grouped_params = grouped.query.sql_with_params()
    scope_sql, scope_params = scope.values("id").query.sql_with_params()
    table = WeeklyTrend._meta.db_table
    if not scope.exists():
        # A first build or a restore: nothing to compare with or delete, and a plain INSERT
        # costs a third less than one with ON CONFLICT (docs/performance.md). The caller's
        # schedule locks keep the scope empty until this transaction ends.
        sql = f"""
            INSERT INTO {table} (schedule_id, week_start, person_id, dimension_id,
                                 mean, count, shared_mean, shared_count, updated_at)
            SELECT round__schedule_id, round__week_start, person_id, dimension_id,
                   mean, count, shared_mean, shared_count, %s
            FROM ({grouped_sql}) grouped
            ORDER BY 1, 2, 3, 4
        """  # noqa: S608 (table name from the model; values are parameters)
        with connection.cursor() as cursor:
            cursor.execute(sql, [timezone.now(), *grouped_params])
            return cursor.rowcount
    sql = f"""
        WITH grouped AS MATERIALIZED ({grouped_sql}),
        stale AS (
            DELETE FROM {table} t
            WHERE t.id IN ({scope_sql}) AND NOT EXISTS (
                SELECT 1 FROM grouped g
                WHERE g.round__schedule_id = t.schedule_id
                  AND g.round__week_start = t.week_start
                  AND g.person_id = t.person_id
                  AND g.dimension_id = t.dimension_id
            )
        ),
        written AS (
            INSERT INTO {table} AS t (schedule_id, week_start, person_id, dimension_id,
                                      mean, count, shared_mean, shared_count, updated_at)
            SELECT round__schedule_id, round__week_start, person_id, dimension_id,
                   mean, count, shared_mean, shared_count, %s
            FROM grouped
            -- In the unique index's order: inserts fill index pages one after the other.
            ORDER BY 1, 2, 3, 4
            ON CONFLICT (schedule_id, week_start, person_id, dimension_id) DO UPDATE
            SET mean = EXCLUDED.mean, count = EXCLUDED.count,
                shared_mean = EXCLUDED.shared_mean, shared_count = EXCLUDED.shared_count,
                updated_at = EXCLUDED.updated_at
            WHERE (t.mean, t.count, t.shared_mean, t.shared_count)
                IS DISTINCT FROM (EXCLUDED.mean, EXCLUDED.count,
                                  EXCLUDED.shared_mean, EXCLUDED.shared_count)
        )
        SELECT count(*) FROM grouped
    """  # noqa: S608 (table name from the model; values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*grouped_params, *scope_params, timezone.now()])
        return cursor.fetchone()[0]


def _replace_weekly_rows(grouped, scope: QuerySet[WeeklyTrend]) -> int:
    """The same result for SQLite, the development database with no server (it has no
    data-modifying WITH): delete the rows in scope and insert what the answers add up to. The
    caller's transaction and schedule locks make it atomic."""
    rows = [
        WeeklyTrend(
            person_id=row["person_id"],
            schedule_id=row["round__schedule_id"],
            week_start=row["round__week_start"],
            dimension_id=row["dimension_id"],
            mean=row["mean"],
            count=row["count"],
            shared_mean=row["shared_mean"],
            shared_count=row["shared_count"],
        )
        for row in grouped
    ]
    scope.delete()
    WeeklyTrend.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _lock_schedules(**filters) -> None:
    # Updates and rebuilds of the same schedule take turns: otherwise two could both delete,
    # one insert, and the other fail or leave rows computed before a later edit.
    list(
        Schedule.objects.select_for_update()
        .filter(**filters)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def trends_update_week(*, schedule_id: int, week_start: date) -> int:
    """Recompute one schedule's week, after a submission."""
    _lock_schedules(pk=schedule_id)
    written = _write_weekly_rows(
        _charted(
            Answer.objects.filter(round__schedule_id=schedule_id, round__week_start=week_start)
        ),
        WeeklyTrend.objects.filter(schedule_id=schedule_id, week_start=week_start),
    )
    return written


@transaction.atomic
def trends_rebuild_schedules(*, first_id: int, last_id: int) -> int:
    """Recompute every week of the schedules with ids in [first_id, last_id]: a batch that any
    worker can take."""
    _lock_schedules(pk__gte=first_id, pk__lte=last_id)
    written = _write_weekly_rows(
        _charted(
            Answer.objects.filter(round__schedule_id__gte=first_id, round__schedule_id__lte=last_id)
        ),
        WeeklyTrend.objects.filter(schedule_id__gte=first_id, schedule_id__lte=last_id),
    )
    return written


def trends_note_pending_week(*, schedule_id: int, week_start: date) -> None:
    """Remember a week whose update could not be queued; a second note of it changes nothing."""
    PendingWeekUpdate.objects.bulk_create(
        [PendingWeekUpdate(schedule_id=schedule_id, week_start=week_start)],
        ignore_conflicts=True,
    )


def trends_update_pending_weeks(*, limit: int = 500) -> int:
    """Update up to `limit` weeks whose update could not be queued; returns how many.

    Each note is removed in the same transaction as its week's update, so a week that fails
    keeps its note for the next sweep without holding back the others, and sweeps side by
    side take different notes (SKIP LOCKED)."""
    done = 0
    for pending_id in PendingWeekUpdate.objects.order_by("pk").values_list("pk", flat=True)[:limit]:
        try:
            with transaction.atomic():
                pending = (
                    PendingWeekUpdate.objects.select_for_update(skip_locked=True)
                    .filter(pk=pending_id)
                    .first()
                )
                if pending is None:  # another sweep has it, or has done it
                    continue
                pending.delete()
                trends_update_week(schedule_id=pending.schedule_id, week_start=pending.week_start)
        except Exception as error:
            logger.warning(
                "pending trend week failed pending_id=%s error=%s", pending_id, type(error).__name__
            )
            continue
        done += 1
    return done


def schedule_id_ranges(batch: int) -> list[tuple[int, int]]:
    """[first, last] id ranges of at most `batch` ids covering every schedule: the units of a
    full rebuild, which any number of workers on any number of hosts can take."""
    bounds = Schedule.objects.aggregate(first=Min("id"), last=Max("id"))
    if bounds["first"] is None:
        return []
    return [
        (first, min(first + batch - 1, bounds["last"]))
        for first in range(bounds["first"], bounds["last"] + 1, batch)
    ]
