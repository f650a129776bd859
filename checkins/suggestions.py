"""Which practices to suggest after a check-in, and the private note on repeated pressure."""

import functools
from decimal import Decimal
from typing import NamedTuple

from django.db import connection

from content.models import Practice
from intimacy.sql import PlannedQuery, tables

from .models import Answer, Round, Submission, Suggestion

MAX_SUGGESTIONS = 2
GAP = 2
# An obligation score this high, twice in a row, brings the care note.
HIGH_OBLIGATION = 4


def _severity(answer: Answer) -> int:
    """How much a score calls for attention, 0 to 4, whichever way its dimension points."""
    if answer.dimension.higher_is_better:
        return 5 - answer.score
    return answer.score - 1


@functools.cache
def _previous_round_sql() -> str:
    """The id of the round the person answered before this one on the same schedule, or NULL:
    a scalar subquery with the parameters of _round_params.

    PostgreSQL joins the schedule's earlier rounds to the person's submissions (about fifty
    rows a year of weekly check-ins; docs/performance.md shows the plan), which stays well
    under a millisecond after years.
    """
    rounds, submissions = tables(Round, Submission)
    return f"""(
        SELECT earlier.id FROM {rounds} earlier
        WHERE earlier.schedule_id = %(schedule)s AND earlier.opens_at < %(opens_at)s
          AND EXISTS (SELECT 1 FROM {submissions} answered
                      WHERE answered.round_id = earlier.id AND answered.person_id = %(person)s)
        ORDER BY earlier.opens_at DESC
        LIMIT 1
    )"""  # noqa: S608


def _round_params(round_, person) -> dict:
    # The schedule and opening time as values, not read again from the round in SQL:
    # PostgreSQL plans the query in about half the time.
    return {
        "round": round_.pk,
        "schedule": round_.schedule_id,
        "opens_at": connection.ops.adapt_datetimefield_value(round_.opens_at),
        "person": person.pk,
    }


def _previous_round_id(*, round_, person) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_previous_round_sql()}", _round_params(round_, person))
        return cursor.fetchone()[0]


def _practices_sql() -> str:
    practices, suggestions = tables(Practice, Suggestion)
    # A row per practice that is active or was suggested to the person in this round or their
    # previous one, with that suggestion if any (two rows if both).
    return f"""
        SELECT p.id, p.dimension_id, p.suggest_when, p.score_min, p.score_max, p.is_active,
               suggested.round_id, suggested.reason
        FROM {practices} p
        LEFT JOIN {suggestions} suggested
          ON suggested.practice_id = p.id AND suggested.person_id = %(person)s
          AND (suggested.round_id = %(round)s OR suggested.round_id = {_previous_round_sql()})
        WHERE p.is_active OR suggested.id IS NOT NULL
        ORDER BY p.id
    """  # noqa: S608


PRACTICES = PlannedQuery("checkins_practices", _practices_sql)


class _Candidate(NamedTuple):
    """What choosing needs of a practice."""

    pk: int
    dimension_id: int
    suggest_when: str
    score_min: Decimal
    score_max: Decimal


def suggestions_refresh(
    *, round_, person, own: list[Answer], partner_scores: dict[int, int]
) -> None:
    """Pick up to two practices for this person's answers in this round, and store them.

    A dimension qualifies when its score is inside a practice's band, or when both partners
    shared and their scores differ by 2 or more. The practices suggested in the person's
    previous round are left out, so the same one never comes twice in a row. `own`: the
    person's answers in this round, with their dimensions; `partner_scores`: the partner's
    shared scores in this round, by dimension.

    One query reads the practices with this round's and the previous round's suggestions, in
    SQL: run after every check-in, the ORM's version spent most of its time building itself.
    """
    with connection.cursor() as cursor:
        PRACTICES.execute(cursor, _round_params(round_, person))
        rows = cursor.fetchall()
    candidates, current, excluded = {}, set(), set()
    for *practice, is_active, suggested_round_id, reason in rows:
        if is_active:
            candidates[practice[0]] = _Candidate(*practice)
        if suggested_round_id == round_.pk:  # even a practice since made inactive
            current.add((practice[0], reason))
        elif suggested_round_id is not None:
            excluded.add(practice[0])
    practices = [candidate for pk, candidate in candidates.items() if pk not in excluded]

    wanted: list[tuple[int, _Candidate, str]] = []
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
    chosen = wanted[:MAX_SUGGESTIONS]

    if {(practice.pk, reason) for _, practice, reason in chosen} == current:
        return  # an edit that changes no suggestion writes none
    Suggestion.objects.filter(round=round_, person=person).delete()
    Suggestion.objects.bulk_create(
        Suggestion(round=round_, person=person, practice_id=practice.pk, reason=reason)
        for _, practice, reason in chosen
    )


def _first(
    practices: list[_Candidate], dimension_id: int, kind: str, score: int
) -> _Candidate | None:
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
