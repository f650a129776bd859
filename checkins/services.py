"""Writes for check-ins: schedules, rounds and submissions. Views and tasks both call these."""

import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from content.models import Dimension, Prompt, SafetyChoice
from couples.models import Couple, CoupleMember

from . import slots
from .models import (
    NOTE_MAX_LENGTH,
    Answer,
    Round,
    RoundPrompt,
    SafetyAnswer,
    Schedule,
    Submission,
    WeighingAnswer,
)
from .selectors import open_round_of, round_prompts_of
from .signals import answers_saved
from .suggestions import suggestions_refresh, support_needed_now

logger = logging.getLogger(__name__)

DEFAULT_TIME_OF_DAY = time(19, 0)
# Rounds are made this far ahead, so that one exists before it opens.
ROUNDS_AHEAD = timedelta(hours=24)


TALK_NEEDS_SHARING = _(
    'Your partner can only talk about an answer they can see: choose "Partner sees this" '
    'for it, or leave "Talk" unticked.'
)


class CheckinError(Exception):
    """A rule of checking in was not met; the message is written for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class AnswerInput:
    """An answer to one of the round's questions (its prompt). `score` None: "does not apply"
    on a pulse item that offers it, or a reflection question answered with a note alone."""

    dimension_id: int
    prompt_id: int
    # Left out of repr, so that a log line or traceback that prints an answer shows no answer.
    score: int | None = field(repr=False)
    note: str = field(repr=False)
    is_shared: bool
    # "I'd like to talk about this": only on a shared answer.
    wants_talk: bool = False


@dataclass(frozen=True)
class SafetyInput:
    """An answer to a private safety question: the choice made (never logged)."""

    question_id: int
    choice_id: int = field(repr=False)


@dataclass(frozen=True)
class WeighingInput:
    """What has weighed on the person lately (WeighingAnswer.TOPICS keys; none: skipped)."""

    topics: frozenset[str] = field(repr=False)
    is_shared: bool = False


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


def journal_start(user, *, now: datetime | None = None) -> Schedule:
    """The person's own schedule, for the check-ins they keep alone, made with the account in
    their zone. Its rounds come with beat's next sweep (rounds_sweep): sign-up must cost the
    same whether or not the address has an account (tests/accounts/test_timing.py)."""
    now = now or timezone.now()
    return Schedule.objects.create(
        owner=user, **_new_schedule_fields(time_zone=user.profile.time_zone, now=now)
    )


def journal_time_zone_set(user, *, time_zone: str) -> None:
    """Move the journal of a new account to `time_zone`, its first check-in tonight there."""
    Schedule.objects.filter(owner=user).update(
        **_new_schedule_fields(time_zone=time_zone, now=timezone.now())
    )


def couple_schedule_start(
    couple: Couple, *, time_zone: str, now: datetime | None = None
) -> Schedule:
    """The schedule of a couple that has just linked, in `time_zone`, with its first rounds."""
    now = now or timezone.now()
    schedule, created = Schedule.objects.get_or_create(
        couple=couple, defaults=_new_schedule_fields(time_zone=time_zone, now=now)
    )
    schedule.couple = couple
    if created:
        first_round_open(schedule, now=now)
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
        rounds_ensure(schedule, now=now)
    logger.info("schedule updated schedule_id=%s", schedule.pk)
    return schedule


# --- Rounds -------------------------------------------------------------------------------


def _choose_prompts(schedule: Schedule) -> list[Prompt]:
    """Per dimension, its pulse item, and the reflection question this schedule asked least
    recently."""
    # By slug, any version: a reworded question is the same question, not a new one to ask
    # first.
    last_asked = Subquery(
        RoundPrompt.objects.filter(round__schedule=schedule, prompt__slug=OuterRef("slug"))
        .order_by("-round__opens_at")
        .values("round__opens_at")[:1]
    )
    chosen = list(Prompt.objects.askable().filter(kind=Prompt.Kind.PULSE))
    for dimension in Dimension.objects.order_by("order"):
        prompt = (
            Prompt.objects.askable()
            .filter(dimension=dimension, kind=Prompt.Kind.REFLECTION)
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
                RoundPrompt(
                    round=created,
                    dimension_id=prompt.dimension_id,
                    prompt=prompt,
                    is_pulse=prompt.is_pulse,
                )
                for prompt in _choose_prompts(schedule)
            )
    except IntegrityError:
        return Round.objects.get(schedule=schedule, opens_at=opens_at)
    logger.info("round created round_id=%s schedule_id=%s", created.pk, schedule.pk)
    return created


def _closes_at(schedule: Schedule, opens_at: datetime) -> datetime:
    return slots.window_end(schedule, opens_at)


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


def rounds_ensure(schedule: Schedule, *, now: datetime | None = None) -> Round | None:
    """Make the round open now, and the next one if it opens within a day, unless the schedule
    is paused or its couple has ended. Returns the round open now, if any. Idempotent: the
    unique slot makes a repeated or concurrent call create nothing."""
    now = now or timezone.now()
    if schedule.is_paused:
        return None
    if schedule.couple_id is not None and not schedule.couple.is_active:
        return None
    current = open_round_of(schedule, now=now)
    slot = slots.latest_slot_at_or_before(schedule, now)
    if (
        current is None
        and slot is not None
        and _closes_at(schedule, slot) > now
        and not _overlaps_a_round(schedule, slot)
    ):
        current = round_ensure_at(schedule, slot)
    upcoming = slots.next_slot_after(schedule, now)
    if upcoming - now <= ROUNDS_AHEAD and not _overlaps_a_round(schedule, upcoming):
        round_ensure_at(schedule, upcoming)
    return current


def first_round_open(schedule: Schedule, *, now: datetime | None = None) -> Round | None:
    """A schedule's first check-in, open from `now`: a person who has just signed up or linked
    checks in at once rather than waiting for the first slot. The schedule's slots follow from
    the next one that does not overlap it (rounds_ensure). Returns the round open now, the
    first one or another if the schedule has had rounds already, or None if it is paused or
    its couple has ended."""
    now = now or timezone.now()
    with transaction.atomic():
        # Two tabs opening the check-in page at once make one first round, not two.
        schedule = Schedule.objects.select_for_update().get(pk=schedule.pk)
        if schedule.rounds.filter(opens_at__lte=now).exists():
            return rounds_ensure(schedule, now=now)
        if schedule.is_paused or (schedule.couple_id and not schedule.couple.is_active):
            return None
        # A slot made ahead that nobody has answered: the first round takes its place.
        schedule.rounds.filter(answers__isnull=True).delete()
        first = round_ensure_at(schedule, now.replace(microsecond=0))
        rounds_ensure(schedule, now=now)
    return first


def round_skip_next(*, schedule: Schedule, now: datetime | None = None) -> Round:
    now = now or timezone.now()
    upcoming = round_ensure_at(schedule, slots.next_slot_after(schedule, now))
    Round.objects.filter(pk=upcoming.pk).update(is_skipped=True)
    upcoming.is_skipped = True
    return upcoming


# --- Answers ------------------------------------------------------------------------------


def _lock_for_answers(round_: Round, person) -> None:
    """Lock what a submit must not interleave with until the transaction ends, and check again
    under that lock that `person` may still answer: a couple's row (unlinking updates it, so a
    submit and an unlink take turns, and both partners' submits too), or a journal's round (two
    tabs). Raises CheckinError."""
    schedule = round_.schedule
    if schedule.couple_id is None:
        if schedule.owner_id != person.pk:
            raise CheckinError(gettext("This check-in is not yours."))
        Round.objects.select_for_update().filter(pk=round_.pk).values_list("pk").first()
        return
    participant = getattr(round_, "viewer_is_participant", None)  # get_round_for_user's
    if participant is None:
        participant = round_.has_participant(person)
    status = (
        Couple.objects.select_for_update(no_key=True)
        .filter(pk=schedule.couple_id)
        .values_list("status", flat=True)
        .first()
    )
    # Members of an active couple are active: the status and the memberships change together.
    if not participant or status != Couple.Status.ACTIVE:
        raise CheckinError(gettext("This check-in is not yours."))


def checkin_submit(
    *,
    round_: Round,
    person,
    answers: list[AnswerInput],
    safety: list[SafetyInput] = (),
    weighing: WeighingInput | None = None,
    round_prompts: list[RoundPrompt] | None = None,
    now: datetime | None = None,
) -> None:
    """Save a person's answers for a round: all of them, or none.

    Every pulse item is answered (or, where it offers it, marked "does not apply"); a reflection
    question left out is skipped, and one skipped on an edit loses its answer. A second submit
    (another tab, a double tap) edits the same answers: one per question per person per round,
    by constraint. `safety`: the private safety questions answered, in a couple's round (those
    left out are skipped). `weighing`: what has weighed on them lately (None or no topics:
    skipped, and one given before is taken back). `round_prompts`: the round's prompts, when
    the caller has read them (they never change once the round is made).
    """
    now = now or timezone.now()
    with transaction.atomic():
        _lock_for_answers(round_, person)
        # A round's window and skipping never change once it is open (skipping is for rounds
        # to come, and a schedule change drops only those).
        if not round_.is_open(now=now):
            raise CheckinError(gettext("This check-in is closed; answers can no longer change."))
        if round_prompts is None:
            round_prompts = round_prompts_of(round_)
        asked = {round_prompt.prompt_id: round_prompt for round_prompt in round_prompts}
        _check_answers_fit(answers, asked)
        safety_choices = _safety_choices(round_, safety)
        # Read under the lock: what the round held just before this submit, of the person's
        # and of what the others shared.
        before = Answer.objects.filter(Q(person=person) | Q(is_shared=True), round=round_)
        own_before, own_shared_before, partner_scores = set(), set(), {}
        for person_id, prompt_id, score, is_shared in before.values_list(
            "person_id", "prompt_id", "score", "is_shared"
        ):
            if person_id != person.pk:
                if score is not None:
                    partner_scores[prompt_id] = score
                continue
            own_before.add(prompt_id)
            if is_shared:
                own_shared_before.add(prompt_id)
        saved = [
            Answer(
                round=round_,
                person=person,
                # The round's own (the check above): the rules below read both.
                dimension=asked[answer.prompt_id].dimension,
                prompt=asked[answer.prompt_id].prompt,
                is_pulse=asked[answer.prompt_id].is_pulse,
                score=answer.score,
                note=answer.note,
                is_shared=answer.is_shared,
                wants_talk=answer.wants_talk,
                # The words they answered: the page showed this language's (or the English).
                language=asked[answer.prompt_id].prompt.language_shown(),
                created_at=now,
                updated_at=now,
            )
            for answer in answers
        ]
        skipped_now = own_before - {answer.prompt_id for answer in answers}
        if skipped_now:
            Answer.objects.filter(round=round_, person=person, prompt_id__in=skipped_now).delete()
        # An edit keeps each answer's created_at and prompt (a round's prompts never change).
        Answer.objects.bulk_create(
            saved,
            update_conflicts=True,
            unique_fields=["round", "person", "dimension", "is_pulse"],
            update_fields=["score", "note", "is_shared", "wants_talk", "language", "updated_at"],
        )
        if not own_before:  # a first submit: its time is the submission's
            Submission.objects.bulk_create(
                [Submission(round=round_, person=person, submitted_at=now)], ignore_conflicts=True
            )
        if round_.schedule.couple_id is not None:
            _safety_save(round_, person, safety_choices, now=now)
        _weighing_save(round_, person, weighing, had_answered=bool(own_before), now=now)
        suggestions_refresh(
            round_=round_,
            person=person,
            own=saved,
            partner_scores=partner_scores,
            # The support note comes instead of any practice (checkins/suggestions.py).
            support_instead=support_needed_now(own_answers=saved, safety_answers=safety_choices),
        )
        shared_now = {answer.prompt_id for answer in answers if answer.is_shared}
        # Only pulse answers make trends: a reflection answer taken back changes none.
        taken_back = {
            prompt_id
            for prompt_id in own_shared_before - shared_now
            if prompt_id in asked and asked[prompt_id].is_pulse
        }
        answers_saved.send(
            sender=Answer, round=round_, person=person, taken_back=frozenset(taken_back)
        )
    logger.info("checkin submitted round_id=%s", round_.pk)


def _check_answers_fit(answers: list[AnswerInput], asked: dict[int, RoundPrompt]) -> None:
    """Each answer to one of the round's questions, once; every pulse item answered, with "does
    not apply" only where it is offered; something answered; a talk flag only on a shared
    answer. Raises CheckinError."""
    given = [answer.prompt_id for answer in answers]
    pulse = {prompt_id for prompt_id, asked_prompt in asked.items() if asked_prompt.is_pulse}
    if (
        (asked and not answers)
        or len(set(given)) != len(given)
        or not set(given) <= asked.keys()
        or not pulse <= set(given)
        or any(asked[answer.prompt_id].dimension_id != answer.dimension_id for answer in answers)
    ):
        raise CheckinError(gettext("These answers do not match this check-in's questions."))
    for answer in answers:
        round_prompt = asked[answer.prompt_id]
        if round_prompt.is_pulse:
            # A pulse item has no note; "does not apply" only where it offers it.
            fits = not answer.note and (
                answer.score is not None or round_prompt.prompt.not_applicable_label
            )
        else:
            fits = answer.score is not None or answer.note.strip()
        if not fits:
            raise CheckinError(gettext("These answers do not match this check-in's questions."))
    if any(answer.wants_talk and not answer.is_shared for answer in answers):
        raise CheckinError(str(TALK_NEEDS_SHARING))
    if any(len(answer.note) > NOTE_MAX_LENGTH for answer in answers):
        raise CheckinError(
            gettext("A note can be at most %(count)s characters long.") % {"count": NOTE_MAX_LENGTH}
        )


def _safety_choices(round_: Round, safety: list[SafetyInput]) -> list[SafetyChoice]:
    """The choices made, checked: each one of its active question's, at most one per question,
    and only in a couple's round (a journal asks none). Raises CheckinError."""
    if not safety:
        return []
    if round_.schedule.couple_id is None:
        raise CheckinError(gettext("These answers do not match this check-in's questions."))
    chosen = {item.question_id: item.choice_id for item in safety}
    choices = list(
        SafetyChoice.objects.filter(
            pk__in=chosen.values(), question_id__in=chosen, question__is_active=True
        ).select_related("question")
    )
    if (
        len(chosen) != len(safety)
        or {choice.question_id: choice.pk for choice in choices} != chosen
    ):
        raise CheckinError(gettext("These answers do not match this check-in's questions."))
    return choices


