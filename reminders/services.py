"""Planning, queueing and sending reminders, each step a claim that only one process can win."""

import logging
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from accounts.models import Profile
from checkins.models import Round, Submission
from checkins.services import live_schedules
from couples.models import CoupleMember
from intimacy.formats import format_local
from intimacy.mail import send_templated_email

from .claims import QUEUE_BATCH, requeue_or_give_up
from .models import ReminderLog, ReminderPlan
from .push import deliveries_plan
from .timing import due_times, follow_up_gap, follow_up_quiet_hours, out_of_quiet_hours

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
MESSAGE_ID_SALT = "reminders.message-id"


def retry_delay(attempts: int) -> timedelta:
    """1, 4, then 16 minutes: a mail server that hiccups gets time to recover."""
    return timedelta(minutes=4 ** (attempts - 1))


def _participants(round_: Round) -> list:
    schedule = round_.schedule
    if schedule.owner_id is not None:
        return [schedule.owner]
    return [member.user for member in schedule.couple.members.all() if member.is_active]


def _rounds_to_plan(now: datetime):
    """Open rounds that have no reminder rows yet."""
    return Round.objects.filter(
        schedule__in=live_schedules(),
        opens_at__lte=now,
        closes_at__gt=now,
        is_skipped=False,
        reminder_plan__isnull=True,
    )


def plan_ranges(*, now: datetime | None = None, batch: int | None = None) -> list[tuple[int, int]]:
    """[first, last] round id ranges of at most `batch` rounds still to plan: the units that
    workers on any number of hosts can plan side by side (each round is planned once, by
    whoever creates its ReminderPlan)."""
    now, batch = now or timezone.now(), batch or settings.REMINDER_PLAN_BATCH
    ids = list(_rounds_to_plan(now).order_by("pk").values_list("pk", flat=True))
    return [
        (chunk[0], chunk[-1]) for chunk in (ids[i : i + batch] for i in range(0, len(ids), batch))
    ]


def _plan_rows_insert(round_ids: list[int], *, planned_at: datetime) -> list[int]:
    """Insert a ReminderPlan row for each round that has none; return the rounds this call
    inserted. One statement either way: an array on PostgreSQL, a VALUES list on SQLite (the
    development database, which has no arrays)."""
    table = ReminderPlan._meta.db_table
    if connection.vendor == "postgresql":
        rows_sql, params = "SELECT unnest(%s::bigint[]), %s", [round_ids, planned_at]
    else:
        rows_sql = "VALUES " + ", ".join(["(%s, %s)"] * len(round_ids))
        params = [value for round_id in round_ids for value in (round_id, planned_at)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (round_id, planned_at) {rows_sql} "
            "ON CONFLICT (round_id) DO NOTHING RETURNING round_id",
            params,
        )
        return [row[0] for row in cursor.fetchall()]


def reminders_plan_rounds(
    *, first_id: int, last_id: int, now: datetime | None = None, queue_due: bool = False
) -> tuple[int, list[int]]:
    """Give the open rounds with ids in [first_id, last_id] that have none yet their reminder
    rows, with their due times. Returns the number of rows planned and, with `queue_due`, the
    ids of those already due, written as queued (the caller queues one task each).

    A few statements per batch, not per round: the ReminderPlan rows are inserted together and
    the database says which ones this call created (ON CONFLICT DO NOTHING RETURNING), so two
    sweeps planning the same range at once plan each round once. The rows are new in this
    transaction, so writing them queued is as good a claim as the usual conditional update.
    """
    now = now or timezone.now()
    with transaction.atomic():
        candidates = list(
            _rounds_to_plan(now)
            .filter(pk__gte=first_id, pk__lte=last_id)
            .values_list("pk", flat=True)
        )
        if not candidates:
            return 0, []
        won = _plan_rows_insert(candidates, planned_at=timezone.now())
        rounds = (
            Round.objects.filter(pk__in=won)
            .select_related("schedule__couple", "schedule__owner__profile")
            .prefetch_related(
                Prefetch(
                    "schedule__couple__members",
                    queryset=CoupleMember.objects.select_related("user__profile"),
                )
            )
        )
        rows = []
        for round_ in rounds:
            for person in _participants(round_):
                profile = person.profile
                if not profile.reminders_enabled:
                    continue
                for kind, due_at in due_times(
                    opens_at=round_.opens_at,
                    closes_at=round_.closes_at,
                    time_of_day=round_.schedule.time_of_day,
                    zone=ZoneInfo(profile.time_zone),
                    quiet_start=profile.quiet_hours_start,
                    quiet_end=profile.quiet_hours_end,
                    not_before=now,
                ).items():
                    log = ReminderLog(person=person, round=round_, kind=kind, due_at=due_at)
                    if queue_due and due_at <= now:
                        log.status, log.queued_at = ReminderLog.Status.QUEUED, now
                    rows.append(log)
        # The plan rows above make this call the only one writing these rounds' reminders.
        ReminderLog.objects.bulk_create(rows, batch_size=QUEUE_BATCH)
    return len(rows), [log.pk for log in rows if log.status == ReminderLog.Status.QUEUED]


