import csv
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from allauth.account.decorators import reauthentication_required
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import pgettext, pgettext_lazy
from django.views.decorators.cache import never_cache

from checkins.models import Answer
from checkins.selectors import schedule_for_person
from checkins.slots import monday_of
from content.models import Practice
from couples.selectors import partner_of
from security.models import SecurityEvent
from security.services import security_event_record

from . import selectors
from .highlights import TOGETHER_WEEKS, highlights_for


def _weeks_param(request: HttpRequest) -> int:
    try:
        weeks = int(request.GET.get("weeks", selectors.WINDOWS[0]))
    except ValueError:
        return selectors.WINDOWS[0]
    return weeks if weeks in selectors.WINDOWS else selectors.WINDOWS[0]


def _practice_for_gap(dimension) -> Practice | None:
    practices = Practice.objects.filter(dimension=dimension, is_active=True)
    return (
        practices.filter(suggest_when=Practice.SuggestWhen.GAP).order_by("pk").first()
        or practices.order_by("pk").first()
    )


# A line, and any highlight about how things move, needs two weeks with figures.
WEEKS_FOR_A_TREND = 2


def _dashboard_context(
    *,
    mode: str,
    weeks: list,
    series,
    pulse_start: selectors.PulseStart | None,
    partner=None,
    weeks_counted: int | None = None,
) -> dict:
    found = highlights_for(series, weeks_counted=weeks_counted)
    for s in series:
        s.table = list(s.rows(weeks, pulse_start.week if pulse_start else None))
    chart_data = {
        "weeks": [selectors.week_label(week, year=False) for week in weeks],
        "pulseStart": pulse_start.index_in(weeks) if pulse_start else None,
        "series": [
            {
                "name": s.dimension.name,
                "higherIsBetter": s.dimension.higher_is_better,
                "lines": [{"label": line.label, "values": line.values} for line in s.lines],
                "reworded": [weeks.index(week) for week in s.reworded_weeks],
            }
            for s in series
        ],
    }
    return {
        "mode": mode,
        "weeks": weeks,
        "window": len(weeks),
        "windows": selectors.WINDOWS,
        "series": series,
        "chart_data": chart_data,
        "highlights": found,
        "practice": _practice_for_gap(found.worth_a_conversation)
        if found.worth_a_conversation
        else None,
        "partner": partner,
        "pulse_start": pulse_start if pulse_start and pulse_start.hides_history_in(weeks) else None,
        "weeks_needed": max(0, WEEKS_FOR_A_TREND - found.weeks_with_data),
        "longest_window": selectors.WINDOWS[-1],
        "together_weeks": TOGETHER_WEEKS,
    }


def _weeks_both_could_share(schedule, weeks: list, open_weeks) -> int:
    """Of the last weeks the "both shared" highlight looks at, those in which both could have:
    linked by then, and the week's check-in closed."""
    started = monday_of(
        timezone.localtime(schedule.couple.started_at, ZoneInfo(schedule.time_zone)).date()
    )
    return sum(1 for week in weeks[-TOGETHER_WEEKS:] if week >= started and week not in open_weeks)


@never_cache
@login_required
def our_trends(request: HttpRequest) -> HttpResponse:
    schedule = schedule_for_person(request.user)
    if schedule.couple_id is None:
        return redirect("my_trends")
    partner = partner_of(couple=schedule.couple, user=request.user)
    weeks = selectors.week_window(weeks=_weeks_param(request), time_zone=schedule.time_zone)
    open_weeks = selectors.open_weeks(schedule)
    series = selectors.our_trends(
        schedule=schedule, viewer=request.user, partner=partner, weeks=weeks, open_weeks=open_weeks
    )
    context = _dashboard_context(
        mode="ours",
        weeks=weeks,
        series=series,
        pulse_start=selectors.pulse_start_of_schedule(schedule),
        partner=partner,
        weeks_counted=_weeks_both_could_share(schedule, weeks, open_weeks),
    )
    # Answers of a check-in still open join the charts when it closes: say when.
    context["closes_at"] = max(open_weeks.values(), default=None)
    if context["weeks_needed"]:
        context["has_earlier_weeks"] = selectors.has_weeks_before(weeks, schedule=schedule)
    return render(request, "trends/dashboard.html", context)


@never_cache
@login_required
def my_trends(request: HttpRequest) -> HttpResponse:
    weeks = selectors.week_window(
        weeks=_weeks_param(request), time_zone=request.user.profile.time_zone
    )
    series = selectors.my_trends(person=request.user, weeks=weeks)
    context = _dashboard_context(
        mode="mine",
        weeks=weeks,
        series=series,
        pulse_start=selectors.pulse_start_of_person(request.user),
    )
    # The "Ours" tab stays while someone is linked; alone, "ours" leads back here.
    context["has_partner"] = schedule_for_person(request.user).couple_id is not None
    if context["weeks_needed"]:
        context["has_earlier_weeks"] = selectors.has_weeks_before(weeks, person=request.user)
    return render(request, "trends/dashboard.html", context)


# The header row in the reader's language; the cells' dates stay ISO, for spreadsheets.
CSV_COLUMNS = [
    pgettext_lazy("CSV column", "opened"),
    pgettext_lazy("CSV column", "dimension"),
    pgettext_lazy("CSV column", "question"),
    pgettext_lazy("CSV column", "score"),
    pgettext_lazy("CSV column", "answer"),
    pgettext_lazy("CSV column", "shared"),
    pgettext_lazy("CSV column", "answered"),
    pgettext_lazy("CSV column", "changed"),
]
# A cell that starts like this is a formula to a spreadsheet: a quote in front keeps it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(person, *, language: str) -> Iterator[str]:
    """The person's pulse answers, the ones their trends are made of, one row each: a score
    column to chart and the answer in words ("does not apply" has no score). Reflection
    questions and notes are in the full export (privacy.selectors). In `language`: the rows
    are written as the response streams, after the view has returned."""
    with translation.override(language):
        yield from _csv_rows_in_language(person)


def _csv_rows_in_language(person) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([str(column) for column in CSV_COLUMNS])
    yes, no = pgettext("CSV cell", "yes"), pgettext("CSV cell", "no")
    answers = (
        Answer.objects.filter(person=person, is_pulse=True)
        .select_related("round", "dimension", "prompt")
        .order_by("round__opens_at", "dimension__order")
    )
    for answer in answers.iterator(chunk_size=500):
        yield writer.writerow(
            [
                timezone.localtime(answer.round.opens_at).strftime("%Y-%m-%d %H:%M"),
                answer.dimension.name,
                spreadsheet_safe(answer.question_text),
                "" if answer.score is None else answer.score,
                spreadsheet_safe(answer.score_words),
                yes if answer.is_shared else no,
                timezone.localtime(answer.created_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(answer.updated_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )


@never_cache
@login_required
@reauthentication_required
def answers_csv(request: HttpRequest) -> StreamingHttpResponse:
    security_event_record(
        request=request, user=request.user, kind=SecurityEvent.Kind.ANSWERS_EXPORTED
    )
    rows = _csv_rows(request.user, language=translation.get_language())
    response = StreamingHttpResponse(rows, content_type="text/csv")
    filename = f"check-in-answers-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
