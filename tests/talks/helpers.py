import dataclasses
from datetime import date, timedelta

from accounts.models import Profile
from checkins.models import Round
from checkins.services import checkin_submit
from content.models import Dimension
from tests.checkins.helpers import answers_for
from trends.models import WeeklyTrend


def name(person, display_name: str) -> None:
    Profile.objects.filter(user=person).update(display_name=display_name)


def submit_with(round_: Round, person, *, score=3, shared=True, talk=(), note=""):
    """Answer every question; `talk`: the "<slug>-pulse" / "<slug>" keys flagged."""
    answers = []
    for answer, rp in zip(
        answers_for(round_, score=score, shared=shared, note=note),
        round_.round_prompts.select_related("dimension", "prompt"),
        strict=True,
    ):
        key = f"{rp.dimension.slug}-pulse" if rp.is_pulse else rp.dimension.slug
        answers.append(dataclasses.replace(answer, wants_talk=key in talk))
    checkin_submit(round_=round_, person=person, answers=answers)


def shared_trend(round_: Round, person, slug: str, means: list[float | None]) -> None:
    """Weekly shared means of `person` on `slug` for the weeks before the round's, oldest first
    (the last value is the week just before the round's)."""
    dimension = Dimension.objects.get(slug=slug)
    for weeks_back, mean in zip(range(len(means), 0, -1), means, strict=True):
        if mean is None:
            continue
        week: date = round_.week_start - timedelta(weeks=weeks_back)
        WeeklyTrend.objects.create(
            person=person,
            schedule=round_.schedule,
            week_start=week,
            dimension=dimension,
            mean=mean,
            count=1,
            shared_mean=mean,
            shared_count=1,
        )
