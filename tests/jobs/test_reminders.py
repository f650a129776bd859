"""Reminders end to end (in process): planned, sent once, discreet, never when not wanted."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.models import Profile
from checkins.services import round_ensure_at, round_skip_next
from couples.services import couple_end_for_user
from reminders import services
from reminders.models import ReminderLog
from reminders.tasks import sweep
from tests.accounts.helpers import log_in
from tests.checkins.helpers import set_schedule, submit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OPENS = datetime(2026, 11, 22, 18, tzinfo=UTC)  # Sunday 19:00 in Berlin, 10:00 in Los Angeles


@pytest.fixture
def couple_round(couple):
    alex, sam = couple
    Profile.objects.filter(user=alex).update(time_zone="Europe/Berlin")
    Profile.objects.filter(user=sam).update(time_zone="America/Los_Angeles")
    schedule = set_schedule(
        alex, cadence="weekly", weekday=6, time_of_day=time(19), time_zone="Europe/Berlin"
    )
    return alex, sam, schedule, round_ensure_at(schedule, OPENS)


def run_sweep_at(moment: datetime) -> list[str]:
    """Run beat's sweep (tasks run in process in tests) and return who got mail."""
    mail.outbox.clear()
    with time_machine.travel(moment, tick=False):
        sweep()
    return sorted(message.to[0] for message in mail.outbox)


def test_each_partner_is_reminded_at_19_in_their_own_zone_then_followed_up(couple_round):
    alex, sam, _, round_ = couple_round

    assert run_sweep_at(OPENS - timedelta(minutes=1)) == []
    assert run_sweep_at(OPENS + timedelta(minutes=1)) == [alex.email]
    assert run_sweep_at(OPENS + timedelta(hours=8)) == []
    assert run_sweep_at(OPENS + timedelta(hours=9, minutes=1)) == [sam.email]
    assert "Wednesday 25 November, 10:00" in mail.outbox[0].body  # the close, Sam's time
    assert run_sweep_at(OPENS + timedelta(hours=12)) == []
    follow_ups = run_sweep_at(round_.closes_at - timedelta(hours=24) + timedelta(minutes=1))
    assert follow_ups == sorted([alex.email, sam.email])
    assert mail.outbox[0].subject == "Your check-in is still open"
    assert run_sweep_at(round_.closes_at - timedelta(hours=1)) == []
    assert ReminderLog.objects.filter(status="sent").count() == 4


def test_a_sweep_run_again_sends_nothing_twice(couple_round):
    alex, _, _, _ = couple_round

    first = run_sweep_at(OPENS + timedelta(minutes=1))
    again = run_sweep_at(OPENS + timedelta(minutes=2))

    assert first == [alex.email]
    assert again == []


def test_a_send_delivered_twice_sends_once(couple_round):
    with time_machine.travel(OPENS + timedelta(minutes=1), tick=False):
        services.reminders_plan()
        (reminder_id,) = services.reminders_queue_due()

        assert services.reminder_send(reminder_id) == "sent"
        assert services.reminder_send(reminder_id) == "not-claimed"

    assert len(mail.outbox) == 1


def test_who_has_answered_gets_no_reminder(couple_round):
    alex, sam, _, round_ = couple_round
    submit(round_, sam, now=OPENS + timedelta(hours=1))

    assert run_sweep_at(OPENS + timedelta(minutes=1)) == [alex.email]
    assert run_sweep_at(OPENS + timedelta(hours=10)) == []
    assert ReminderLog.objects.get(person=sam, kind="opened").status == "cancelled"


def test_reminders_off_paused_skipped_or_ended_send_nothing(couple_round):
    alex, _, schedule, _ = couple_round
    Profile.objects.filter(user=alex).update(reminders_enabled=False)
    assert run_sweep_at(OPENS + timedelta(minutes=1)) == []

    schedule.is_paused = True
    schedule.save()
    assert run_sweep_at(OPENS + timedelta(hours=10)) == []

    schedule.is_paused = False
    schedule.save()
    couple_end_for_user(user=alex)
    assert run_sweep_at(OPENS + timedelta(hours=11)) == []


def test_a_skipped_round_sends_nothing(couple_round):
    _, _, schedule, round_ = couple_round
    with time_machine.travel(round_.closes_at + timedelta(hours=1), tick=False):
        skipped = round_skip_next(schedule=schedule)

    assert run_sweep_at(skipped.opens_at + timedelta(hours=10)) == []
    assert not ReminderLog.objects.filter(round=skipped).exists()


def test_quiet_hours_hold_the_reminder_until_they_end(couple_round):
    alex, _, _, _ = couple_round
    Profile.objects.filter(user=alex).update(quiet_hours_start=time(18), quiet_hours_end=time(21))

    assert alex.email not in run_sweep_at(OPENS + timedelta(minutes=1))
    assert alex.email in run_sweep_at(OPENS + timedelta(hours=2, minutes=1))  # 21:01 Berlin


