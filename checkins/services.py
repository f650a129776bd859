"""Writes for check-ins: schedules, rounds and submissions. Views and tasks both call these."""

import functools
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, Max, OuterRef, Q
from django.utils import timezone

from content.models import Dimension, Prompt
from couples.models import Couple, CoupleMember
from couples.selectors import active_couple_for
from intimacy.sql import PlannedQuery, tables
from trends import tasks as trends_tasks
from trends.services import trends_update_week

from . import slots
from .models import NOTE_MAX_LENGTH, Answer, Round, RoundPrompt, Schedule, Submission
from .selectors import membership_flag, round_prompts_of
from .suggestions import suggestions_refresh

logger = logging.getLogger(__name__)

DEFAULT_TIME_OF_DAY = time(19, 0)


class CheckinError(Exception):
    """A rule of checking in was not met; the message is written for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class AnswerInput:
    dimension_id: int
    prompt_id: int
    # Left out of repr, so that a log line or traceback that prints an answer shows no answer.
    score: int = field(repr=False)
    note: str = field(repr=False)
    is_shared: bool


# --- Schedules ----------------------------------------------------------------------------


def _new_schedule_fields(*, time_zone: str, now: datetime) -> dict:
    local_today = timezone.localtime(now, ZoneInfo(time_zone)).date()
    # The first check-in falls on the day the schedule is made: tonight, or now if it is late.
    return {
        "weekday": local_today.weekday(),
        "time_of_day": DEFAULT_TIME_OF_DAY,
        "time_zone": time_zone,
        "anchor_date": slots.monday_of(local_today),
    }


def schedule_for_person(
    user, *, couple: Couple | None = None, now: datetime | None = None
) -> Schedule:
    """The schedule that applies to `user` now: their couple's, or their own when alone.
    `couple`: their active couple, when the caller has just read it."""
    now = now or timezone.now()
    if couple is None:
        couple = active_couple_for(user)
    if couple is not None:
        schedule, _ = Schedule.objects.get_or_create(
            couple=couple,
            defaults=_new_schedule_fields(time_zone=user.profile.time_zone, now=now),
        )
        schedule.couple = couple  # already loaded: callers read it without another query
        return schedule
    schedule, _ = Schedule.objects.get_or_create(
        owner=user, defaults=_new_schedule_fields(time_zone=user.profile.time_zone, now=now)
    )
    return schedule


def schedule_update(
    *,
    schedule: Schedule,
    by,
    cadence: str,
    weekday: int,
    time_of_day: time,
    is_paused: bool,
    now: datetime | None = None,
) -> Schedule:
    """Change when check-ins happen. Rounds not yet open and not answered follow the change."""
    now = now or timezone.now()
    with transaction.atomic():
        schedule = Schedule.objects.select_for_update().get(pk=schedule.pk)
        schedule.cadence = cadence
        schedule.weekday = weekday
        schedule.time_of_day = time_of_day
        schedule.is_paused = is_paused
        # Slot times are read in the zone of whoever set them.
        schedule.time_zone = by.profile.time_zone
        schedule.anchor_date = slots.monday_of(
            timezone.localtime(now, ZoneInfo(schedule.time_zone)).date()
        )
        schedule.updated_by = by
        schedule.save()
        schedule.rounds.filter(opens_at__gt=now, answers__isnull=True).delete()
    logger.info("schedule updated schedule_id=%s", schedule.pk)
    return schedule


# --- Rounds -------------------------------------------------------------------------------


def _choose_prompts(schedule: Schedule) -> list[Prompt]:
    """One askable prompt per dimension: the one this schedule asked least recently."""
    last_asked = Max(
        "round_prompts__round__opens_at", filter=Q(round_prompts__round__schedule=schedule)
    )
    chosen = []
    for dimension in Dimension.objects.order_by("order"):
        prompt = (
            Prompt.objects.askable()
            .filter(dimension=dimension)
            .annotate(last_asked=last_asked)
            .order_by(F("last_asked").asc(nulls_first=True), "order", "pk")
            .first()
        )
        if prompt is not None:
            chosen.append(prompt)
    return chosen


def round_ensure_at(schedule: Schedule, opens_at: datetime) -> Round:
    """The round for one slot, created with its prompts if it does not exist yet.

    The periodic task and a person opening the check-in page can both get here at once: the
    unique slot constraint decides, and the loser reads the winner's round.
    """
    existing = Round.objects.filter(schedule=schedule, opens_at=opens_at).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            created = Round.objects.create(
                schedule=schedule,
                opens_at=opens_at,
                closes_at=_closes_at(schedule, opens_at),
                week_start=slots.monday_of(
                    timezone.localtime(opens_at, ZoneInfo(schedule.time_zone)).date()
                ),
            )
            RoundPrompt.objects.bulk_create(
                RoundPrompt(round=created, dimension_id=prompt.dimension_id, prompt=prompt)
                for prompt in _choose_prompts(schedule)
            )
    except IntegrityError:
        return Round.objects.get(schedule=schedule, opens_at=opens_at)
    logger.info("round created round_id=%s schedule_id=%s", created.pk, schedule.pk)
    return created


def _closes_at(schedule: Schedule, opens_at: datetime) -> datetime:
    # The same wall-clock time N days later in the schedule's zone: a daily round on the night
    # clocks change closes when the next one opens, neither overlapping it nor leaving a gap.
    local_open = opens_at.astimezone(ZoneInfo(schedule.time_zone))
    return (local_open + timedelta(days=schedule.window_days)).astimezone(UTC)


def _overlaps_a_round(schedule: Schedule, opens_at: datetime) -> bool:
    """Whether a new round at this slot would overlap one the schedule already had (the slot
    moved when someone changed the schedule): that is the same check-in, not a new one."""
    return (
        Round.objects.filter(
            schedule=schedule,
            opens_at__lt=_closes_at(schedule, opens_at),
            closes_at__gt=opens_at,
        )
        .exclude(opens_at=opens_at)
        .exists()
    )


def round_current(schedule: Schedule, *, now: datetime | None = None) -> Round | None:
    """The round open now on this schedule, created on demand so that none goes missing."""
    now = now or timezone.now()
    if schedule.couple_id is not None and schedule.couple.status != Couple.Status.ACTIVE:
        return None
    open_now = (
        Round.objects.filter(schedule=schedule, opens_at__lte=now, closes_at__gt=now)
        .order_by("-opens_at")
        .first()
    )
    if open_now is not None:
        return open_now
    slot = slots.latest_slot_at_or_before(schedule, now)
    if slot is None or _closes_at(schedule, slot) <= now:
        return None
    if schedule.is_paused or _overlaps_a_round(schedule, slot):
        return None
    return round_ensure_at(schedule, slot)


def round_skip_next(*, schedule: Schedule, now: datetime | None = None) -> Round:
    now = now or timezone.now()
    upcoming = round_ensure_at(schedule, slots.next_slot_after(schedule, now))
    Round.objects.filter(pk=upcoming.pk).update(is_skipped=True)
    upcoming.is_skipped = True
    return upcoming


def round_is_open(round_: Round, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    couple = round_.schedule.couple
    return (
        not round_.is_skipped
        and round_.opens_at <= now < round_.closes_at
        and (couple is None or couple.status == Couple.Status.ACTIVE)
    )


def is_participant(round_: Round, user) -> bool:
    """Whether `user` may answer this round: its solo owner, or an active member of its couple."""
    schedule = round_.schedule
    if schedule.owner_id is not None:
        return schedule.owner_id == user.pk
    annotated = getattr(round_, membership_flag(user), None)
    if annotated is not None:
        return annotated
    return schedule.couple.members.filter(user=user, is_active=True).exists()


# --- Answers ------------------------------------------------------------------------------


@functools.cache
def _round_before_sql() -> str:
    """The round's shared answers, joined in one string, and the person's submission id."""
    answers, submissions = tables(Answer, Submission)
    # PostgreSQL and SQLite name the same aggregate differently.
    join_strings = "string_agg" if connection.vendor == "postgresql" else "group_concat"
    return f"""
        (SELECT {join_strings}(a.person_id || ':' || a.dimension_id || ':' || a.score, ',')
         FROM {answers} a WHERE a.round_id = %(round)s AND a.is_shared),
        (SELECT sub.id FROM {submissions} sub
         WHERE sub.round_id = %(round)s AND sub.person_id = %(person)s)
    """  # noqa: S608


def _round_write_sql() -> str:
    rounds, couples, members = tables(Round, Couple, CoupleMember)
    return f"""
        UPDATE {rounds} SET revision = revision + 1 WHERE id = %(round)s
        RETURNING revision, is_skipped,
            (SELECT c.status FROM {couples} c WHERE c.id = %(couple)s),
            (SELECT m.is_active FROM {members} m
             WHERE m.couple_id = %(couple)s AND m.user_id = %(person)s),
            {_round_before_sql()}
    """  # noqa: S608


ROUND_WRITE = PlannedQuery("checkins_round_write", _round_write_sql, writes=True)


@dataclass(frozen=True)
class _Before:
    """What the round held for this submit to know, before it."""

    # The person's shared answers: taking one back updates the trends at once.
    shared_dimensions: frozenset[int]
    # The partner's shared scores, by dimension: the suggestions compare them.
    partner_scores: dict[int, int]
    # The person's submission, if they had answered already.
    submission_id: int | None


def _round_begin_write(round_: Round, person) -> _Before:
    """Lock the round until the transaction ends and count a write to it (its revision: what
    its pages show changes, intimacy.private_cache); read again what decides whether `person`
    may still answer (the round skipped, the couple's status, their membership); and read
    what the round held before this submit.

    One statement for all that, as a rule: a submit's time is mostly its queries, each costing
    more to build and send than to run (docs/performance.md). But PostgreSQL reads the other
    tables of a statement as they were when it began, and a submit that waited here for the
    lock of another one on the same round (a second tab, the partner) would see the round
    before that one. The revision tells: when another write came in since `round_` was read,
    what the round held is read again, now that the lock is held.
    """
    # The couple (a schedule's never changes) as a value, not joined again: the statement is
    # planned in less than half the time.
    params = {"round": round_.pk, "couple": round_.schedule.couple_id, "person": person.pk}
    read_revision = round_.revision if isinstance(round_.revision, int) else None
    with connection.cursor() as cursor:
        ROUND_WRITE.execute(cursor, params)
        row = cursor.fetchone()
        if row is None:
            raise CheckinError("This check-in no longer exists.")
        revision, round_.is_skipped, couple_status, is_active_member, shared, submission_id = row
        if read_revision is None or revision != read_revision + 1:
            cursor.execute(f"SELECT {_round_before_sql()}", params)
            shared, submission_id = cursor.fetchone()
    round_.revision = revision
    if round_.schedule.couple_id is not None:
        round_.schedule.couple.status = couple_status
        setattr(round_, membership_flag(person), bool(is_active_member))
    own, partner_scores = set(), {}
    for item in shared.split(",") if shared else []:
        person_id, dimension_id, score = map(int, item.split(":"))
        if person_id == person.pk:
            own.add(dimension_id)
        else:
            partner_scores[dimension_id] = score
    return _Before(
        shared_dimensions=frozenset(own),
        partner_scores=partner_scores,
        submission_id=submission_id,
    )


ANSWER_COLUMNS = (
    "round",
    "person",
    "dimension",
    "prompt",
    "score",
    "note",
    "is_shared",
    "created_at",
    "updated_at",
)


@functools.cache
def _answers_upsert_sql(count: int) -> str:
    (answers,) = tables(Answer)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(Answer._meta.get_field(name).column) for name in ANSWER_COLUMNS)
    row = "(" + ", ".join(["%s"] * len(ANSWER_COLUMNS)) + ")"
    # An edit keeps each row's created_at and prompt (a round's prompts never change).
    return f"""
        INSERT INTO {answers} ({columns}) VALUES {", ".join([row] * count)}
        ON CONFLICT (round_id, person_id, dimension_id) DO UPDATE SET score = excluded.score,
            note = excluded.note, is_shared = excluded.is_shared, updated_at = excluded.updated_at
        RETURNING id, dimension_id
    """  # noqa: S608


def _answers_save(answers: list[Answer]) -> None:
    """Insert or update these answers of one person in one round, in one statement, and give
    each its id. What Answer.objects.bulk_create(update_conflicts=True) does, written out:
    run after every check-in, the ORM's version spent longer building its SQL than
    PostgreSQL spent running it (docs/performance.md)."""
    if not answers:
        return  # a round with no prompts (an empty content library)
    fields = [Answer._meta.get_field(name) for name in ANSWER_COLUMNS]
    params = [
        field.get_db_prep_save(getattr(answer, field.attname), connection)
        for answer in answers
        for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(_answers_upsert_sql(len(answers)), params)
        ids = {dimension_id: pk for pk, dimension_id in cursor.fetchall()}
    for answer in answers:
        answer.pk = ids[answer.dimension_id]
        answer._state.adding = False


def checkin_submit(
    *,
    round_: Round,
    person,
    answers: list[AnswerInput],
    round_prompts: list[RoundPrompt] | None = None,
    now: datetime | None = None,
) -> None:
    """Save a person's answers for a round: all of them, or none.

    A second submit (another tab, a double tap) edits the same answers: one per dimension per
    person per round, by constraint. `round_prompts`, the round's prompts with their
    dimensions, when the caller has read them (they never change once the round is made).
    """
    now = now or timezone.now()
    with transaction.atomic():
        # One submission at a time per round, so two tabs (or both partners) cannot
        # interleave their writes.
        before = _round_begin_write(round_, person)
        if not is_participant(round_, person):
            raise CheckinError("This check-in is not yours.")
        if not round_is_open(round_, now=now):
            raise CheckinError("This check-in is closed; answers can no longer change.")
        if round_prompts is None:
            round_prompts = round_prompts_of(round_)
        dimensions = {
            round_prompt.dimension_id: round_prompt.dimension for round_prompt in round_prompts
        }
        expected = {
            round_prompt.dimension_id: round_prompt.prompt_id for round_prompt in round_prompts
        }
        given = {answer.dimension_id: answer.prompt_id for answer in answers}
        if given != expected:
            raise CheckinError("These answers do not match this check-in's questions.")
        if any(len(answer.note) > NOTE_MAX_LENGTH for answer in answers):
            raise CheckinError(f"A note can be at most {NOTE_MAX_LENGTH} characters long.")
        saved = [
            Answer(
                round=round_,
                person=person,
                dimension=dimensions[answer.dimension_id],
                prompt_id=answer.prompt_id,
                score=answer.score,
                note=answer.note,
                is_shared=answer.is_shared,
                created_at=now,
                updated_at=now,
            )
            for answer in answers
        ]
        _answers_save(saved)
        if before.submission_id is None:
            # Another tab's first submit may have got here first: its time stays.
            Submission.objects.bulk_create(
                [Submission(round=round_, person=person, submitted_at=now)],
                ignore_conflicts=True,
            )
        suggestions_refresh(
            round_=round_, person=person, own=saved, partner_scores=before.partner_scores
        )
        kept_private = {answer.dimension_id for answer in answers if not answer.is_shared}
        if before.shared_dimensions & kept_private:
            # An answer taken back from the partner leaves the shared trend at once, not when
            # a worker gets to it (or at the nightly rebuild, if the broker is down).
            trends_update_week(schedule_id=round_.schedule_id, week_start=round_.week_start)
        else:
            trends_tasks.update_week_on_commit(
                schedule_id=round_.schedule_id, week_start=round_.week_start
            )
    logger.info("checkin submitted round_id=%s", round_.pk)


def rounds_touch_answered_by(person) -> int:
    """Mark the rounds this person answered as changed, before their answers go (account
    deletion): the partner's cached page of each must not show them any more."""
    answered = Answer.objects.filter(person=person).values("round_id")
    return Round.objects.filter(pk__in=answered).update(revision=F("revision") + 1)


def care_note_dismiss(*, submission: Submission) -> None:
    with transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(care_note_dismissed_at=timezone.now())
        Round.objects.filter(pk=submission.round_id).update(revision=F("revision") + 1)


# --- The periodic sweep -------------------------------------------------------------------

ROUNDS_AHEAD = timedelta(hours=24)


def live_schedules():
    """Schedules that make rounds: not paused, and an active couple's or the journal of someone
    with no partner now. A journal kept from before linking waits (it comes back on unlinking):
    it would otherwise open rounds and send reminders nobody sees a page for."""
    linked_now = CoupleMember.objects.filter(user=OuterRef("owner"), is_active=True)
    return Schedule.objects.filter(is_paused=False).filter(
        (Q(owner__isnull=False) & ~Exists(linked_now)) | Q(couple__status=Couple.Status.ACTIVE)
    )


def rounds_sweep(*, now: datetime | None = None) -> int:
    """Make the round open now and the next one if it opens within a day, for every live
    schedule. Idempotent: the unique slot makes a repeated or concurrent run create nothing."""
    now = now or timezone.now()
    made = 0
    for schedule in live_schedules().select_related("couple").iterator():
        if round_current(schedule, now=now) is not None:
            made += 1
        upcoming = slots.next_slot_after(schedule, now)
        if upcoming - now <= ROUNDS_AHEAD and not _overlaps_a_round(schedule, upcoming):
            round_ensure_at(schedule, upcoming)
    return made
