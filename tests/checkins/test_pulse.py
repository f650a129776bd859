"""The pulse: one fixed item per dimension in every round, the only answers the trends add up;
reflection questions beside it that rotate and may be skipped; "does not apply" kept and never
averaged; history from before the pulse still readable, and marked on the charts."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from checkins.models import Answer, RoundPrompt, Schedule, WeighingAnswer
from checkins.services import round_ensure_at
from tests.accounts.helpers import log_in
from tests.checkins.helpers import form_data, open_round, submit
from tests.trends.test_dashboards import chart_data
from trends.models import WeeklyTrend

pytestmark = pytest.mark.django_db


def weekly_rounds(person, weeks: int) -> list:
    """Closed weekly rounds, oldest first, the last one a week ago."""
    return [open_round(person, opened=timedelta(weeks=n, hours=1)) for n in range(weeks, 0, -1)]


def connection_values(client, person, line: int = 0) -> list:
    log_in(client, person.email)
    data = chart_data(client.get("/trends/mine/").content.decode())
    return [value for value in data["series"][0]["lines"][line]["values"] if value is not None]


def test_the_charts_move_with_the_pulse_answers_not_with_the_rotating_questions(
    client, couple, django_capture_on_commit_callbacks
):
    alex, _ = couple
    rounds = weekly_rounds(alex, 4)
    # Each round asks another connection reflection, answered anywhere from 1 to 5; the pulse
    # answer stays at 4.
    asked = {
        r.round_prompts.get(dimension__slug="connection", is_pulse=False).prompt_id for r in rounds
    }
    assert len(asked) == 4
    for round_, reflection in zip(rounds, (1, 5, 2, 5), strict=True):
        with django_capture_on_commit_callbacks(execute=True):
            submit(
                round_,
                alex,
                score={"connection-pulse": 4, "connection": reflection, "communication": 3,
                       "desire": 3, "obligation": 1},
                now=round_.opens_at,
            )  # fmt: skip

    assert connection_values(client, alex) == [4.0, 4.0, 4.0, 4.0]

    # The pulse answer of the last round moves, and so does the chart.
    with django_capture_on_commit_callbacks(execute=True):
        submit(
            rounds[-1],
            alex,
            score={"connection-pulse": 2, "connection": 5, "communication": 3, "desire": 3,
                   "obligation": 1},
            now=rounds[-1].opens_at,
        )  # fmt: skip
    assert connection_values(client, alex) == [4.0, 4.0, 4.0, 2.0]


def test_did_not_come_up_is_kept_and_never_counts_as_a_score(
    client, couple, django_capture_on_commit_callbacks
):
    alex, _ = couple
    first, second = weekly_rounds(alex, 2)
    log_in(client, alex.email)
    with time_machine.travel(first.opens_at + timedelta(minutes=5)):
        data = form_data(first, score=2) | {"obligation-pulse-score": "na"}
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(f"/checkin/{first.code}/", data).status_code == 302
        page = client.get(f"/checkin/{first.code}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        submit(second, alex, score=5, now=second.opens_at)

    kept = Answer.objects.get(round=first, person=alex, dimension__slug="obligation", is_pulse=True)
    assert kept.score is None
    # Shown as the person chose it, and chosen again on the form.
    assert "It did not come up" in page
    assert re.search(r'name="obligation-pulse-score" value="na"[^>]*checked', page)
    # No trend row for that week: a gap, not a zero or a one.
    obligation = WeeklyTrend.objects.filter(person=alex, dimension__slug="obligation")
    assert list(obligation.values_list("week_start", "mean")) == [(second.week_start, 5.0)]
    data = chart_data(client.get("/trends/mine/").content.decode())
    values = data["series"][3]["lines"][0]["values"]
    assert values[-3:] == [None, 5.0, None]  # two weeks ago, last week, this week


def test_a_reflection_question_may_be_skipped_or_answered_with_a_note_alone(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)
    data = form_data(round_, score=3) | {
        "connection-score": "",
        "connection-note": "",
        "desire-score": "",
        "desire-note": "Only words this time",
    }

    assert client.post(f"/checkin/{round_.code}/", data).status_code == 302

    mine = Answer.objects.filter(round=round_, person=alex)
    assert mine.filter(is_pulse=True).count() == 4
    assert not mine.filter(dimension__slug="connection", is_pulse=False).exists()
    note_only = mine.get(dimension__slug="desire", is_pulse=False)
    assert (note_only.score, note_only.note) == (None, "Only words this time")
    page = client.get(f"/checkin/{round_.code}/").content.decode()
    assert "No score" in page and "Only words this time" in page

    # Skipping it on an edit takes the answer back.
    client.post(
        f"/checkin/{round_.code}/",
        form_data(round_, score=3) | {"desire-score": "", "desire-note": ""},
    )
    assert not mine.filter(dimension__slug="desire", is_pulse=False).exists()


def test_a_pulse_item_cannot_be_skipped(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)
    data = form_data(round_, note="typed") | {"connection-pulse-score": ""}

    response = client.post(f"/checkin/{round_.code}/", data)

    assert response.status_code == 400
    assert "Choose one of the answers for this question." in response.content.decode()
    assert not Answer.objects.exists()


def test_the_time_frame_is_since_the_persons_last_check_in_with_its_date(client, couple):
    alex, _ = couple
    alex.profile.time_zone = "Pacific/Auckland"
    alex.profile.save()
    earlier = open_round(alex, opened=timedelta(hours=20))
    log_in(client, alex.email)

    first_page = client.get(f"/checkin/{earlier.code}/").content.decode()
    submit(earlier, alex, now=earlier.opens_at + timedelta(minutes=10))
    current = open_round(alex)
    page = client.get(f"/checkin/{current.code}/").content.decode()

    assert "This is your first check-in here" in first_page
    # The date of that check-in in the person's own zone, whatever the cadence (daily here).
    answered = (earlier.opens_at + timedelta(minutes=10)).astimezone(ZoneInfo("Pacific/Auckland"))
    assert f"since your last check-in, on {answered:%A} {answered.day} {answered:%B}" in page
    assert "past week" not in page


def test_history_from_before_the_pulse_stays_readable_and_the_charts_mark_the_change(
    client, couple, django_capture_on_commit_callbacks
):
    alex, sam = couple
    old, new = weekly_rounds(alex, 2)
    # A round from before the pulse asked the rotating prompts alone.
    RoundPrompt.objects.filter(round=old, is_pulse=True).delete()
    old_question = old.round_prompts.get(dimension__slug="connection").prompt.text
    for round_ in (old, new):
        for person in (alex, sam):
            with django_capture_on_commit_callbacks(execute=True):
                submit(round_, person, score=2, shared=True, now=round_.opens_at)
    log_in(client, alex.email)

    history = client.get("/checkin/history/").content.decode()
    ours = client.get("/trends/").content.decode()
    mine = client.get("/trends/mine/").content.decode()

    # The old answers keep the question they answered.
    assert old_question in history
    for html in (ours, mine):
        data = chart_data(html)
        # Only the pulse week is charted, and the chart marks where the pulse begins.
        assert data["pulseStart"] == len(data["weeks"]) - 2
        values = data["series"][0]["lines"][0]["values"]
        assert values[-3:] == [None, 2.0, None]
        assert html.count("every check-in asks the same four pulse questions") == 1
        assert "(pulse questions begin)" in html


def test_no_mark_when_every_check_in_had_the_pulse(
    client, couple, django_capture_on_commit_callbacks
):
    alex, _ = couple
    for round_ in weekly_rounds(alex, 2):
        with django_capture_on_commit_callbacks(execute=True):
            submit(round_, alex, score=3, now=round_.opens_at)
    log_in(client, alex.email)

    html = client.get("/trends/mine/").content.decode()

    assert chart_data(html)["pulseStart"] is None
    assert "pulse questions" not in html


def test_what_weighs_on_a_person_is_kept_unscored_and_reaches_the_partner_only_if_shared(
    client, couple
):
    alex, sam = couple
    round_ = open_round(alex)
    log_in(client, alex.email)
    data = form_data(round_) | {"weighing": ["work", "health"]}  # not shared: the default

    client.post(f"/checkin/{round_.code}/", data)
    client.post("/accounts/logout/")
    submit(round_, sam)
    log_in(client, sam.email)
    sams_page = client.get(f"/checkin/{round_.code}/").content.decode()
    sams_history = client.get("/checkin/history/").content.decode()

    saved = WeighingAnswer.objects.get(person=alex)
    assert saved.topics == ["work", "health"] and not saved.is_shared
    for html in (sams_page, sams_history):
        assert "Work or studies, Health" not in html and "Weighing on them" not in html

    # Shared on an edit, Sam sees it; taken back to nothing, it is gone.
    client.post("/accounts/logout/")
    log_in(client, alex.email)
    client.post(f"/checkin/{round_.code}/", data | {"weighing-shared": "on"})
    own_page = client.get(f"/checkin/{round_.code}/").content.decode()
    client.post("/accounts/logout/")
    log_in(client, sam.email)
    shared_page = client.get(f"/checkin/{round_.code}/").content.decode()
    client.post("/accounts/logout/")
    log_in(client, alex.email)
    client.post(f"/checkin/{round_.code}/", form_data(round_))

    assert "Weighing on you lately: Work or studies, Health" in own_page
    assert "Weighing on them lately: Work or studies, Health" in shared_page
    assert not WeighingAnswer.objects.exists()


def test_a_topic_that_is_not_offered_is_refused_with_what_was_typed(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)

    response = client.post(
        f"/checkin/{round_.code}/", form_data(round_, note="kept") | {"weighing": ["lottery"]}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose from the topics listed." in html and "kept" in html
    assert not Answer.objects.exists() and not WeighingAnswer.objects.exists()


def test_a_round_from_before_the_pulse_asks_for_at_least_one_answer(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    RoundPrompt.objects.filter(round=round_, is_pulse=True).delete()
    log_in(client, alex.email)
    page = client.get(f"/checkin/{round_.code}/").content.decode()
    nothing = {key: "" for key in form_data(round_) if key.endswith("-score")}

    response = client.post(f"/checkin/{round_.code}/", form_data(round_) | nothing)
    one = client.post(
        f"/checkin/{round_.code}/", form_data(round_) | nothing | {"desire-score": "4"}
    )

    assert "the same question every time" not in page  # it has no pulse items
    assert response.status_code == 400
    assert "Answer at least one question" in response.content.decode()
    assert one.status_code == 302
    assert list(Answer.objects.values_list("dimension__slug", "score")) == [("desire", 4)]


def test_a_journal_entry_is_not_the_last_check_in_of_a_couple(client, couple):
    alex, _ = couple
    journal = Schedule.objects.get(owner=alex)
    entry = round_ensure_at(journal, open_round(alex).opens_at - timedelta(hours=2))
    submit(entry, alex, now=entry.opens_at + timedelta(minutes=5))
    current = open_round(alex)
    log_in(client, alex.email)

    page = client.get(f"/checkin/{current.code}/").content.decode()

    assert "This is your first check-in here" in page
