"""What the dashboards show, read from the weekly aggregates only: a page costs the same with
one week or five years of history.

Our trends read a partner's rows through `shared_mean` alone; the all-answers columns are
never selected for anyone but their owner.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import F, Sum
from django.utils import timezone

from checkins.models import Round
from checkins.slots import monday_of
from content.models import Dimension, Prompt

from .models import WeeklyTrend

WINDOWS = (12, 26, 52)


@dataclass
class Line:
    label: str
    values: list[float | None]


@dataclass
class DimensionSeries:
    dimension: Dimension
    lines: list[Line]
    reworded_weeks: list[date] = field(default_factory=list)

    def rows(self, weeks: list[date]):
        """(week, value per line, gap, reworded) for the table that mirrors the chart, the
        week and figures as text ("—" for no figure). Formatted here rather than with the date
        and floatformat filters: a dashboard has a few hundred of them."""
        for index, week in enumerate(weeks):
            values = [line.values[index] for line in self.lines]
            known = [value for value in values if value is not None]
            gap = abs(known[0] - known[1]) if len(self.lines) == 2 and len(known) == 2 else None
            shown = [_one_decimal(value) for value in values]
            yield week_label(week), shown, _one_decimal(gap), week in self.reworded_weeks


def week_label(week: date) -> str:
    """ "7 Dec 2026": the Monday a week starts on, as the dashboard names it."""
    return f"{week.day} {week:%b %Y}"


def _one_decimal(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def week_window(*, weeks: int, time_zone: str, now: datetime | None = None) -> list[date]:
    """The Mondays of the last `weeks` ISO weeks, this one included, in `time_zone`."""
    today = timezone.localtime(now or timezone.now(), ZoneInfo(time_zone)).date()
    this_monday = monday_of(today)
    return [this_monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def _reworded_weeks(weeks: list[date], time_zone: str) -> dict[int, list[date]]:
    """Weeks in which a prompt of each dimension got new wording (a version after the first)."""
    zone = ZoneInfo(time_zone)
    changed: dict[int, list[date]] = {}
    for dimension_id, created_at in Prompt.objects.filter(
        previous__isnull=False,
        created_at__date__gte=weeks[0] - timedelta(days=1),
    ).values_list("dimension_id", "created_at"):
        week = monday_of(timezone.localtime(created_at, zone).date())
        if week in weeks:
            changed.setdefault(dimension_id, []).append(week)
    return changed


def open_weeks(schedule, *, now: datetime | None = None) -> frozenset[date]:
    """The weeks in which this schedule has a round open now."""
    now = now or timezone.now()
    return frozenset(
        Round.objects.filter(schedule=schedule, closes_at__gt=now, opens_at__lte=now).values_list(
            "week_start", flat=True
        )
    )


def our_trends(
    *, schedule, viewer, partner, weeks: list[date], open_weeks: frozenset[date]
) -> list[DimensionSeries]:
    """Each partner's shared scores, week by week. Weeks with a round still open
    (`open_weeks`) are left out: a partner's answers reach the dashboard only once that round
    has closed."""
    shared = {
        (row["person_id"], row["dimension_id"], row["week_start"]): row["shared_mean"]
        for row in WeeklyTrend.objects.filter(
            schedule=schedule,
            person__in=[viewer.pk, partner.pk],
            week_start__in=[week for week in weeks if week not in open_weeks],
            shared_count__gt=0,
        ).values("person_id", "dimension_id", "week_start", "shared_mean")
    }
    reworded = _reworded_weeks(weeks, schedule.time_zone)
    return [
        DimensionSeries(
            dimension=dimension,
            lines=[
                Line(label, [shared.get((person.pk, dimension.pk, week)) for week in weeks])
                for label, person in (("You", viewer), (partner.profile.display_name, partner))
            ],
            reworded_weeks=reworded.get(dimension.pk, []),
        )
        for dimension in Dimension.objects.order_by("order")
    ]


def my_trends(*, person, weeks: list[date]) -> list[DimensionSeries]:
    """The person's own scores, private ones included, across all their schedules."""
    rows = (
        WeeklyTrend.objects.filter(person=person, week_start__in=weeks)
        .values("dimension_id", "week_start")
        .annotate(total=Sum(F("mean") * F("count")), answers=Sum("count"))
        .order_by()
    )
    means = {(r["dimension_id"], r["week_start"]): r["total"] / r["answers"] for r in rows}
    reworded = _reworded_weeks(weeks, person.profile.time_zone)
    return [
        DimensionSeries(
            dimension=dimension,
            lines=[Line("You", [means.get((dimension.pk, week)) for week in weeks])],
            reworded_weeks=reworded.get(dimension.pk, []),
        )
        for dimension in Dimension.objects.order_by("order")
    ]
