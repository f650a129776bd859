"""Reads for a round's talk. The agenda is built only from what both partners can see: shared
answers (the partner's only under the reveal rule), the topics both added, and the weekly
trends of shared answers. Nothing private, skipped or unanswered reaches it, so a partner who
shared nothing leaves the same agenda as one who shared answers with no gaps and no flags."""

from dataclasses import dataclass

from django.http import Http404
from django.utils.formats import get_format
from django.utils.translation import get_language, gettext

from checkins import selectors as checkin_selectors
from checkins.models import Answer, Round
from content.models import Dimension, Practice
from couples.selectors import partner_of
from trends.highlights import GAP, MIN_MOVE, MOVE_WEEKS
from trends.selectors import DimensionSeries, open_weeks, our_trends, week_window

from .models import Agreement, Skip, Topic


class TalkNotYet(Exception):
    """The viewer may not see the partner's shared answers of this round yet (answer first)."""


def talk_round_for_user(code: str, user) -> Round:
    """The couple's round with this code, read as checkins.selectors.get_round_for_user reads
    it (404 for anyone never in the couple, and for a journal's round); raises TalkNotYet until
    the reveal rule lets `user` see the partner's shared answers."""
    round_ = checkin_selectors.get_round_for_user(code, user)
    if round_.schedule.couple_id is None:
        raise Http404("No such talk.")
    if not checkin_selectors.reveal_allowed(
        round_=round_, viewer_submission=round_.viewer_submission
    ):
        raise TalkNotYet
    return round_


@dataclass(frozen=True)
class AgendaItem:
    """One thing to talk about, with why it is there, in the couple's own terms."""

    kind: str  # "flag", "topic", "gap", "trend" or "practice"
    title: str
    why: str
    theme: str = ""
    practice: Practice | None = None


def _flagged_why(person_ids: set[int], *, viewer, partner_name: str) -> str:
    if len(person_ids) > 1:
        return gettext("You both flagged this")
    if viewer.pk in person_ids:
        return gettext("You flagged this")
    return gettext("%(name)s flagged this") % {"name": partner_name}


def _added_why(person_id: int, *, viewer, partner_name: str) -> str:
    if viewer.pk == person_id:
        return gettext("You added this")
    return gettext("%(name)s added this") % {"name": partner_name}


def _decimal(value: float) -> str:
    """One decimal, with the reader's decimal mark ("3.5", "3,5")."""
    return f"{value:.1f}".replace(".", get_format("DECIMAL_SEPARATOR"))


def _shared_answers(round_: Round, viewer) -> tuple[list, list[Answer]]:
    """The round's prompts, and its shared answers that both can see."""
    round_prompts = checkin_selectors.round_prompts_of(round_)
    own, others = checkin_selectors.answers_seen_in(
        round_=round_,
        viewer=viewer,
        viewer_submission=round_.viewer_submission,
        round_prompts=round_prompts,
    )
    # The viewer's private answers are theirs alone: the agenda is what both can see.
    return round_prompts, [answer for answer in own if answer.is_shared] + others


def _flags_and_gaps(round_prompts, shared: list[Answer], *, viewer, partner_name: str):
    """Flagged questions (by either), then pulse items whose two shared scores differ by GAP
    or more; with the dimensions of the gaps."""
    by_prompt: dict[int, dict[int, Answer]] = {}
    for answer in shared:
        by_prompt.setdefault(answer.prompt_id, {})[answer.person_id] = answer
    flags, gaps, gap_dimensions = [], [], []
    for round_prompt in round_prompts:
        answers = by_prompt.get(round_prompt.prompt_id, {})
        theme = round_prompt.dimension.name
        # In the words the viewer answered it in, else in the page's language, as the reveal
        # shows it (never in the partner's language).
        question = checkin_selectors.question_as_answered(round_prompt, [answers.get(viewer.pk)])
        flagged = {person_id for person_id, answer in answers.items() if answer.wants_talk}
        if flagged:
            why = _flagged_why(flagged, viewer=viewer, partner_name=partner_name)
            flags.append(AgendaItem("flag", question, why, theme))
            continue
        mine = answers.get(viewer.pk)
        theirs = next((a for pid, a in answers.items() if pid != viewer.pk), None)
        if (
            round_prompt.is_pulse
            and mine is not None
            and theirs is not None
            and mine.score is not None
            and theirs.score is not None
            and abs(mine.score - theirs.score) >= GAP
        ):
            why = gettext("You answered %(mine)s and %(name)s answered %(theirs)s") % {
                "mine": mine.score,
                "name": partner_name,
                "theirs": theirs.score,
            }
            gaps.append(AgendaItem("gap", question, why, theme))
            gap_dimensions.append(round_prompt.dimension)
    return flags, gaps, gap_dimensions


