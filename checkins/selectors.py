"""Reads about check-ins. Everything a partner may see of the other goes through
partner_shared_answers: shared answers only, and only once the reveal rule allows."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from couples.models import Couple, CoupleMember

from . import slots
from .models import Answer, Round, Submission, Suggestion


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


def with_membership_of(rounds: QuerySet[Round], user) -> QuerySet[Round]:
    """`rounds`, each knowing whether `user` is an active member of its couple: is_participant
    then needs no query of its own."""
    return rounds.annotate(
        **{
            membership_flag(user): Exists(
                CoupleMember.objects.filter(
                    couple_id=OuterRef("schedule__couple_id"), user=user, is_active=True
                )
            )
        }
    )


def get_round_for_user(code: str, user) -> Round:
    """The round with this code if `user` may see it, else 404: the rule of rounds_visible_to
    (their journal's, or a couple's they were ever in), read for one round with at most two
    small queries, and carrying whether they are an active member (is_participant).

    Two plain queries rather than one with EXISTS subqueries: the ORM takes longer to build
    that one than the database takes to run both (docs/performance.md)."""
    try:
        round_ = Round.objects.select_related("schedule__couple").get(code=code)
    except Round.DoesNotExist:
        raise Http404("No such check-in.") from None
    schedule = round_.schedule
    if schedule.owner_id is not None:
        if schedule.owner_id != user.pk:
            raise Http404("No such check-in.")
        return round_
    memberships = list(
        CoupleMember.objects.filter(couple_id=schedule.couple_id, user=user).values_list(
            "is_active", flat=True
        )
    )
    if not memberships:
        raise Http404("No such check-in.")
    setattr(round_, membership_flag(user), any(memberships))
    return round_


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
