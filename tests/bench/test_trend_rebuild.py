"""The trend rebuild benchmark, small: what it rebuilds adds up to the answers, and the
dashboard reads the same figures as a direct query."""

import pytest
from django.db.models import Avg

from bench import datagen
from bench.trend_rebuild import expected_totals, rebuild_all_in_process, trend_totals
from checkins.models import Answer
from trends.models import WeeklyTrend

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def history(postgres, library):
    return datagen.generate(couples=4, weeks=6, password="unused-here", seed=3)


def _rounded(totals: dict) -> dict:
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in totals.items()}


def test_a_full_rebuild_adds_up_to_the_answers(history):
    rows = rebuild_all_in_process(batch=2)  # several batches, as workers would take them

    assert rows == expected_totals()["rows"] == WeeklyTrend.objects.count() > 0
    assert trend_totals() == _rounded(expected_totals())


def test_each_row_is_the_mean_of_its_answers_shared_ones_apart(history):
    rebuild_all_in_process()

    for trend in WeeklyTrend.objects.order_by("?")[:20]:
        answers = Answer.objects.filter(
            person=trend.person_id,
            dimension=trend.dimension_id,
            round__schedule=trend.schedule_id,
            round__week_start=trend.week_start,
            is_pulse=True,
        )
        assert trend.mean == pytest.approx(answers.aggregate(m=Avg("score"))["m"])
        shared = answers.filter(is_shared=True)
        assert trend.shared_count == shared.count()
        assert trend.shared_mean == pytest.approx(shared.aggregate(m=Avg("score"))["m"])


def test_a_rebuild_over_existing_rows_writes_changes_and_removes_orphans(history):
    rebuild_all_in_process()
    answer = Answer.objects.filter(score__lt=5).first()
    Answer.objects.filter(pk=answer.pk).update(score=5, is_shared=not answer.is_shared)
    gone = Answer.objects.exclude(pk=answer.pk).values("person", "round").first()
    Answer.objects.filter(person=gone["person"], round=gone["round"]).delete()

    rebuild_all_in_process()

    assert trend_totals() == _rounded(expected_totals())
    assert WeeklyTrend.objects.count() == expected_totals()["rows"]


@pytest.mark.django_db(transaction=True)
def test_processes_side_by_side_rebuild_every_batch(history, new_processes_share_this_database):
    rows = rebuild_all_in_process(batch=1, processes=2)

    assert rows == expected_totals()["rows"] == WeeklyTrend.objects.count() > 0
    assert trend_totals() == _rounded(expected_totals())
