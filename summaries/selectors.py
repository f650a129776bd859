"""What a summary shows, read from the weekly trend rows' shared columns only: never an
answer, a note, a safety answer or a support note. A page costs the same few queries whatever
the length of the couple's history."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from content.models import Dimension
from couples.models import CoupleMember, hash_token
from trends.models import WeeklyTrend
from trends.selectors import DimensionSeries, Line, open_weeks, week_label

from .agreements import Agreement, agreements_for
from .charts import line_chart_svg
from .models import ShareLink, Summary


def summaries_for(person) -> list[Summary]:
    """The summaries of every couple `person` is or was in, newest first."""
    return list(
        Summary.objects.filter(couple__members__user=person)
        .select_related("couple")
        .order_by("-created_at")
    )


def summaries_export(person) -> list[dict]:
    """For the person's data export: each summary of their couples, as a record of what was
    made and agreed, and its share links (never a token: only its hash is kept). The figures
    are their answers, which the export holds already."""
    summaries = (
        Summary.objects.filter(couple__members__user=person)
        .prefetch_related("share_links")
        .order_by("created_at")
    )
    return [
        {
            "weeks": summary.weeks,
            "first_week": summary.first_week.isoformat(),
            "last_week": summary.last_week.isoformat(),
            "status": summary.status,
            "proposed_by_me": summary.proposed_by_id == person.pk,
            "created_at": summary.created_at.isoformat(),
            "share_links": [
                {
                    "created_at": link.created_at.isoformat(),
                    "expires_at": link.expires_at.isoformat(),
                    "revoked_at": link.revoked_at.isoformat() if link.revoked_at else None,
                }
                for link in sorted(summary.share_links.all(), key=lambda link: link.created_at)
            ],
        }
        for summary in summaries
    ]


def get_summary_for_user(person, code: str) -> Summary:
    """The summary with this code if `person` is or was in its couple, else 404."""
    found = (
        Summary.objects.filter(code=code, couple__members__user=person)
        .select_related("couple", "schedule")
        .first()
    )
    if found is None:
        raise Http404
    return found


def share_link_for_token(token: str) -> ShareLink | None:
    """The link with this token while it works: not revoked, not expired, its summary agreed
    by both and its couple still together. The same None for every other case."""
    return (
        ShareLink.objects.filter(
            token_hash=hash_token(token),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            summary__status=Summary.Status.AGREED,
            summary__couple__status="active",
        )
        .select_related("summary__couple", "summary__schedule")
        .first()
    )


def live_share_links(summary: Summary) -> list[ShareLink]:
    return list(
        summary.share_links.filter(
            Q(revoked_at__isnull=True) & Q(expires_at__gt=timezone.now())
        ).order_by("created_at")
    )


@dataclass
class SummaryContent:
    summary: Summary
    covers_couple: bool  # both partners' shared answers; else one person's own
    names: list[str]
    weeks: list
    series: list[DimensionSeries]
    # Per dimension: its series, its chart as SVG and the table with the same figures.
    parts: list = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    has_data: bool = False


def _people(summary: Summary, viewer, members: list[CoupleMember]):
    """Whose shared answers the summary shows to `viewer` (None: a share link's visitor).

    Both, once both agreed and while the couple lasts; after unlinking, each partner only
    their own; before consent (or after a no), only the proposer's."""
    if not summary.couple.is_active:
        return [m for m in members if viewer is not None and m.user_id == viewer.pk]
    if summary.status == Summary.Status.AGREED:
        # The viewer first; a visitor reads them in the couple's order.
        return sorted(members, key=lambda m: viewer is None or m.user_id != viewer.pk)
    return [m for m in members if m.user_id == summary.proposed_by_id]


def _name(member: CoupleMember) -> str:
    return member.display_name_at_end or member.user.profile.display_name


def summary_content(summary: Summary, *, viewer=None) -> SummaryContent:
    members = list(
        CoupleMember.objects.filter(couple_id=summary.couple_id)
        .select_related("user__profile")
        .order_by("slot")
    )
    people = _people(summary, viewer, members)
    weeks = summary.week_list
    still_open = open_weeks(summary.schedule) if summary.couple.is_active else {}
    shared = {}
    if people:
        shared = {
            (row["person_id"], row["dimension_id"], row["week_start"]): row["shared_mean"]
            for row in WeeklyTrend.objects.filter(
                schedule_id=summary.schedule_id,
                person__in=[m.user_id for m in people],
                week_start__in=[week for week in weeks if week not in still_open],
                shared_count__gt=0,
            ).values("person_id", "dimension_id", "week_start", "shared_mean")
        }
    series = [
        DimensionSeries(
            dimension=dimension,
            lines=[
                Line(_name(m), [shared.get((m.user_id, dimension.pk, week)) for week in weeks])
                for m in people
            ],
        )
        for dimension in Dimension.objects.order_by("order")
    ]
    covers_couple = len(people) == 2
    labels = [week_label(week, year=False) for week in weeks]
    content = SummaryContent(
        summary=summary,
        covers_couple=covers_couple,
        names=[_name(m) for m in people],
        weeks=weeks,
        series=series,
        has_data=bool(shared),
        # The agreements are the couple's together: only in a summary both agreed to.
        agreements=agreements_for(
            couple=summary.couple, first_week=summary.first_week, last_week=summary.last_week
        )
        if covers_couple
        else [],
    )
    for index, s in enumerate(series):
        chart = line_chart_svg(
            chart_id=f"chart-{index}",
            title=gettext("%(name)s, week by week (1 to 5); the table has the same numbers")
            % {"name": s.dimension.name},
            week_labels=labels,
            lines=s.lines,
        )
        content.parts.append((s, chart, list(s.rows(weeks))))
    return content