def topics_of(round_: Round) -> list[Topic]:
    """The topics both partners added for the round's talk, oldest first."""
    return list(Topic.objects.filter(round=round_).order_by("created_at", "pk"))


def _worse(series: DimensionSeries) -> tuple[float, float] | None:
    """The first and last known weekly value of both partners' shared answers together, when
    they moved at least MIN_MOVE the worse way (down; up for obligation)."""
    combined = []
    for values in zip(*(line.values for line in series.lines), strict=True):
        known = [value for value in values if value is not None]
        if known:
            combined.append(sum(known) / len(known))
    if len(combined) < 2:
        return None
    start, end = combined[0], combined[-1]
    got_worse = end < start if series.dimension.higher_is_better else end > start
    return (start, end) if got_worse and abs(end - start) >= MIN_MOVE else None


def _falling(round_: Round, *, viewer) -> tuple[list[AgendaItem], list[Dimension]]:
    """Dimensions whose shared answers moved the worse way over the four weeks up to the
    round, from the weekly trend rows (weeks with a round still open left out, as on the
    dashboard)."""
    schedule = round_.schedule
    partner = partner_of(couple=schedule.couple, user=viewer)
    if partner is None:  # the partner deleted their account
        return [], []
    weeks = week_window(weeks=MOVE_WEEKS, time_zone=schedule.time_zone, now=round_.opens_at)
    items, dimensions = [], []
    for series in our_trends(
        schedule=schedule,
        viewer=viewer,
        partner=partner,
        weeks=weeks,
        open_weeks=open_weeks(schedule),
    ):
        moved = _worse(series)
        if moved is None:
            continue
        if series.dimension.higher_is_better:
            why = gettext(
                "Your shared answers went down from %(start)s to %(end)s over the last four weeks"
            )
        else:
            why = gettext(
                "Your shared answers went up from %(start)s to %(end)s over the last four weeks"
            )
        why = why % {"start": _decimal(moved[0]), "end": _decimal(moved[1])}
        items.append(AgendaItem("trend", series.dimension.name, why))
        dimensions.append(series.dimension)
    return items, dimensions


def _practice(dimensions: list[Dimension]) -> AgendaItem | None:
    """At most one practice: the one for partners whose answers differ, on the first theme
    above that is not obligation (whose practice goes only to the partner with the low score:
    checkins.suggestions)."""
    dimension = next((d for d in dimensions if d.higher_is_better), None)
    if dimension is None:
        return None
    practice = (
        Practice.objects.filter(
            dimension=dimension, suggest_when=Practice.SuggestWhen.GAP, is_active=True
        )
        .order_by("pk")
        .first()
    )
    if practice is None:
        return None
    # German writes a theme (a noun) with its capital; English and Spanish in lower case.
    theme = dimension.name if get_language() == "de" else dimension.name.lower()
    why = gettext("Something to try together, for %(theme)s") % {"theme": theme}
    return AgendaItem("practice", practice.title, why, dimension.name, practice)


def agenda_for(
    round_: Round, *, viewer, partner_name: str, topics: list[Topic]
) -> list[AgendaItem]:
    """The round's agenda as `viewer` reads it: flagged answers and the topics both added,
    then gaps of GAP or more between shared pulse scores, then themes whose shared answers
    moved the worse way, then at most one practice. `round_` from talk_round_for_user,
    `topics` from topics_of."""
    round_prompts, shared = _shared_answers(round_, viewer)
    flags, gaps, gap_dimensions = _flags_and_gaps(
        round_prompts, shared, viewer=viewer, partner_name=partner_name
    )
    added = [
        AgendaItem(
            "topic",
            topic.text,
            _added_why(topic.person_id, viewer=viewer, partner_name=partner_name),
        )
        for topic in topics
    ]
    falling, falling_dimensions = _falling(round_, viewer=viewer)
    practice = _practice(gap_dimensions + falling_dimensions)
    return [*flags, *added, *gaps, *falling, *([practice] if practice else [])]


def agreement_of(round_: Round) -> Agreement | None:
    return Agreement.objects.filter(round=round_).first()


def has_skipped(round_: Round, person) -> bool:
    """Whether `person` skipped the round's talk: read for that person alone."""
    return Skip.objects.filter(round=round_, person=person).exists()


def agreement_before(round_: Round) -> Agreement | None:
    """The latest agreement with words in it from an earlier round of the same couple, for the
    top of the next check-in; None for a journal."""
    if round_.schedule.couple_id is None:
        return None
    return (
        Agreement.objects.filter(
            round__schedule_id=round_.schedule_id, round__opens_at__lt=round_.opens_at
        )
        .exclude(text="")
        .select_related("round")
        .order_by("-round__opens_at")
        .first()
    )
