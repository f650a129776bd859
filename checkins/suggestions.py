"""Which practices to suggest after a check-in, and the private note on repeated pressure."""

from decimal import Decimal
from typing import NamedTuple

from django.db.models import Max, Q

from content.models import Practice

from .models import Answer, Round, Submission, Suggestion

# One practice after a check-in: something to try, not a list to work through.
MAX_SUGGESTIONS = 1
GAP = 2
# An obligation score this high, twice in a row, brings the care note.
HIGH_OBLIGATION = 4


def _severity(answer: Answer) -> int:
    """How much a score calls for attention, 0 to 4, whichever way its dimension points."""
    if answer.dimension.higher_is_better:
        return 5 - answer.score
    return answer.score - 1


def _previous_round(*, round_, person):
    """The round the person answered before this one on the same schedule: a subquery."""
    return (
        Round.objects.filter(
            schedule_id=round_.schedule_id,
            opens_at__lt=round_.opens_at,
            submissions__person=person,
        )
        .order_by("-opens_at")
        .values("pk")[:1]
    )


class _Candidate(NamedTuple):
    """What choosing needs of a practice."""

    pk: int
    dimension_id: int
    suggest_when: str
    score_min: Decimal
    score_max: Decimal


def suggestions_refresh(
    *,
    round_,
    person,
    own: list[Answer],
    partner_scores: dict[int, int],
    support_instead: bool = False,
) -> None:
    """Pick a practice (MAX_SUGGESTIONS) for this person's answers in this round, and store it.

    A dimension qualifies when both partners shared and their scores on one of its questions
    differ by 2 or more (then only the gap's practice fits), or when its score (the reflection
    question's, else the pulse item's) is inside a practice's band (none offering more
    closeness while the person's obligation is high); among the practices that fit, the one
    suggested to the person least recently on this schedule (never, first), so none comes back
    while another fits that has waited longer. `own`: the person's answers in this round, with
    their dimensions; `partner_scores`: the partner's shared scores in this round, by prompt.
    With `support_instead` (support_needed_now) no practice is suggested: no exercise for two is
    the answer to feeling unsafe.
    """
    current, last_suggested = set(), {}
    # One row per practice ever suggested to the person on this schedule: as many rows however
    # long the history.
    for practice_id, last_at, reason_now in (
        Suggestion.objects.filter(
            person=person,
            round__schedule_id=round_.schedule_id,
            round__opens_at__lte=round_.opens_at,
        )
        .values("practice_id")
        .annotate(
            last_at=Max("round__opens_at", filter=Q(round__opens_at__lt=round_.opens_at)),
            reason_now=Max("reason", filter=Q(round=round_)),
        )
        .values_list("practice_id", "last_at", "reason_now")
    ):
        if reason_now is not None:  # even a practice since made inactive
            current.add((practice_id, reason_now))
        if last_at is not None:
            last_suggested[practice_id] = last_at
    chosen = []
    if not support_instead:
        practices = [
            _Candidate(*values)
            for values in Practice.objects.filter(is_active=True)
            .order_by("pk")
            .values_list("pk", "dimension_id", "suggest_when", "score_min", "score_max")
        ]
        chosen = choose_practices(own, partner_scores, practices, last_suggested)
    if {(practice.pk, reason) for practice, reason in chosen} == current:
        return  # an edit that changes no suggestion writes none
    Suggestion.objects.filter(round=round_, person=person).delete()
    Suggestion.objects.bulk_create(
        Suggestion(round=round_, person=person, practice_id=practice.pk, reason=reason)
        for practice, reason in chosen
    )


