"""The check-in and schedule forms under random and hostile input (issue #8, Bad input).

Every example posts through the test client as the logged-in person and then checks: no 500;
either the answers saved are exactly what was sent, or a 400 page with an error, nothing
changed in the database, and every note and chosen score still on the page.
"""

import re

import pytest
from django import forms
from django.http import QueryDict
from hypothesis import example, given
from hypothesis import strategies as st

from checkins.models import Answer, Round, Schedule, Submission
from tests.accounts.helpers import log_in
from tests.checkins.helpers import form_data, open_round
from tests.hostile import (
    assert_option_kept,
    assert_refused_with_input_kept,
    hostile_number,
    hostile_text,
    hostile_time,
    last,
    mutate,
    snapshot,
)

pytestmark = pytest.mark.django_db

SCORES = ["1", "2", "3", "4", "5"]
DIMENSIONS = ["connection", "communication", "desire", "obligation"]
# The pulse item's fields and the reflection question's (which has the note).
QUESTIONS = [f"{key}-pulse" for key in DIMENSIONS] + DIMENSIONS
# The pulse items that offer "does not apply" (library.toml).
NOT_APPLICABLE_OFFERED = {"communication-pulse", "obligation-pulse"}
CHECKIN_FIELDS = {
    **{
        f"{key}-score": st.one_of(st.sampled_from([*SCORES, "na", ""]), hostile_number)
        for key in QUESTIONS
    },
    **{f"{key}-note": hostile_text for key in DIMENSIONS},
    **{f"{key}-prompt": hostile_number for key in QUESTIONS},
    **{f"{key}-shared": st.one_of(st.just("on"), hostile_text) for key in QUESTIONS},
}


def _answers(person) -> list:
    return snapshot(
        lambda: (
            Answer.objects.filter(person=person)
            .order_by("dimension_id", "is_pulse")
            .values_list(
                "dimension__slug",
                "is_pulse",
                "prompt_id",
                "score",
                "note",
                "is_shared",
                "updated_at",
            )
        ),
        lambda: Submission.objects.filter(person=person).values_list("pk", "submitted_at"),
    )


def _checked(data: dict, name: str) -> bool:
    query = QueryDict(mutable=True)
    value = data.get(name)
    query.setlist(name, value if isinstance(value, list) else [] if value is None else [value])
    return forms.CheckboxInput().value_from_datadict(query, {}, name)


@pytest.fixture
def checkin(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)
    return client, alex, round_


def test_hostile_check_ins_are_refused_whole_with_what_was_typed(checkin):
    client, alex, round_ = checkin
    valid = form_data(round_, note="kept note")

    @given(data=mutate(valid, CHECKIN_FIELDS))
    @example(data={**valid, "desire-note": "a\x00b"})
    @example(data={**valid, "desire-score": ["3", "\x00"], "connection-note": "x" * 2001})
    @example(data={**valid, "obligation-prompt": "9" * 5000})
    def check(data):
        before = _answers(alex)

        response = client.post(f"/checkin/{round_.code}/", data)

        if response.status_code == 302:
            saved = {
                f"{slug}-pulse" if is_pulse else slug: row
                for slug, is_pulse, *row in _answers(alex)[0]
            }
            for key in QUESTIONS:
                score, note = last(data.get(f"{key}-score")), last(data.get(f"{key}-note"))
                note = (note or "").strip()
                if not score and not note:  # a reflection question skipped
                    assert key in DIMENSIONS and key not in saved
                    continue
                assert saved[key][1] == (int(score) if score in SCORES else None)
                assert saved[key][2] == note
                assert saved[key][3] == _checked(data, f"{key}-shared")
            return
        html = assert_refused_with_input_kept(response, data, [f"{key}-note" for key in DIMENSIONS])
        assert _answers(alex) == before, "a refused check-in changed saved answers"
        for key in QUESTIONS:
            score = last(data.get(f"{key}-score"))
            offered = score in SCORES or (score == "na" and key in NOT_APPLICABLE_OFFERED)
            assert_option_kept(html, f"{key}-score", score if offered else None)

    check()


SUMMARY = re.compile(r'<p class="schedule-summary">.*?</p>', re.S)
SCHEDULE_FIELDS = {
    "cadence": st.one_of(st.sampled_from(Schedule.Cadence.values), hostile_text),
    "weekday": st.one_of(st.sampled_from([str(day) for day in range(7)]), hostile_number),
    "time_of_day": hostile_time,
    "is_paused": st.one_of(st.just("on"), hostile_text),
}


def test_hostile_schedules_are_refused_whole_with_what_was_typed(client, couple):
    alex, _ = couple
    log_in(client, alex.email)
    schedule = Schedule.objects.get(couple__isnull=False)
    valid = {"cadence": "weekly", "weekday": "2", "time_of_day": "20:30"}

    def state():
        return snapshot(
            lambda: Schedule.objects.values_list(
                "cadence", "weekday", "time_of_day", "is_paused", "time_zone", "anchor_date"
            ),
            lambda: Round.objects.values_list("pk", "opens_at", "is_skipped"),
        )

    @given(data=mutate(valid, SCHEDULE_FIELDS))
    @example(data={**valid, "time_of_day": "12:00\x00"})
    @example(data={**valid, "weekday": "7"})
    @example(data={**valid, "cadence": ["weekly", "hourly"]})
    def check(data):
        before = state()

        response = client.post("/checkin/schedule/", data)

        if response.status_code == 302:
            schedule.refresh_from_db()
            assert schedule.cadence == last(data["cadence"])
            assert schedule.weekday == int(last(data["weekday"]))
            return
        html = assert_refused_with_input_kept(response, data, ["time_of_day"])
        assert state() == before, "a refused schedule changed the schedule or its rounds"
        # Nor does the page describe the refused values as the schedule.
        saved = client.get("/checkin/schedule/").content.decode()
        assert SUMMARY.search(html).group() == SUMMARY.search(saved).group()
        cadence, weekday = last(data.get("cadence")), last(data.get("weekday"))
        assert_option_kept(html, "cadence", cadence if cadence in Schedule.Cadence.values else None)
        assert_option_kept(html, "weekday", weekday if weekday in list("0123456") else None)

    check()