def reminders_plan(*, now: datetime | None = None) -> int:
    """Plan every open round that has no reminder rows yet, batch after batch, here."""
    now = now or timezone.now()
    return sum(
        reminders_plan_rounds(first_id=first, last_id=last, now=now)[0]
        for first, last in plan_ranges(now=now)
    )


def reminders_due_count(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    return ReminderLog.objects.filter(status=ReminderLog.Status.PLANNED, due_at__lte=now).count()


def reminders_queue_due(*, now: datetime | None = None, batch: int = QUEUE_BATCH) -> list[int]:
    """Claim due reminders for sending and return their ids (the caller queues one task each).

    Rows are locked with SKIP LOCKED, so concurrent sweeps take different rows; the status
    change from planned to queued is the claim.
    """
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            ReminderLog.objects.select_for_update(skip_locked=True)
            .filter(status=ReminderLog.Status.PLANNED, due_at__lte=now)
            .order_by("due_at")
            .values_list("pk", flat=True)[:batch]
        )
        ReminderLog.objects.filter(pk__in=ids, status=ReminderLog.Status.PLANNED).update(
            status=ReminderLog.Status.QUEUED, queued_at=now
        )
    return ids


def reminders_requeue_stale(*, now: datetime | None = None) -> list[int]:
    """Reminders whose task will not run, claimed again for a new one (the caller queues them):
    queued ones whose message was lost (a failed publish, a broker restart), and ones a worker
    took for sending and then died with (killed, out of memory, its host gone). A send that
    failed four times in such a way is marked failed instead. Safe to run at any time: the send
    proceeds only on its own queued-to-sending claim."""
    now = now or timezone.now()
    claims_before = now - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT)
    stale = (
        Q(
            status=ReminderLog.Status.QUEUED,
            queued_at__lt=now - timedelta(seconds=settings.REMINDER_REQUEUE_AFTER),
        )
        | Q(status=ReminderLog.Status.SENDING, claimed_at__lt=claims_before)
        # Claimed by a version that did not stamp claims: judged by when it was queued.
        | Q(status=ReminderLog.Status.SENDING, claimed_at=None, queued_at__lt=claims_before)
    )
    ids, given_up = requeue_or_give_up(
        ReminderLog,
        stale=stale,
        max_attempts=MAX_ATTEMPTS,
        gave_up_error="WorkerLost",
        queued_stamp={"queued_at": now},
    )
    if given_up:
        logger.warning("reminders given up after lost workers count=%s", given_up)
    return ids


def _quiet_until(log: ReminderLog, now: datetime) -> datetime | None:
    """When the person's quiet hours end, if `now` is inside them (read at send time, so a
    retry or a change of quiet hours since planning is respected). A follow-up also waits out
    the default night of a person who chose no quiet hours."""
    profile = log.person.profile
    start, end = profile.quiet_hours_start, profile.quiet_hours_end
    if log.kind == ReminderLog.Kind.FOLLOW_UP:
        start, end = follow_up_quiet_hours(start, end)
    later = out_of_quiet_hours(now, ZoneInfo(profile.time_zone), start, end)
    return later if later != now else None


def _follow_up_too_soon(log: ReminderLog, now: datetime) -> bool:
    """Whether "still open" would come with "ready", or too soon after it: the "ready" reminder
    has not gone out yet, or went out less than half the round's length ago."""
    opened = (
        ReminderLog.objects.filter(
            person_id=log.person_id, round_id=log.round_id, kind=ReminderLog.Kind.OPENED
        )
        .values("status", "sent_at")
        .first()
    )
    if opened is None or opened["status"] in (
        ReminderLog.Status.FAILED,
        ReminderLog.Status.CANCELLED,
    ):
        return False
    if opened["status"] != ReminderLog.Status.SENT:
        return True
    return now < opened["sent_at"] + follow_up_gap(log.round.opens_at, log.round.closes_at)


def _still_wanted(log: ReminderLog, now: datetime) -> bool:
    round_ = log.round
    schedule = round_.schedule
    if schedule.is_paused or not round_.is_open(now=now):
        return False
    if not round_.has_participant(log.person):
        return False
    # The profile was read with the log, after the claim: a switch-off before then counts.
    if not log.person.profile.reminders_enabled:
        return False
    if log.kind == ReminderLog.Kind.FOLLOW_UP and _follow_up_too_soon(log, now):
        return False
    return not Submission.objects.filter(round=round_, person=log.person).exists()