def test_the_email_is_discreet_with_a_link_and_one_click_unsubscribe(couple_round, client):
    alex, _, _, round_ = couple_round
    run_sweep_at(OPENS + timedelta(minutes=1))
    (message,) = mail.outbox

    assert message.subject == "Your check-in is ready"
    text, html = message.body, message.alternatives[0][0]
    assert f"/checkin/{round_.code}/" in text and f"/checkin/{round_.code}/" in html
    assert "Wednesday 25 November, 19:00" in text  # the close, in Alex's own zone
    for word in ("connection", "communication", "desire", "obligation", "partner", "score"):
        assert word not in (message.subject + text).lower()
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    path = unsubscribe.split("127.0.0.1:8000", 1)[1]
    assert "Turn reminder emails off" in client.get(path).content.decode()
    assert Profile.objects.get(user=alex).reminders_enabled  # a GET only asks
    client.post(path)
    assert not Profile.objects.get(user=alex).reminders_enabled


def test_a_tampered_unsubscribe_link_changes_nothing(couple_round, client):
    alex, _, _, _ = couple_round
    token = Profile.objects.get(user=alex).unsubscribe_token

    response = client.post(f"/reminders/off/{token[:-2]}xx/")

    assert response.status_code == 400
    assert Profile.objects.get(user=alex).reminders_enabled


def test_the_unsubscribe_link_names_nobody(couple_round):
    alex, _, _, round_ = couple_round
    run_sweep_at(OPENS + timedelta(minutes=1))
    (message,) = mail.outbox
    token = message.extra_headers["List-Unsubscribe"].strip("<>").rstrip("/").rsplit("/", 1)[1]

    assert len(token) >= 40
    assert str(alex.pk) not in _decoded_parts(token)
    assert alex.email not in token and round_.code not in token


def _decoded_parts(token: str) -> list[str]:
    """What a curious reader could decode from the link: base64 pieces between separators."""
    import base64
    import binascii

    parts = []
    for piece in token.replace(":", ".").split("."):
        try:
            parts.append(base64.urlsafe_b64decode(piece + "=" * (-len(piece) % 4)).decode())
        except (binascii.Error, UnicodeDecodeError):
            continue
    return parts


def test_an_old_unsubscribe_link_does_nothing_after_reminders_are_turned_back_on(
    couple_round, client
):
    alex, _, _, _ = couple_round
    run_sweep_at(OPENS + timedelta(minutes=1))
    old_link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    old_path = old_link.split("127.0.0.1:8000", 1)[1]
    assert client.post(old_path).status_code == 200
    assert not Profile.objects.get(user=alex).reminders_enabled

    log_in(client, alex.email)
    profile = Profile.objects.get(user=alex)
    client.post(
        reverse("profile"),
        {
            "display_name": profile.display_name,
            "time_zone": profile.time_zone,
            "reminders_enabled": "on",
        },
    )
    assert Profile.objects.get(user=alex).reminders_enabled
    client.post("/accounts/logout/")

    again = client.post(old_path)
    assert again.status_code == 400
    assert "no longer works" in again.content.decode()
    assert Profile.objects.get(user=alex).reminders_enabled
    assert client.get(old_path).status_code == 400


def test_the_same_reminder_always_carries_the_same_message_id(couple_round):
    alex, _, _, _ = couple_round
    run_sweep_at(OPENS + timedelta(minutes=1))
    (first,) = mail.outbox
    log = ReminderLog.objects.get(person=alex, kind="opened")

    assert first.extra_headers["Message-ID"] == services.reminder_message_id(log)
    assert first.extra_headers["Message-ID"].endswith("@127.0.0.1>")
    assert str(log.pk) not in first.extra_headers["Message-ID"].split("@")[0].split(".")
    # Re-sent after an uncertain answer from the mail server: recognisably the same message.
    ReminderLog.objects.filter(pk=log.pk).update(status="queued")
    with time_machine.travel(OPENS + timedelta(minutes=2), tick=False):
        services.reminder_send(log.pk)
    assert mail.outbox[-1].extra_headers["Message-ID"] == first.extra_headers["Message-ID"]
    others = {
        services.reminder_message_id(other) for other in ReminderLog.objects.exclude(pk=log.pk)
    }
    assert first.extra_headers["Message-ID"] not in others


