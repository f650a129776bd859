"""What the dashboards show, read from the weekly aggregates only: a page costs the same with
one week or five years of history.

Our trends read a partner's rows through `shared_mean` alone; the all-answers columns are
never selected for anyone but their owner.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import F, Min, Q, Sum
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.translation import pgettext

from checkins.models import Answer, Round
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

    def rows(self, weeks: list[date], pulse_week: date | None = None):
        """(week, value per line, gap, reworded, pulse begins) for the table that mirrors the
        chart, the week and figures as text ("—" for no figure). Formatted here rather than with
        the date and floatformat filters: a dashboard has a few hundred of them."""
        for index, week in enumerate(weeks):
            values = [line.values[index] for line in self.lines]
            known = [value for value in values if value is not None]
            gap = abs(known[0] - known[1]) if len(self.lines) == 2 and len(known) == 2 else None
            shown = [_one_decimal(value) for value in values]
            yield (
                week_label(week),
                shown,
                _one_decimal(gap),
                week in self.reworded_weeks,
                week == pulse_week,
            )


def week_label(week: date, *, year: bool = True) -> str:
    """ "7 Dec 2026" ("7. Dez. 2026", "7 dic 2026"): the Monday a week starts on, as the
    dashboard names it, in the reader's language; `year` False: "7 Dec", for a chart's axis.
    Weeks are ISO weeks (Monday to Sunday) in every language: docs/translation.md."""
    if year:
        # Translators: a PHP-style date format (Django's date filter) for a week on the trends.
        return dateformat.format(week, pgettext("week label with year", "j M Y"))
    # Translators: a PHP-style date format (Django's date filter) for a week on a chart's axis.
    return dateformat.format(week, pgettext("week label on a chart", "j M"))


def _one_decimal(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", get_format("DECIMAL_SEPARATOR"))


def week_window(*, weeks: int, time_zone: str, now: datetime | None = None) -> list[date]:
    """The Mondays of the last `weeks` ISO weeks, this one included, in `time_zone`."""
    today = timezone.localtime(now or timezone.now(), ZoneInfo(time_zone)).date()
    this_monday = monday_of(today)
    return [this_monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


@dataclass(frozen=True)
class PulseStart:
    """Where the charts begin: check-ins before `week` asked rotating prompts, which are not
    charted (docs/measurement.md). `week` None: no pulse answer yet."""

    week: date | None

    def index_in(self, weeks: list[date]) -> int | None:
        return weeks.index(self.week) if self.week in weeks else None

    def hides_history_in(self, weeks: list[date]) -> bool:
        """Whether the window starts before the pulse did (or the pulse has not started): then
        check-ins from before it would be missing from the charts without a word."""
        return self.week is None or self.week > weeks[0]


def _pulse_start(first_week: date | None, first_pulse_week: date | None) -> PulseStart | None:
    if first_week is None or (first_pulse_week is not None and first_pulse_week <= first_week):
        return None  # nothing from before the pulse
    return PulseStart(week=first_pulse_week)


def pulse_start_of_schedule(schedule) -> PulseStart | None:
    """For our trends: when the schedule's rounds began asking pulse items, if it had rounds
    before. Read from the rounds, not from answers, so it says nothing of the partner's."""
    weeks = Round.objects.filter(schedule=schedule, opens_at__lte=timezone.now()).aggregate(
        first=Min("week_start"),
        first_pulse=Min("week_start", filter=Q(round_prompts__is_pulse=True)),
    )
    return _pulse_start(weeks["first"], weeks["first_pulse"])


def pulse_start_of_person(person) -> PulseStart | None:
    """For my trends: the week of the person's first pulse answer, if they answered before."""
    weeks = Answer.objects.filter(person=person).aggregate(
        first=Min("round__week_start"),
        first_pulse=Min("round__week_start", filter=Q(is_pulse=True)),
    )
    return _pulse_start(weeks["first"], weeks["first_pulse"])


def _reworded_weeks(weeks: list[date], time_zone: str) -> dict[int, list[date]]:
    """Weeks in which a pulse item of each dimension got new wording (a version after the
    first). A reflection question's new wording does not touch the charts."""
    zone = ZoneInfo(time_zone)
    changed: dict[int, list[date]] = {}
    for dimension_id, created_at in Prompt.objects.filter(
        kind=Prompt.Kind.PULSE,
        previous__isnull=False,
        created_at__date__gte=weeks[0] - timedelta(days=1),
    ).values_list("dimension_id", "created_at"):
        week = monday_of(timezone.localtime(created_at, zone).date())
        if week in weeks:
            changed.setdefault(dimension_id, []).append(week)
    return changed


def open_weeks(schedule, *, now: datetime | None = None) -> dict[date, datetime]:
    """The weeks in which this schedule has a round open now, each with when it closes (the
    latest close, should a week have two)."""
    now = now or timezone.now()
    closing: dict[date, datetime] = {}
    for week, closes_at in Round.objects.filter(
        schedule=schedule, closes_at__gt=now, opens_at__lte=now
    ).values_list("week_start", "closes_at"):
        closing[week] = max(closes_at, closing.get(week, closes_at))
    return closing


def has_weeks_before(weeks: list[date], *, person=None, schedule=None) -> bool:
    """Whether there are figures older than the window: `person`'s own (my trends), or any
    shared on `schedule` (our trends). Asked only when the window holds fewer than two weeks,
    so that an empty window is not taken for a new beginning."""
    rows = WeeklyTrend.objects.filter(week_start__lt=weeks[0])
    if schedule is not None:
        rows = rows.filter(schedule=schedule, shared_count__gt=0)
    else:
        rows = rows.filter(person=person)
    return rows.exists()


def our_trends(
    *, schedule, viewer, partner, weeks: list[date], open_weeks: Collection[date]
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
                for label, person in (
                    (pgettext("chart line", "You"), viewer),
                    (partner.profile.display_name, partner),
                )
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
            lines=[
                Line(
                    pgettext("chart line", "You"),
                    [means.get((dimension.pk, week)) for week in weeks],
                )
            ],
            reworded_weeks=reworded.get(dimension.pk, []),
        )
        for dimension in Dimension.objects.order_by("order")
    ]