def _safety_save(round_: Round, person, choices: list[SafetyChoice], *, now: datetime) -> None:
    """Keep exactly these safety answers of the person's for the round's active questions: one
    skipped now loses the answer it had. An answer to a question since made inactive stays."""
    SafetyAnswer.objects.filter(round=round_, person=person, question__is_active=True).exclude(
        question_id__in=[choice.question_id for choice in choices]
    ).delete()
    if choices:
        SafetyAnswer.objects.bulk_create(
            [
                SafetyAnswer(
                    round=round_,
                    person=person,
                    question_id=choice.question_id,
                    choice=choice,
                    question_text=choice.question.text,
                    choice_label=choice.label,
                    is_worrying=choice.is_worrying,
                    answered_at=now,
                )
                for choice in choices
            ],
            update_conflicts=True,
            unique_fields=["round", "person", "question"],
            update_fields=["choice", "question_text", "choice_label", "is_worrying", "answered_at"],
        )


def _weighing_save(
    round_: Round, person, weighing: WeighingInput | None, *, had_answered: bool, now: datetime
) -> None:
    """Keep the person's answer on what weighs on them as given: nothing ticked keeps none (an
    edit that unticks everything takes it back). Raises CheckinError on an unknown topic."""
    topics = weighing.topics if weighing else frozenset()
    if topics - WeighingAnswer.TOPICS.keys():
        raise CheckinError(gettext("These answers do not match this check-in's questions."))
    if not topics:
        if had_answered:  # a first submit has nothing to take back
            WeighingAnswer.objects.filter(round=round_, person=person).delete()
        return
    WeighingAnswer.objects.bulk_create(
        [
            WeighingAnswer(
                round=round_,
                person=person,
                **{topic: topic in topics for topic in WeighingAnswer.TOPICS},
                # Only a couple's round has someone to share with.
                is_shared=weighing.is_shared and round_.schedule.couple_id is not None,
                updated_at=now,
            )
        ],
        update_conflicts=True,
        unique_fields=["round", "person"],
        update_fields=[*WeighingAnswer.TOPICS, "is_shared", "updated_at"],
    )


def care_note_dismiss(*, submission: Submission) -> None:
    Submission.objects.filter(pk=submission.pk).update(care_note_dismissed_at=timezone.now())


# --- The periodic sweep -------------------------------------------------------------------


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
    schedule. Returns how many have a round open now."""
    now = now or timezone.now()
    made = 0
    for schedule in live_schedules().select_related("couple").iterator():
        if rounds_ensure(schedule, now=now) is not None:
            made += 1
    return made