def test_a_reminder_whose_worker_died_while_sending_is_sent_once_by_a_later_sweep(
    couple_round, settings
):
    alex, _, _, _ = couple_round
    settings.REMINDER_CLAIM_TIMEOUT = 120
    with time_machine.travel(OPENS + timedelta(minutes=1), tick=False):
        services.reminders_plan()
        (reminder_id,) = services.reminders_queue_due()
        # The worker claims the row, counts an attempt, and is killed before it sends.
        ReminderLog.objects.filter(pk=reminder_id).update(
            status="sending", claimed_at=OPENS + timedelta(minutes=1), attempts=1
        )

    assert run_sweep_at(OPENS + timedelta(minutes=2)) == []  # it may still be sending
    assert run_sweep_at(OPENS + timedelta(minutes=4)) == [alex.email]
    log = ReminderLog.objects.get(pk=reminder_id)
    assert (log.status, log.attempts) == ("sent", 2)
    assert run_sweep_at(OPENS + timedelta(minutes=10)) == []


def test_a_reminder_that_keeps_killing_its_worker_is_given_up(couple_round, settings):
    settings.REMINDER_CLAIM_TIMEOUT = 120
    with time_machine.travel(OPENS + timedelta(minutes=1), tick=False):
        services.reminders_plan()
        (reminder_id,) = services.reminders_queue_due()
    ReminderLog.objects.filter(pk=reminder_id).update(
        status="sending", claimed_at=OPENS, attempts=services.MAX_ATTEMPTS
    )

    assert run_sweep_at(OPENS + timedelta(minutes=5)) == []
    log = ReminderLog.objects.get(pk=reminder_id)
    assert (log.status, log.last_error) == ("failed", "WorkerLost")


def test_a_worker_that_outlived_its_claim_changes_nothing(couple_round, monkeypatch, settings):
    alex, _, _, _ = couple_round
    settings.REMINDER_CLAIM_TIMEOUT = 120
    first_try = OPENS + timedelta(minutes=1)
    with time_machine.travel(first_try, tick=False):
        services.reminders_plan()
        (reminder_id,) = services.reminders_queue_due()
    real_send = services.send_templated_email
    outcome = {}

    def slow_then_failing(**kwargs):
        # While this worker hangs on the mail server past its claim, a sweep hands the row to
        # another worker, which sends it; then this one's mail server fails.
        monkeypatch.setattr(services, "send_templated_email", real_send)
        later = first_try + timedelta(minutes=3)
        outcome["requeued"] = services.reminders_requeue_stale(now=later)
        outcome["other"] = services.reminder_send(reminder_id, now=later)
        raise ConnectionError("the slow mail server gave up")

    monkeypatch.setattr(services, "send_templated_email", slow_then_failing)
    mail.outbox.clear()
    services.reminder_send(reminder_id, now=first_try)

    assert outcome == {"requeued": [reminder_id], "other": "sent"}
    log = ReminderLog.objects.get(pk=reminder_id)
    # The slow worker's failure would have put it back to "planned" for a retry: it did not.
    assert (log.status, log.last_error) == ("sent", "")
    assert [m.to for m in mail.outbox] == [[alex.email]]


def test_ready_and_still_open_never_come_together_for_a_round_first_seen_late(couple_round):
    alex, sam, _, round_ = couple_round
    # Beat was down until after the follow-up time (a day before the close).
    late = round_.closes_at - timedelta(hours=20)

    assert run_sweep_at(late) == sorted([alex.email, sam.email])
    assert {m.subject for m in mail.outbox} == {"Your check-in is ready"}
    assert not ReminderLog.objects.filter(kind="follow_up").exists()
    assert run_sweep_at(round_.closes_at - timedelta(minutes=5)) == []


def test_a_follow_up_waits_while_ready_has_not_gone_out(couple_round):
    alex, sam, _, round_ = couple_round
    follow_up_time = round_.closes_at - timedelta(hours=24) + timedelta(minutes=1)
    with time_machine.travel(OPENS + timedelta(minutes=1), tick=False):
        services.reminders_plan()
    # Alex's "ready" is still retrying when the follow-up falls due.
    ReminderLog.objects.filter(person=alex, kind="opened").update(
        status="planned", due_at=follow_up_time + timedelta(hours=1)
    )

    sent = run_sweep_at(follow_up_time)

    assert alex.email not in [m.to[0] for m in mail.outbox if "still open" in m.subject]
    assert ReminderLog.objects.get(person=alex, kind="follow_up").status == "cancelled"
    assert sam.email in sent