def reminder_send(log_id: int, *, now: datetime | None = None) -> str:
    """Send one reminder if it is still wanted. Returns the status it ends in.

    Claimed with a conditional update (queued to sending, stamped with the claim's time): a
    task delivered twice, or run by two workers, sends once; every later write names that
    claim, so a worker that outlived its claim changes nothing. A failure goes back to planned
    with a later due time, so retries live in the database, not in Celery countdowns; after
    MAX_ATTEMPTS it is marked failed.
    """
    now = now or timezone.now()
    claimed = ReminderLog.objects.filter(pk=log_id, status=ReminderLog.Status.QUEUED).update(
        status=ReminderLog.Status.SENDING, claimed_at=now
    )
    if not claimed:
        return "not-claimed"
    mine = ReminderLog.objects.filter(pk=log_id, status=ReminderLog.Status.SENDING, claimed_at=now)
    log = ReminderLog.objects.select_related("person__profile", "round__schedule__couple").get(
        pk=log_id
    )
    if not _still_wanted(log, now):
        mine.update(status=ReminderLog.Status.CANCELLED)
        return ReminderLog.Status.CANCELLED
    quiet_until = _quiet_until(log, now)
    if quiet_until is not None:
        mine.update(status=ReminderLog.Status.PLANNED, due_at=quiet_until)
        return ReminderLog.Status.PLANNED
    # The pushes first, each with a claim of its own: an email that fails blocks no device.
    deliveries_plan(log, now=now)
    if not log.person.profile.wants_email:
        mine.update(status=ReminderLog.Status.SENT, sent_at=now)
        logger.info("reminder sent by push only reminder_id=%s kind=%s", log_id, log.kind)
        return ReminderLog.Status.SENT
    # Counted before the send: a worker that dies while sending has used an attempt.
    mine.update(attempts=F("attempts") + 1)
    log.attempts += 1
    try:
        _send_email(log)
    except Exception as error:
        failed = log.attempts >= MAX_ATTEMPTS
        mine.update(
            status=ReminderLog.Status.FAILED if failed else ReminderLog.Status.PLANNED,
            due_at=now + retry_delay(log.attempts),
            last_error=type(error).__name__[:100],
        )
        logger.warning(
            "reminder send failed reminder_id=%s attempt=%s error=%s",
            log_id,
            log.attempts,
            type(error).__name__,
        )
        return ReminderLog.Status.FAILED if failed else ReminderLog.Status.PLANNED
    mine.update(status=ReminderLog.Status.SENT, sent_at=now)
    logger.info("reminder sent reminder_id=%s kind=%s", log_id, log.kind)
    return ReminderLog.Status.SENT


def reminders_turn_off(*, token: str) -> bool:
    """One-click unsubscribe: turn reminders off for the person whose current link this is.
    False for a link that is unknown, or from before reminders were last turned back on."""
    profile = Profile.objects.filter(unsubscribe_token=token).only("pk", "user_id").first()
    if profile is None:
        return False
    Profile.objects.filter(pk=profile.pk).update(reminders_enabled=False)
    logger.info("reminders turned off user_id=%s", profile.user_id)
    return True


def unsubscribe_link_is_current(token: str) -> bool:
    return Profile.objects.filter(unsubscribe_token=token).exists()


def reminder_message_id(log: ReminderLog) -> str:
    """The same Message-ID whenever this person's reminder of this kind for this round is
    sent: a second send after an uncertain answer from the mail server is recognisably the
    same message. Opaque: it names no account or round."""
    digest = salted_hmac(
        MESSAGE_ID_SALT, f"{log.person_id}:{log.round_id}:{log.kind}", algorithm="sha256"
    ).hexdigest()[:32]
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<{digest}.reminder@{domain}>"


def _send_email(log: ReminderLog) -> None:
    unsubscribe_url = settings.SITE_URL + reverse(
        "reminders_unsubscribe", args=[log.person.profile.unsubscribe_token]
    )
    # In the person's own language and zone: each partner gets their own.
    profile = log.person.profile
    with timezone.override(ZoneInfo(profile.time_zone)), translation.override(profile.language):
        send_templated_email(
            template=f"reminder-{log.kind}",
            to=[log.person.email],
            context={
                "link": settings.SITE_URL + reverse("round_detail", args=[log.round.code]),
                "closes_at": log.round.closes_at,
                # "Tuesday 3 March, 20:00", "Dienstag, 3. März, 20:00": read in this zone.
                "closes_at_text": format_local(log.round.closes_at, "WEEKDAY_DATETIME_FORMAT"),
                "unsubscribe_url": unsubscribe_url,
            },
            headers={
                "Message-ID": reminder_message_id(log),
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
