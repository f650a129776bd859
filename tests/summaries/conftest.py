from datetime import timedelta

import pytest

from couples.selectors import active_couple_for
from summaries.services import summary_accept, summary_propose
from tests.checkins.helpers import open_round, submit

ALEX_SCORE, SAM_SCORE = 4, 2


def closed_weeks(alex, sam, weeks, capture, *, alex_kwargs=None, sam_kwargs=None):
    """One closed round in each of the last `weeks` weeks, both sharing every answer."""
    rounds = []
    for ago in range(weeks, 0, -1):
        round_ = open_round(alex, opened=timedelta(weeks=ago, hours=1))
        with capture(execute=True):
            submit(round_, alex, score=ALEX_SCORE, shared=True, now=round_.opens_at)
        with capture(execute=True):
            submit(round_, sam, score=SAM_SCORE, shared=True, now=round_.opens_at)
        rounds.append(round_)
    return rounds


@pytest.fixture
def history(couple, django_capture_on_commit_callbacks):
    """Alex and Sam, with three closed weekly rounds in which each shared everything (Alex 4,
    Sam 2 on every question)."""
    alex, sam = couple
    rounds = closed_weeks(alex, sam, 3, django_capture_on_commit_callbacks)
    return alex, sam, rounds


@pytest.fixture
def agreed(history):
    """A 4-week summary Alex proposed and Sam agreed to."""
    alex, sam, _ = history
    summary = summary_propose(person=alex, couple=active_couple_for(alex), weeks=4)
    assert summary_accept(summary=summary, person=sam)
    return alex, sam, summary
