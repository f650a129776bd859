"""Reads about check-ins. Everything a partner may see of the other goes through
reveal_allowed: shared answers only, and only once the reveal rule allows (answers_seen_in for
one round, history_entries for many)."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import FilteredRelation, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from couples.models import CoupleMember
from couples.selectors import partner_of

from . import slots
from .models import (
    Answer,
    Round,
    RoundPrompt,
    SafetyAnswer,
    Schedule,
    Submission,
    Suggestion,
    WeighingAnswer,
)


def schedule_for_person(user) -> Schedule:
    """The schedule that applies to `user` now: their active couple's, or their own journal's
    (made with the account) when alone."""
    linked = Schedule.objects.select_related("couple").filter(
        couple__members__user=user, couple__members__is_active=True
    )[:1]
    return linked[0] if linked else Schedule.objects.get(owner=user)


def open_round_of(schedule: Schedule, *, now: datetime | None = None) -> Round | None:
    """The round of this schedule open now, if any (skipped ones included)."""
    now = now or timezone.now()
    if schedule.couple_id is not None and not schedule.couple.is_active:
        return None
    round_ = (
        Round.objects.filter(schedule=schedule, opens_at__lte=now, closes_at__gt=now)
        .order_by("-opens_at")
        .first()
    )
    if round_ is not None:
        round_.schedule = schedule
    return round_


def schedule_has_begun(schedule: Schedule, *, now: datetime | None = None) -> bool:
    """Whether any round of this schedule has opened yet (else its first opens on demand)."""
    return schedule.rounds.filter(opens_at__lte=now or timezone.now()).exists()


def schedule_next_slot(schedule) -> datetime | None:
    """When the next check-in opens; shown to each person in their own zone."""
    if schedule.is_paused:
        return None
    return slots.next_slot_after(schedule, timezone.now())


@dataclass(frozen=True)
class NextCheckin:
    """When the next check-in opens (a UTC instant, which pages show in the viewer's zone), and
    for a linked couple the partner's name and the same instant on the partner's clock."""

    at: datetime
    partner_name: str = ""
    partner_at: datetime | None = None


def schedule_next_checkin(schedule, *, viewer, partner=None) -> NextCheckin | None:
    """The next check-in of `schedule` as `viewer` is shown it; None while it is paused.
    `partner`, when the caller has read it already (with its profile), saves a query."""
    at = schedule_next_slot(schedule)
    if at is None:
        return None
    if schedule.couple_id is None or not schedule.couple.is_active:
        return NextCheckin(at=at)
    partner = partner or partner_of(couple=schedule.couple, user=viewer)
    if partner is None:  # the partner deleted their account
        return NextCheckin(at=at)
    # Only the time on the partner's clock, never their zone's name.
    try:
        zone = ZoneInfo(partner.profile.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return NextCheckin(
        at=at, partner_name=partner.profile.display_name, partner_at=at.astimezone(zone)
    )


def rounds_visible_to(user) -> QuerySet[Round]:
    """Rounds of the person's own journal and of every couple they were in."""
    return Round.objects.filter(
        Q(schedule__owner=user) | Q(schedule__couple__members__user=user)
    ).distinct()


def get_round_for_user(code: str, user) -> Round:
    """The round with this code, with its schedule and couple, if `user` may see it (their
    journal's, or a couple's they were ever in), else 404; in one query. `viewer_is_participant`
    tells whether they may answer it (its journal's owner, or an active member of its couple),
    `viewer_submission` is their submission to it, or None, and `viewer_previous_checkin` when
    they first answered their check-in before this one on the same schedule, or None."""
    membership = CoupleMember.objects.filter(
        couple_id=OuterRef("schedule__couple_id"), user=user
    ).values("is_active")[:1]
    # "Since your last check-in": the person's latest first answer on this schedule before this
    # round opened (a journal entry is not a check-in with the partner).
    previous_checkin = (
        Submission.objects.filter(
            person=user,
            round__schedule_id=OuterRef("schedule_id"),
            submitted_at__lt=OuterRef("opens_at"),
        )
        .order_by("-submitted_at")
        .values("submitted_at")[:1]
    )
    # What to call the partner on the page: their name now, or the one they had when the couple
    # ended (nothing newer passes after unlinking); see partner_name_of.
    others = CoupleMember.objects.filter(couple_id=OuterRef("schedule__couple_id")).exclude(
        user=user
    )
    round_ = (
        Round.objects.annotate(
            viewer_membership=Subquery(membership),
            partner_name_now=Subquery(others.values("user__profile__display_name")[:1]),
            partner_name_at_end=Subquery(others.values("display_name_at_end")[:1]),
            viewer_previous_checkin=Subquery(previous_checkin),
            viewer_submission=FilteredRelation(
                "submissions", condition=Q(submissions__person=user)
            ),
        )
        .select_related("schedule__couple", "viewer_submission")
        .filter(code=code)
        .first()
    )
    if round_ is None:
        raise Http404("No such check-in.")
    if round_.schedule.owner_id is not None:
        visible = participant = round_.schedule.owner_id == user.pk
    else:
        visible, participant = round_.viewer_membership is not None, bool(round_.viewer_membership)
    if not visible:
        raise Http404("No such check-in.")
    round_.viewer_is_participant = participant
    # The join sets the attribute only when it found a row.
    submission = round_.viewer_submission = getattr(round_, "viewer_submission", None)
    if submission is not None:
        # Later reads of submission.round (and its schedule) and submission.person are free.
        submission.round, submission.person = round_, user
    return round_


def partner_name_of(round_: Round) -> str | None:
    """The partner's name for a couple's round read by get_round_for_user: their name now while
    the couple lasts, the one they had when it ended after that; None for a journal or a
    partner who deleted their account."""
    couple = round_.schedule.couple
    if couple is None:
        return None
    return round_.partner_name_now if couple.is_active else round_.partner_name_at_end


def round_prompts_of(round_: Round) -> list[RoundPrompt]:
    """The round's prompts, with their prompt and dimension, in the dimensions' order, each
    dimension's pulse item first."""
    return list(
        RoundPrompt.objects.filter(round_id=round_.pk)
        .select_related("prompt", "dimension")
        .order_by("dimension__order", "dimension_id", "-is_pulse")
    )


def reveal_allowed(
    *, round_: Round, viewer_submission: Submission | None, now: datetime | None = None
) -> bool:
    """Whether the viewer may see the partner's shared answers for this round.

    After the viewer has answered, or once the round has closed; and for a couple that has
    ended, only if that moment came before the end: nothing new passes after unlinking.
    """
    now = now or timezone.now()
    couple = round_.schedule.couple
    if couple is None:
        return False
    moments = [round_.closes_at]
    if viewer_submission is not None:
        moments.append(viewer_submission.submitted_at)
    revealed_at = min(moments)
    if revealed_at > now:
        return False
    return couple.is_active or revealed_at <= couple.ended_at


def answers_seen_in(
    *,
    round_: Round,
    viewer,
    viewer_submission: Submission | None,
    round_prompts: list[RoundPrompt],
) -> tuple[list[Answer], list[Answer]]:
    """The viewer's own answers in this round, and the others' shared ones: those only once
    the reveal rule allows. In the order of `round_prompts` (round_prompts_of), whose prompts
    and dimensions they are given: every answer is to its round's prompt (checkin_submit)."""
    seen = Q(person=viewer)
    if reveal_allowed(round_=round_, viewer_submission=viewer_submission):
        seen |= Q(is_shared=True)
    asked = {round_prompt.prompt_id: round_prompt for round_prompt in round_prompts}
    position = {prompt_id: index for index, prompt_id in enumerate(asked)}
    own, others = [], []
    for answer in Answer.objects.filter(seen, round=round_):
        if answer.prompt_id in asked:
            answer.prompt = asked[answer.prompt_id].prompt
            answer.dimension = asked[answer.prompt_id].dimension
        (own if answer.person_id == viewer.pk else others).append(answer)
    for answers in (own, others):
        answers.sort(key=lambda answer: position.get(answer.prompt_id, len(position)))
    return own, others


@dataclass(frozen=True)
class SideBySideQuestion:
    """One question of a round with the viewer's answer and the partner's shared one."""

    round_prompt: RoundPrompt
    yours: Answer | None
    theirs: Answer | None

    @property
    def question_text(self) -> str:
        """The question as the viewer answered it (in the language they were asked in), else
        in the page's language."""
        return question_as_answered(self.round_prompt, [self.yours, self.theirs])


def question_as_answered(round_prompt: RoundPrompt, answers: list[Answer | None]) -> str:
    """A round's question in the words of the first of `answers` given (each keeps the language
    it was asked in), or in the active language when none is."""
    answer = next((answer for answer in answers if answer is not None), None)
    return answer.question_text if answer is not None else round_prompt.prompt.text


@dataclass(frozen=True)
class SideBySideDimension:
    dimension: object
    questions: list[SideBySideQuestion]


def side_by_side(
    *, round_prompts: list[RoundPrompt], own: list[Answer], others: list[Answer]
) -> list[SideBySideDimension]:
    """The answers of answers_seen_in laid out per dimension, pulse item first, the viewer's
    and the partner's to each question together. A question neither answered (or the partner
    kept private) is left out. No query: it arranges what answers_seen_in read."""
    yours = {answer.prompt_id: answer for answer in own}
    theirs = {answer.prompt_id: answer for answer in others}
    by_dimension: dict[int, SideBySideDimension] = {}
    for round_prompt in sorted(round_prompts, key=lambda item: not item.is_pulse):
        prompt_id = round_prompt.prompt_id
        if prompt_id not in yours and prompt_id not in theirs:
            continue
        group = by_dimension.setdefault(
            round_prompt.dimension_id, SideBySideDimension(round_prompt.dimension, [])
        )
        own_answer, their_answer = yours.get(prompt_id), theirs.get(prompt_id)
        if their_answer is not None:
            # One language per question: the partner's point is worded in the language the
            # viewer reads this question in (their own answer's, or the page's), not in the
            # partner's. Only this in-memory copy changes; nothing is saved.
            their_answer.language = (
                own_answer.language if own_answer else round_prompt.prompt.language_shown()
            )
        group.questions.append(SideBySideQuestion(round_prompt, own_answer, their_answer))
    order = {item.dimension_id: item.dimension.order for item in round_prompts}
    return sorted(by_dimension.values(), key=lambda group: order[group.dimension.pk])


def weighing_seen_in(
    *, round_: Round, viewer, viewer_submission: Submission | None
) -> tuple[WeighingAnswer | None, list[WeighingAnswer]]:
    """The viewer's own answer on what weighs on them in this round, and the others' shared
    ones, under the reveal rule of answers_seen_in. No query before either can exist."""
    revealed = reveal_allowed(round_=round_, viewer_submission=viewer_submission)
    if viewer_submission is None and not revealed:
        return None, []
    seen = Q(person=viewer) | Q(is_shared=True) if revealed else Q(person=viewer)
    own, others = None, []
    for answer in WeighingAnswer.objects.filter(seen, round=round_):
        if answer.person_id == viewer.pk:
            own = answer
        else:
            others.append(answer)
    return own, others


def own_safety_answers(*, round_: Round, person) -> list[SafetyAnswer]:
    """`person`'s answers to the private safety questions of this round. Read for that person
    alone: nothing else reads safety answers but their export."""
    return list(SafetyAnswer.objects.filter(round=round_, person=person))


def suggestions_for(*, round_: Round, person) -> list[Suggestion]:
    return list(
        Suggestion.objects.filter(round=round_, person=person)
        .select_related("practice")
        .order_by("pk")
    )


def history_page_rounds(user) -> QuerySet[Round]:
    """Past and current rounds for the history page, newest first, with the person's own
    answers (all) and, separately, every shared answer of the others; the view applies the
    reveal rule round by round. Query count does not grow with history length."""
    return (
        rounds_visible_to(user)
        .filter(opens_at__lte=timezone.now(), is_skipped=False)
        .select_related("schedule__couple")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.filter(person=user)
                .select_related("prompt", "dimension")
                .order_by("dimension__order", "-is_pulse"),
                to_attr="own_answers",
            ),
            Prefetch(
                "answers",
                queryset=Answer.objects.filter(is_shared=True)
                .exclude(person=user)
                .select_related("prompt", "dimension")
                .order_by("dimension__order", "-is_pulse"),
                to_attr="others_shared_answers",
            ),
            Prefetch(
                "submissions",
                queryset=Submission.objects.filter(person=user),
                to_attr="own_submissions",
            ),
            Prefetch(
                "weighing_answers",
                queryset=WeighingAnswer.objects.filter(person=user),
                to_attr="own_weighing",
            ),
            Prefetch(
                "weighing_answers",
                queryset=WeighingAnswer.objects.filter(is_shared=True).exclude(person=user),
                to_attr="others_shared_weighing",
            ),
        )
        .order_by("-opens_at")
    )


