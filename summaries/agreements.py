"""SEAM (issue 23): the couple's "What we agreed" notes for a summary's period.

The talks app, built alongside this one, owns those notes. Until it is merged there are none,
and `agreements_for` returns an empty list; tests/summaries/test_agreements_seam.py fails as
soon as a `talks` app is installed, so that whoever merges it connects it here (reading only
the couple's shared agreement text and when it was last changed, never anything private).
"""

from dataclasses import dataclass
from datetime import date

from couples.models import Couple


@dataclass(frozen=True)
class Agreement:
    week: date  # the Monday of the week of the round it was agreed after
    text: str


def agreements_for(*, couple: Couple, first_week: date, last_week: date) -> list[Agreement]:
    """What the couple wrote down as agreed after the rounds of these weeks, oldest first.
    None until the talks app exists (see above)."""
    return []
