"""EXPLAIN ANALYZE of the hot queries, on the generated history:

    DATABASE_URL=postgres://.../intimacy_bench python -m bench.explain
    DATABASE_URL=postgres://.../intimacy_bench_reminders python -m bench.explain --reminders-only

The queries are built by the app's own code (selectors and services), for one generated person,
so the plans are those the pages and jobs get.
"""

import argparse

from django.db import connection, transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone

import bench._django  # noqa: F401  (configures Django when run as a script)
from bench.web_load import bench_people
from checkins import selectors as checkin_selectors
from checkins import suggestions
from checkins.models import Answer, Round, Suggestion
from couples.selectors import active_couple_for, partner_of
from reminders.models import ReminderLog
from reminders.services import reminders_plan
from trends import selectors as trend_selectors
from trends.models import WeeklyTrend
from trends.services import schedule_id_ranges


def explain(title: str, queryset) -> None:
    explain_sql(title, *queryset.query.sql_with_params())


def explain_sql(title: str, sql: str, params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    print(f"### {title}\n\n```\n{plan}\n```\n")


def main() -> None:
    from django.contrib.auth import get_user_model

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--reminders-only",
        action="store_true",
        help="only the reminder claim (on the reminder benchmark's database)",
    )
    if parser.parse_args().reminders_only:
        explain_reminder_claim()
        return

    person = get_user_model().objects.get(email=bench_people(1)[0])
    partner = partner_of(couple=active_couple_for(person), user=person)
    schedule = checkin_selectors.schedule_for_person(person)
    weeks = trend_selectors.week_window(weeks=12, time_zone=schedule.time_zone)
    round_ = (
        checkin_selectors.rounds_visible_to(person)
        .select_related("schedule")
        .order_by("-opens_at")
        .first()
    )

    explain(
        "Dashboard, our trends: a couple's shared weekly means for 12 weeks",
        WeeklyTrend.objects.filter(
            schedule=schedule,
            person__in=[person.pk, partner.pk],
            week_start__in=weeks,
            shared_count__gt=0,
        ).values("person_id", "dimension_id", "week_start", "shared_mean"),
    )
    explain(
        "Dashboard, my trends: a person's weekly means across schedules, 52 weeks",
        WeeklyTrend.objects.filter(
            person=person,
            week_start__in=trend_selectors.week_window(weeks=52, time_zone=schedule.time_zone),
        )
        .values("dimension_id", "week_start")
        .annotate(answers=Count("id"))
        .order_by(),
    )
    explain(
        "Check-in page: the round by its code, with its schedule and couple (get_round_for_user)",
        Round.objects.select_related("schedule__couple").filter(code=round_.code),
    )
    explain(
        "Check-in submit: the practices suggested to the person in this round or the "
        "previous one they answered (suggestions_refresh)",
        Suggestion.objects.filter(
            Q(round=round_)
            | Q(round__in=suggestions._previous_round(round_=round_, person=person)),
            person=person,
        ).values_list("round_id", "practice_id", "reason"),
    )
    first, last = schedule_id_ranges(500)[0]
    explain(
        "Trend rebuild: one batch of 500 schedules grouped by person, week and dimension",
        Answer.objects.filter(round__schedule_id__gte=first, round__schedule_id__lte=last)
        .values("person_id", "round__schedule_id", "round__week_start", "dimension_id")
        .annotate(
            mean=Avg("score"),
            count=Count("id"),
            shared_mean=Avg("score", filter=Q(is_shared=True)),
            shared_count=Count("id", filter=Q(is_shared=True)),
        )
        .order_by(),
    )
    explain_reminder_claim()


def explain_reminder_claim() -> None:
    """The claim with every open round's reminders planned (then rolled back), so that the
    plan is the one a sweep meets when many people are due at once."""
    with transaction.atomic():
        planned = reminders_plan()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE reminders_reminderlog")
        explain(
            f"Reminder sweep: the claim of 1,000 due reminders among {planned:,} planned "
            "(with FOR UPDATE SKIP LOCKED in the real query)",
            ReminderLog.objects.filter(
                status=ReminderLog.Status.PLANNED, due_at__lte=timezone.now()
            )
            .order_by("due_at")
            .values_list("pk", flat=True)[:1000],
        )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