@dataclass(frozen=True)
class HistoryEntry:
    round: Round
    own_answers: list[Answer]
    partner_answers: list[Answer]  # shared ones, and only once revealed
    own_weighing: WeighingAnswer | None = None
    partner_weighing: list[WeighingAnswer] = ()  # shared ones, and only once revealed
    # Whether the reveal rule lets the viewer see the partner's shared answers (and the talk).
    revealed: bool = False

    @property
    def is_couple_round(self) -> bool:
        return self.round.schedule.couple_id is not None

    @property
    def own_pulse(self) -> list[Answer]:
        """The viewer's pulse answers, one per dimension in order (none before the pulse)."""
        return [answer for answer in self.own_answers if answer.is_pulse]

    @property
    def own_shared_count(self) -> int:
        return sum(1 for answer in self.own_answers if answer.is_shared)

    @property
    def partner_shared(self) -> bool:
        """Whether the partner's shared answers are seen here (only once revealed)."""
        return bool(self.partner_answers or self.partner_weighing)

    @property
    def is_open(self) -> bool:
        """Open for the viewer's answers now (a round of an ended couple never is)."""
        return self.round.is_open()


def history_entries(rounds) -> list[HistoryEntry]:
    """Rounds from history_page_rounds, with the reveal rule applied: the one place the
    history page and the data export both take partners' answers from."""
    entries = []
    for round_ in rounds:
        own_submission = round_.own_submissions[0] if round_.own_submissions else None
        revealed = reveal_allowed(round_=round_, viewer_submission=own_submission)
        entries.append(
            HistoryEntry(
                round=round_,
                own_answers=round_.own_answers,
                partner_answers=round_.others_shared_answers if revealed else [],
                own_weighing=round_.own_weighing[0] if round_.own_weighing else None,
                partner_weighing=round_.others_shared_weighing if revealed else [],
                revealed=revealed,
            )
        )
    return entries
