"""Reads about check-ins. Everything a partner may see of the other goes through
partner_shared_answers: shared answers only, and only once the reveal rule allows."""

import functools
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from content.version import content_cached
from couples.models import Couple, CoupleMember
from intimacy.sql import PlannedQuery, tables

from . import slots
from .models import Answer, Round, RoundPrompt, Schedule, Submission, Suggestion


def schedule_next_slot(schedule) -> datetime | None:
    """When the next check-in opens; shown to each person in their own zone."""
    if schedule.is_paused:
        return None
    return slots.next_slot_after(schedule, timezone.now())


def rounds_visible_to(user) -> QuerySet[Round]:
    """Rounds of the person's own journal and of every couple they were in."""
    return Round.objects.filter(
        Q(schedule__owner=user) | Q(schedule__couple__members__user=user)
    ).distinct()


def membership_flag(user) -> str:
    return f"is_active_member_{user.pk}"


def _loaded_in_part(model, db: str, values: dict):
    """An instance of `model` with these fields loaded and the others deferred (read on first
    use). from_db takes the values in the order of the model's fields."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(db, names, [values[name] for name in names])


@functools.cache
def _round_for_user_columns() -> tuple[tuple[str, str], ...]:
    """What the round lookup selects, in order, as (name, SQL) pairs: the round's columns, by
    name rather than r.* (a table altered by migrations need not keep its fields' order), then
    what decides whether the person may see and answer it. Its SQL and PlannedQuery.raw, which
    names a function's numbered columns, both read this, so the two orders cannot differ."""
    couples, members = tables(Couple, CoupleMember)
    quote = connection.ops.quote_name
    round_columns = [
        (field.column, f"r.{quote(field.column)}") for field in Round._meta.concrete_fields
    ]
    # Subqueries rather than outer joins: PostgreSQL plans them in half the time
    # (docs/performance.md), which mattered before the function kept the plan, and still does
    # wherever the SQL runs as it is.
    return (
        *round_columns,
        ("schedule_owner_id", "s.owner_id"),
        ("schedule_couple_id", "s.couple_id"),
        ("couple_status", f"(SELECT c.status FROM {couples} c WHERE c.id = s.couple_id)"),  # noqa: S608
        (
            "member_is_active",
            f"(SELECT m.is_active FROM {members} m "  # noqa: S608
            "WHERE m.couple_id = s.couple_id AND m.user_id = %(user)s)",
        ),
    )


def _round_for_user_sql() -> str:
    rounds, schedules = tables(Round, Schedule)
    quote = connection.ops.quote_name
    selected = ", ".join(f"{sql} AS {quote(name)}" for name, sql in _round_for_user_columns())
    return f"""
        SELECT {selected}
        FROM {rounds} r
        JOIN {schedules} s ON s.id = r.schedule_id
        WHERE r.code = %(code)s
    """  # noqa: S608


ROUND_FOR_USER = PlannedQuery("checkins_round_for_user", _round_for_user_sql)


def get_round_for_user(code: str, user) -> Round:
    """The round with this code if `user` may see it, else 404: the rule of rounds_visible_to
    (their journal's, or a couple's they were ever in), for one round.

    One query in SQL, kept as a function (PlannedQuery), for the check-in page's sake: built
    with the ORM (select_related, and EXISTS for the membership), the same lookup spent three
    times longer in Python than in PostgreSQL, and planning it was most of what it cost
    PostgreSQL (docs/performance.md). It brings the schedule's owner and couple and the
    couple's status, which is what the page's cache stamp and the rules need; other fields of
    the schedule and couple load when read. The round knows whether `user` is an active member
    (is_participant).
    """
    found = list(
        ROUND_FOR_USER.raw(
            Round.objects,
            {"user": user.pk, "code": code},
            columns=[name for name, _ in _round_for_user_columns()],
        )
    )
    if not found:
        raise Http404("No such check-in.")
    round_ = found[0]
    owner_id, couple_id = round_.schedule_owner_id, round_.schedule_couple_id
    visible = owner_id == user.pk if owner_id is not None else round_.member_is_active is not None
    if not visible:
        raise Http404("No such check-in.")
    db = round_._state.db
    schedule = _loaded_in_part(
        Schedule, db, {"id": round_.schedule_id, "owner_id": owner_id, "couple_id": couple_id}
    )
    if couple_id is not None:
        schedule.couple = _loaded_in_part(
            Couple, db, {"id": couple_id, "status": round_.couple_status}
        )
        setattr(round_, membership_flag(user), bool(round_.member_is_active))
    round_.schedule = schedule
    return round_


def round_prompts_of(round_: Round) -> list[RoundPrompt]:
    """The round's prompts, with their prompt and dimension, in the dimensions' order.

    Kept in the cache: every submit needs them, a round's prompts never change once it is
    made, and what they show changes only with the content library (content_cached).
    """
    return content_cached(
        f"round-prompts:{round_.pk}",
        # Not through round_.round_prompts: each row would carry this request's Round, with
        # what was read for this person, into an entry every participant's requests read.
        lambda: list(
            RoundPrompt.objects.filter(round_id=round_.pk)
            .select_related("prompt", "dimension")
            .order_by("dimension__order", "dimension_id")
        ),
        timeout=settings.PRIVATE_PAGE_CACHE_SECONDS,
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
    return couple.status == Couple.Status.ACTIVE or revealed_at <= couple.ended_at


def partner_shared_answers(
    *, round_: Round, viewer, viewer_submission: Submission | None
) -> list[Answer]:
    if not reveal_allowed(round_=round_, viewer_submission=viewer_submission):
        return []
    return list(
        Answer.objects.filter(round=round_, is_shared=True)
        .exclude(person=viewer)
        .select_related("prompt", "dimension")
        .order_by("dimension__order")
    )


def own_answers(*, round_: Round, person) -> list[Answer]:
    return list(
        Answer.objects.filter(round=round_, person=person)
        .select_related("prompt", "dimension")
        .order_by("dimension__order")
    )


def suggestions_for(*, round_: Round, person) -> list[Suggestion]:
    return list(
        Suggestion.objects.filter(round=round_, person=person)
        .select_related("practice")
        .order_by("pk")
    )


def submission_of(*, round_: Round, person) -> Submission | None:
    submission = Submission.objects.filter(round=round_, person=person).first()
    if submission is not None:
        # The caller holds both already: later reads of submission.round (and its schedule)
        # and submission.person cost no query.
        submission.round, submission.person = round_, person
    return submission


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
                .order_by("dimension__order"),
                to_attr="own_answers",
            ),
            Prefetch(
                "answers",
                queryset=Answer.objects.filter(is_shared=True)
                .exclude(person=user)
                .select_related("prompt", "dimension")
                .order_by("dimension__order"),
                to_attr="others_shared_answers",
            ),
            Prefetch(
                "submissions",
                queryset=Submission.objects.filter(person=user),
                to_attr="own_submissions",
            ),
        )
        .order_by("-opens_at")
    )


@dataclass(frozen=True)
class HistoryEntry:
    round: Round
    own_answers: list[Answer]
    partner_answers: list[Answer]  # shared ones, and only once revealed

    @property
    def is_couple_round(self) -> bool:
        return self.round.schedule.couple_id is not None


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
            )
        )
    return entries