def choose_practices(
    own: list[Answer],
    partner_scores: dict[int, int],
    practices: list[_Candidate],
    last_suggested: dict,
) -> list[tuple[_Candidate, str]]:
    """The rules of suggestions_refresh, on data already read: `own` the person's answers,
    `partner_scores` the partner's shared scores by prompt, `practices` the active ones,
    `last_suggested` when each was last suggested to the person (absent: never)."""
    scored = [answer for answer in own if answer.score is not None]
    # While closeness feels owed, no practice offers more of it (such as something new to try).
    owed = any(
        not answer.dimension.higher_is_better and answer.score >= HIGH_OBLIGATION
        for answer in scored
    )
    wanted = []
    for answer, gap in _deciding_answers(scored, partner_scores):
        if gap and owed and not answer.dimension.higher_is_better:
            # Whoever feels closeness is owed keeps the practices for them alone: the gap's
            # asks them to read it through with the partner, which may not be safe.
            gap = False
        # With a gap only the gap's practices fit: one for the person's own score could press
        # the partner whose score is the other way.
        fitting = [
            practice
            for practice in practices
            if gap
            and practice.dimension_id == answer.dimension_id
            and practice.suggest_when == Practice.SuggestWhen.GAP
        ]
        reason, priority = Suggestion.Reason.GAP, 10
        if not fitting:
            fitting = [
                practice
                for practice in practices
                if practice.dimension_id == answer.dimension_id
                and practice.suggest_when != Practice.SuggestWhen.GAP
                and practice.score_min <= answer.score <= practice.score_max
                and not (
                    owed
                    and answer.dimension.higher_is_better
                    and practice.suggest_when == Practice.SuggestWhen.HIGH
                )
            ]
            reason, priority = Suggestion.Reason.BAND, _severity(answer)
        if not fitting:
            continue
        # Never suggested first, then the longest ago; the library's order only breaks ties.
        practice = min(
            fitting,
            key=lambda p: (p.pk in last_suggested, last_suggested.get(p.pk) or 0, p.pk),
        )
        wanted.append((priority, practice, reason))
    wanted.sort(key=lambda item: (-item[0], item[1].dimension_id))
    return [(practice, reason) for _, practice, reason in wanted[:MAX_SUGGESTIONS]]


def _deciding_answers(scored: list[Answer], partner_scores: dict[int, int]):
    """Per dimension, the answer whose score chooses its practice: the reflection question's
    (it asks about one thing, so the practice follows it), else the pulse item's; and whether
    the partner shared a score 2 or more away on the same question, either of them."""
    by_dimension: dict[int, list[Answer]] = {}
    for answer in scored:
        by_dimension.setdefault(answer.dimension_id, []).append(answer)
    for answers in by_dimension.values():
        gap = any(
            answer.is_shared
            and answer.prompt_id in partner_scores
            and abs(partner_scores[answer.prompt_id] - answer.score) >= GAP
            for answer in answers
        )
        yield min(answers, key=lambda answer: answer.is_pulse), gap


def _support_triggers(*, own_answers: list[Answer], safety_answers) -> list:
    """The answers of this round that call for the support note at once: a worrying answer to a
    safety question, or the lowest point on a question marked for it (feeling safe, touch being
    welcome)."""
    return [answer for answer in safety_answers if answer.is_worrying] + [
        answer for answer in own_answers if answer.score == 1 and answer.prompt.support_at_lowest
    ]


def support_needed_now(*, own_answers: list[Answer], safety_answers) -> bool:
    """Whether this round's answers alone call for the support note, in place of any practice.
    `own_answers` with their prompts; `safety_answers`: SafetyChoice or SafetyAnswer rows."""
    return bool(_support_triggers(own_answers=own_answers, safety_answers=safety_answers))


def care_note_due(*, submission: Submission, own_answers: list[Answer], safety_answers) -> str:
    """Which private support note the person sees, if any: "safety" at once on an answer that
    calls for it (support_needed_now), shown again when such an answer is saved after the note
    was hidden; "obligation" after high obligation in this round and in the person's previous
    one, until hidden; else "". `own_answers`: the person's answers in this round, with prompts
    and dimensions; `safety_answers`: their SafetyAnswer rows in it."""
    dismissed_at = submission.care_note_dismissed_at
    triggers = _support_triggers(own_answers=own_answers, safety_answers=safety_answers)
    if triggers:
        last_saved = max(
            getattr(answer, "answered_at", None) or answer.updated_at for answer in triggers
        )
        return "safety" if dismissed_at is None or last_saved > dismissed_at else ""
    if dismissed_at is not None:
        return ""
    # The pulse item, asked the same way each round, is what "in a row" compares.
    if not any(
        answer.is_pulse
        and not answer.dimension.higher_is_better
        and answer.score is not None
        and answer.score >= HIGH_OBLIGATION
        for answer in own_answers
    ):
        return ""
    repeated = Answer.objects.filter(
        round__in=_previous_round(round_=submission.round, person=submission.person),
        person=submission.person,
        is_pulse=True,
        dimension__higher_is_better=False,
        score__gte=HIGH_OBLIGATION,
    ).exists()
    return "obligation" if repeated else ""
