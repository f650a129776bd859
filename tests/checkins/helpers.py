from datetime import datetime, time, timedelta

from django.utils import timezone

from checkins.models import Round, Schedule
from checkins.selectors import schedule_for_person
from checkins.services import AnswerInput, checkin_submit, round_ensure_at


def set_schedule(user, **fields) -> Schedule:
    """Change the person's schedule as schedule_update would (rounds made ahead that nobody
    answered go), with any fields, without making rounds."""
    schedule = schedule_for_person(user)
    Schedule.objects.filter(pk=schedule.pk).update(**fields)
    schedule.rounds.filter(opens_at__gt=timezone.now(), answers__isnull=True).delete()
    schedule.refresh_from_db()
    return schedule


def open_round(user, *, opened: timedelta = timedelta(hours=1)) -> Round:
    """A round on the person's schedule that opened `opened` ago (daily cadence, UTC)."""
    opens_at = (timezone.now() - opened).replace(microsecond=0)
    schedule = set_schedule(
        user, cadence="daily", time_of_day=time(opens_at.hour, opens_at.minute), time_zone="UTC"
    )
    return round_ensure_at(schedule, opens_at.replace(second=0))


def _score(score, round_prompt):
    """`score` for every question, or by dimension slug (both of its questions), or by
    "<slug>-pulse" and "<slug>" apart."""
    if score is None or isinstance(score, int):
        return score
    slug = round_prompt.dimension.slug
    if round_prompt.is_pulse and f"{slug}-pulse" in score:
        return score[f"{slug}-pulse"]
    return score[slug]


def answers_for(round_, *, score=3, note="", shared: bool | None = None) -> list[AnswerInput]:
    """An answer to each of the round's questions (a note on the reflection questions)."""
    return [
        AnswerInput(
            dimension_id=rp.dimension_id,
            prompt_id=rp.prompt_id,
            score=_score(score, rp),
            note="" if rp.is_pulse else note,
            is_shared=rp.prompt.shared_by_default if shared is None else shared,
        )
        for rp in round_.round_prompts.select_related("dimension", "prompt")
    ]


def submit(round_, person, *, now: datetime | None = None, **kwargs):
    return checkin_submit(
        round_=round_, person=person, answers=answers_for(round_, **kwargs), now=now
    )


def form_data(round_, *, score=3, note="", shared: bool | None = None) -> dict[str, str]:
    """What the check-in form posts with every question answered (`score` as answers_for's;
    None leaves the scores out)."""
    data = {}
    for rp in round_.round_prompts.select_related("dimension", "prompt"):
        key = f"{rp.dimension.slug}-pulse" if rp.is_pulse else rp.dimension.slug
        data[f"{key}-prompt"] = str(rp.prompt_id)
        value = _score(score, rp)
        data[f"{key}-score"] = "" if value is None else str(value)
        if not rp.is_pulse:
            data[f"{key}-note"] = note
        if shared if shared is not None else rp.prompt.shared_by_default:
            data[f"{key}-shared"] = "on"
    return data
