"""The schedule's day picker starts on the reader's first day of the week; the values stay."""

import pytest
from django.utils import translation

from checkins.forms import ScheduleForm


@pytest.mark.parametrize(
    ("language", "first", "last"),
    [("en", (6, "Sunday"), (5, "Saturday")), ("de", (0, "Montag"), (6, "Sonntag"))],
)
def test_the_weekdays_start_on_the_locales_first_day(language, first, last):
    with translation.override(language):
        choices = [(value, str(label)) for value, label in ScheduleForm().fields["weekday"].choices]

    assert choices[0] == first
    assert choices[-1] == last
    assert len(choices) == 7
