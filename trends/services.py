"""Weekly trend rows, computed by the database (GROUP BY), never by looping over answers."""

from datetime import date

from django.db import transaction
from django.db.models import Avg, Count, Q, QuerySet

from checkins.models import Answer, Schedule

from .models import WeeklyTrend


def _weekly_rows(answers: QuerySet[Answer]) -> list[WeeklyTrend]:
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
    return [
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
    WeeklyTrend.objects.filter(schedule_id=schedule_id, week_start=week_start).delete()
    rows = _weekly_rows(
        Answer.objects.filter(round__schedule_id=schedule_id, round__week_start=week_start)
    )
    WeeklyTrend.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def trends_rebuild_schedules(*, first_id: int, last_id: int) -> int:
    """Recompute every week of the schedules with ids in [first_id, last_id]: a batch that any
    worker can take."""
    _lock_schedules(pk__gte=first_id, pk__lte=last_id)
    WeeklyTrend.objects.filter(schedule_id__gte=first_id, schedule_id__lte=last_id).delete()
    rows = _weekly_rows(
        Answer.objects.filter(round__schedule_id__gte=first_id, round__schedule_id__lte=last_id)
    )
    WeeklyTrend.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