def test_a_failing_send_is_retried_later_then_marked_failed(couple_round, monkeypatch):
    alex, _, _, _ = couple_round

    def broken(**kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(services, "send_templated_email", broken)
    moment = OPENS + timedelta(minutes=1)
    for attempt in range(1, services.MAX_ATTEMPTS + 1):
        run_sweep_at(moment)
        log = ReminderLog.objects.get(person=alex, kind="opened")
        assert log.attempts == attempt
        assert log.last_error == "ConnectionRefusedError"
        if attempt < services.MAX_ATTEMPTS:
            assert log.status == "planned"
            assert log.due_at == moment + services.retry_delay(attempt)
            moment = log.due_at + timedelta(seconds=1)
    assert log.status == "failed"
    assert run_sweep_at(moment + timedelta(hours=1)) == []


def test_the_admin_lists_sends_read_only_without_any_answer(admin_client, couple_round):
    alex, _, _, round_ = couple_round
    run_sweep_at(OPENS + timedelta(minutes=1))
    submit(round_, alex, note="A NOTE THAT MUST NOT SHOW", now=OPENS + timedelta(minutes=30))
    run_sweep_at(OPENS + timedelta(hours=10))

    page = admin_client.get("/admin/reminders/reminderlog/").content.decode()
    log = ReminderLog.objects.first()

    assert "A NOTE THAT MUST NOT SHOW" not in page
    assert row_for("alex@example.com") in page and row_for("sam@example.com") in page
    assert admin_client.get(f"/admin/reminders/reminderlog/{log.pk}/delete/").status_code == 403
    assert admin_client.get("/admin/reminders/reminderlog/add/").status_code == 403


def test_a_retry_that_would_land_in_quiet_hours_waits_for_their_end(couple_round, monkeypatch):
    alex, _, _, _ = couple_round
    # Quiet from 19:30 to 07:00 in Berlin; the first try at 19:01 fails.
    Profile.objects.filter(user=alex).update(
        quiet_hours_start=time(19, 30), quiet_hours_end=time(7)
    )
    calls = []
    real_send = services.send_templated_email

    def flaky(**kwargs):
        calls.append(kwargs["to"])
        if len(calls) == 1:
            raise ConnectionRefusedError("smtp down")
        real_send(**kwargs)

    monkeypatch.setattr(services, "send_templated_email", flaky)
    run_sweep_at(OPENS + timedelta(minutes=1))  # fails; retry due 19:02
    run_sweep_at(OPENS + timedelta(minutes=40))  # 19:40 Berlin: quiet, so it waits
    log = ReminderLog.objects.get(person=alex, kind="opened")
    assert log.status == "planned"
    assert log.due_at == datetime(2026, 11, 23, 6, tzinfo=UTC)  # 07:00 Berlin
    assert len(calls) == 1

    run_sweep_at(datetime(2026, 11, 23, 6, 1, tzinfo=UTC))
    assert ReminderLog.objects.get(pk=log.pk).status == "sent"


def test_a_queued_reminder_whose_task_was_lost_is_sent_by_a_later_sweep(couple_round):
    alex, _, _, _ = couple_round
    with time_machine.travel(OPENS + timedelta(minutes=1), tick=False):
        services.reminders_plan()
        assert services.reminders_queue_due()  # ...and the message is lost: nothing sends it

    assert run_sweep_at(OPENS + timedelta(minutes=3)) == []  # not stale yet
    assert run_sweep_at(OPENS + timedelta(minutes=7)) == [alex.email]
    assert run_sweep_at(OPENS + timedelta(minutes=20)) == []


def test_the_reminder_admin_hides_what_would_tell_who_answered(client, couple_round):
    alex, sam, _, round_ = couple_round
    submit(round_, sam, now=OPENS + timedelta(minutes=30))
    run_sweep_at(OPENS + timedelta(hours=10))  # Alex's sent, Sam's "not needed"
    outsider = UserFactory(is_staff=True, is_superuser=True)
    log_in(client, outsider.email)
    page = client.get("/admin/reminders/reminderlog/").content.decode()
    assert row_for("alex@example.com") in page
    assert row_for("sam@example.com") not in page  # a cancelled row would say Sam answered

    alex.is_staff = alex.is_superuser = True
    alex.save()
    client.post("/accounts/logout/")
    log_in(client, alex.email)
    own_couple = client.get("/admin/reminders/reminderlog/").content.decode()
    assert row_for("alex@example.com") not in own_couple


def row_for(email: str) -> str:
    return f">{email}</td>"


def test_a_partner_far_away_with_no_quiet_hours_gets_the_follow_up_in_the_morning(couple_round):
    alex, sam, _, round_ = couple_round
    Profile.objects.filter(user=sam).update(time_zone="Asia/Tokyo")
    follow_up_time = round_.closes_at - timedelta(hours=24)  # Tuesday 19:00 Berlin, 03:00 Tokyo

    run_sweep_at(OPENS + timedelta(minutes=1))
    run_sweep_at(OPENS + timedelta(hours=16, minutes=1))  # 19:00 Monday in Tokyo: "ready"
    at_night = run_sweep_at(follow_up_time + timedelta(minutes=1))
    in_the_morning = run_sweep_at(follow_up_time + timedelta(hours=5, minutes=1))  # 08:01

    assert at_night == [alex.email]
    assert in_the_morning == [sam.email]
    assert mail.outbox[0].subject == "Your check-in is still open"
