"""Which practices to suggest after a check-in, and the private note on repeated pressure."""

from django.db.models import QuerySet, Subquery

from content.models import Practice

from .models import Answer, Submission, Suggestion

MAX_SUGGESTIONS = 2
GAP = 2
# An obligation score this high, twice in a row, brings the care note.
HIGH_OBLIGATION = 4


def _severity(answer: Answer) -> int:
    """How much a score calls for attention, 0 to 4, whichever way its dimension points."""
    if answer.dimension.higher_is_better:
        return 5 - answer.score
    return answer.score - 1


def _previous_round_id_query(*, round_, person) -> QuerySet:
    """The round the person answered before this one on the same schedule, as a query."""
    return (
        Submission.objects.filter(person=person, round__schedule=round_.schedule)
        .exclude(round=round_)
        .filter(round__opens_at__lt=round_.opens_at)
        .order_by("-round__opens_at")
        .values_list("round_id", flat=True)[:1]
    )


def _previous_round_id(*, round_, person) -> int | None:
    return _previous_round_id_query(round_=round_, person=person).first()


def _partner_shared_scores(*, round_, person) -> dict[int, int]:
    if round_.schedule.couple_id is None:
        return {}
    return dict(
        Answer.objects.filter(round=round_, is_shared=True)
        .exclude(person=person)
        .values_list("dimension_id", "score")
    )


def suggestions_refresh(*, round_, person, own: list[Answer] | None = None) -> list[Suggestion]:
    """Pick up to two practices for this person's answers in this round, and store them.

    A dimension qualifies when its score is inside a practice's band, or when both partners
    shared and their scores differ by 2 or more. The practices suggested in the person's
    previous round are left out, so the same one never comes twice in a row. `own`, the
    person's answers in this round with their dimensions, when the caller has just saved them.
    """
    if own is None:
        own = list(Answer.objects.filter(round=round_, person=person).select_related("dimension"))
    partner_scores = _partner_shared_scores(round_=round_, person=person)
    previous = _previous_round_id_query(round_=round_, person=person)
    excluded = set(
        Suggestion.objects.filter(round_id=Subquery(previous), person=person).values_list(
            "practice_id", flat=True
        )
    )
    practices = [
        practice
        for practice in Practice.objects.filter(
            is_active=True, dimension__in=[a.dimension_id for a in own]
        ).order_by("pk")
        if practice.pk not in excluded
    ]

    wanted: list[tuple[int, Practice, str]] = []
    for answer in own:
        partner_score = partner_scores.get(answer.dimension_id)
        if (
            answer.is_shared
            and partner_score is not None
            and abs(partner_score - answer.score) >= GAP
        ):
            gap_practice = _first(practices, answer.dimension_id, "gap", answer.score)
            if gap_practice:
                wanted.append((10, gap_practice, Suggestion.Reason.GAP))
                continue
        band_practice = _first(practices, answer.dimension_id, "band", answer.score)
        if band_practice:
            wanted.append((_severity(answer), band_practice, Suggestion.Reason.BAND))
    wanted.sort(key=lambda item: (-item[0], item[1].dimension_id))

    Suggestion.objects.filter(round=round_, person=person).delete()
    return Suggestion.objects.bulk_create(
        Suggestion(round=round_, person=person, practice=practice, reason=reason)
        for _, practice, reason in wanted[:MAX_SUGGESTIONS]
    )


def _first(practices: list[Practice], dimension_id: int, kind: str, score: int) -> Practice | None:
    for practice in practices:
        if practice.dimension_id != dimension_id:
            continue
        if kind == "gap" and practice.suggest_when == Practice.SuggestWhen.GAP:
            return practice
        if (
            kind == "band"
            and practice.suggest_when != Practice.SuggestWhen.GAP
            and practice.score_min <= score <= practice.score_max
        ):
            return practice
    return None


def care_note_due(*, submission: Submission, own_answers: list[Answer] | None = None) -> bool:
    """High obligation in this round and the person's previous one, and not dismissed.

    `own_answers`, the person's answers in this round when the caller has them, spares the
    queries when none of them is high: the usual case, on every view of the check-in page.
    """
    if submission.care_note_dismissed_at is not None:
        return False
    if own_answers is not None and not any(
        not answer.dimension.higher_is_better and answer.score >= HIGH_OBLIGATION
        for answer in own_answers
    ):
        return False
    previous = _previous_round_id(round_=submission.round, person=submission.person)
    if previous is None:
        return False
    high = Answer.objects.filter(
        person=submission.person,
        round_id__in=[submission.round_id, previous],
        dimension__higher_is_better=False,
        score__gte=HIGH_OBLIGATION,
    ).values("round_id")
    return len({row["round_id"] for row in high}) == 2
