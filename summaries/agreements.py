"""The couple's "What we agreed" notes for a summary's period, from the talks app."""

from dataclasses import dataclass
from datetime import date

from couples.models import Couple
from talks.models import Agreement as TalkAgreement


@dataclass(frozen=True)
class Agreement:
    week: date  # the Monday of the week of the round it was agreed after
    text: str


def agreements_for(*, couple: Couple, first_week: date, last_week: date) -> list[Agreement]:
    """What the couple wrote down as agreed after the rounds of these weeks, oldest first: the
    shared note's text and its week, nothing else (an empty note is no agreement)."""
    found = (
        TalkAgreement.objects.filter(
            round__schedule__couple=couple,
            round__week_start__gte=first_week,
            round__week_start__lte=last_week,
            version__gt=0,
        )
        .select_related("round")
        .order_by("round__opens_at")
    )
    return [Agreement(week=item.round.week_start, text=item.text) for item in found if item.text]
