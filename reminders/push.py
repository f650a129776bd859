"""Reminders by web push. A claimed reminder plans one delivery per device of its person
(unique), and each delivery is then claimed and sent on its own, as reminders are: one push per
device whatever the retries, beats or workers, and one device's failure blocks no other device
and no email. The protocol (VAPID signing, aes128gcm encryption) is pywebpush's."""

import json
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import pgettext_lazy
from pywebpush import WebPushException, webpush
from requests import RequestException

from accounts.models import Profile, PushDevice
from checkins.models import Submission

from .claims import requeue_or_give_up
from .models import PushDelivery, ReminderLog

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
# A push service keeps an undelivered notification this long (a phone that is off); a reminder
# older than that would only be stale.
PUSH_TTL = 12 * 3600
PUSH_TIMEOUT = 10
# The push service says the subscription is gone (unsubscribed, app data cleared): forget it.
GONE = {404, 410}


def retry_delay(attempts: int) -> timedelta:
    """1, 4, then 16 minutes, as for email."""
    return timedelta(minutes=4 ** (attempts - 1))


# The words each choice of Profile.push_text sends, translated here (the profile page shows
# the choice's own label).
PUSH_BODIES = {
    Profile.PushText.READY: pgettext_lazy("push notification", "A check-in is ready"),
    Profile.PushText.REMINDER: pgettext_lazy("push notification", "Reminder"),
}


def notification(profile: Profile) -> dict[str, str]:
    """What the notification says: the site's name and the person's chosen bland line, in the
    person's own language, and where a tap leads (the check-in page, behind log-in). No name,
    partner, theme or score."""
    with translation.override(profile.language):
        return {
            "title": settings.SITE_NAME,
            "body": str(PUSH_BODIES[Profile.PushText(profile.push_text)]),
            "url": reverse("checkin"),
        }


# --- Deliveries ---------------------------------------------------------------------------


def deliveries_plan(log: ReminderLog, *, now: datetime) -> list[int]:
    """A queued delivery for each of the person's devices, for a reminder its sender has claimed
    and found still wanted. Returns the ids of this reminder's deliveries still queued (the
    caller queues their tasks; a second task for one is harmless, its claim decides)."""
    if not settings.WEBPUSH_ENABLED or not log.person.profile.wants_push:
        return []
    devices = PushDevice.objects.filter(person_id=log.person_id).values_list("pk", flat=True)
    PushDelivery.objects.bulk_create(
        [PushDelivery(reminder=log, device_id=pk, due_at=now) for pk in devices],
        ignore_conflicts=True,
    )
    return list(
        PushDelivery.objects.filter(reminder=log, status=PushDelivery.Status.QUEUED).values_list(
            "pk", flat=True
        )
    )


def queued_for(reminder_ids: list[int]) -> list[int]:
    return list(
        PushDelivery.objects.filter(
            reminder_id__in=reminder_ids, status=PushDelivery.Status.QUEUED
        ).values_list("pk", flat=True)
    )


def _still_wanted(delivery: PushDelivery, now: datetime) -> bool:
    log = delivery.reminder
    profile = log.person.profile
    if not (settings.WEBPUSH_ENABLED and profile.reminders_enabled and profile.wants_push):
        return False
    if log.round.schedule.is_paused or not log.round.is_open(now=now):
        return False
    if not log.round.has_participant(log.person):
        return False
    return not Submission.objects.filter(round=log.round, person=log.person).exists()


def push_send(delivery_id: int, *, now: datetime | None = None) -> str:
    """Send one push if it is still wanted. Returns the status it ends in.

    Claimed with a conditional update (queued to sending, stamped with the claim's time), and
    every later write names that claim, as reminder_send does. A subscription the push service
    no longer knows (404, 410) is forgotten; a 429, a 5xx or no answer is retried later, up to
    MAX_ATTEMPTS; any other refusal fails this delivery alone."""
    now = now or timezone.now()
    claimed = PushDelivery.objects.filter(pk=delivery_id, status=PushDelivery.Status.QUEUED).update(
        status=PushDelivery.Status.SENDING, claimed_at=now
    )
    if not claimed:
        return "not-claimed"
    mine = PushDelivery.objects.filter(
        pk=delivery_id, status=PushDelivery.Status.SENDING, claimed_at=now
    )
    delivery = PushDelivery.objects.select_related(
        "device", "reminder__person__profile", "reminder__round__schedule__couple"
    ).get(pk=delivery_id)
    if not _still_wanted(delivery, now):
        mine.update(status=PushDelivery.Status.CANCELLED)
        return PushDelivery.Status.CANCELLED
    mine.update(attempts=F("attempts") + 1)
    attempts = delivery.attempts + 1
    device = delivery.device
    try:
        webpush(
            subscription_info={
                "endpoint": device.endpoint,
                "keys": {"p256dh": device.p256dh, "auth": device.auth},
            },
            data=json.dumps(notification(delivery.reminder.person.profile)),
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=PUSH_TTL,
            timeout=PUSH_TIMEOUT,
        )
    except (WebPushException, RequestException) as error:
        response = getattr(error, "response", None)
        code = response.status_code if response is not None else None
        if code in GONE:
            PushDevice.objects.filter(pk=device.pk).delete()
            logger.info("push device gone device_id=%s status=%s", device.pk, code)
            return "gone"
        retryable = code is None or code == 429 or code >= 500
        give_up = not retryable or attempts >= MAX_ATTEMPTS
        mine.update(
            status=PushDelivery.Status.FAILED if give_up else PushDelivery.Status.RETRY,
            due_at=now + retry_delay(attempts),
            last_error=str(code) if code else type(error).__name__[:100],
        )
        logger.warning(
            "push send failed push_id=%s attempt=%s status=%s", delivery_id, attempts, code
        )
        return PushDelivery.Status.FAILED if give_up else PushDelivery.Status.RETRY
    mine.update(status=PushDelivery.Status.SENT, sent_at=now)
    logger.info("push sent push_id=%s", delivery_id)
    return PushDelivery.Status.SENT


def pushes_queue_due(*, now: datetime | None = None) -> list[int]:
    """Deliveries whose retry is due, or whose task will not run (a lost message, a worker that
    died holding the claim), queued again; the caller queues their tasks. One that has used its
    attempts that way is marked failed."""
    now = now or timezone.now()
    stale_claims = now - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT)
    due = (
        Q(status=PushDelivery.Status.RETRY, due_at__lte=now)
        | Q(
            status=PushDelivery.Status.QUEUED,
            due_at__lt=now - timedelta(seconds=settings.REMINDER_REQUEUE_AFTER),
        )
        | Q(status=PushDelivery.Status.SENDING, claimed_at__lt=stale_claims)
    )
    ids, _ = requeue_or_give_up(
        PushDelivery,
        stale=due,
        max_attempts=MAX_ATTEMPTS,
        gave_up_error="GaveUp",
        queued_stamp={"due_at": now},
    )
    return ids
