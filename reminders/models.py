from django.conf import settings
from django.db import models
from django.db.models import Q

from checkins.models import Round


class ReminderLog(models.Model):
    """One reminder for one person and round. The unique (person, round, kind) row is planned
    ahead with its due time, and every step after that is a conditional update, so one worker at
    a time sends it whatever the retries, workers or sweeps (docs/decisions.md, Background
    jobs, for a worker killed mid-send)."""

    class Kind(models.TextChoices):
        OPENED = "opened", "Check-in ready"
        FOLLOW_UP = "follow_up", "Follow-up before closing"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Not needed"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    due_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    # The exception's class name only: never a message that could quote an address or content.
    last_error = models.CharField(max_length=100, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    # When a worker took it for sending: a claim older than REMINDER_CLAIM_TIMEOUT is a dead
    # worker's, and the row goes back to the queue.
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "round", "kind"], name="reminders_log_once_per_kind"
            ),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False) | ~Q(status="sent"),
                name="reminders_log_sent_has_time",
            ),
        ]
        indexes = [
            # The sweep's query: planned reminders that are due.
            models.Index(
                fields=["due_at"],
                condition=Q(status="planned"),
                name="reminders_log_planned_due",
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder {self.pk} ({self.kind}, {self.status})"


class ReminderPlan(models.Model):
    """That a round's reminders have been planned. Created once per round (unique), which is
    how two sweeps running at once agree on who plans it."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="reminder_plan")
    planned_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Plan for round {self.round_id}"


class PushDelivery(models.Model):
    """A reminder's web push to one of the person's devices: one row per reminder and device
    (unique), made once the reminder is claimed, and then claimed itself with a conditional
    update exactly as the reminder is (reminders.push.push_send), so retries, beats and workers
    send each device one push. One device's failure touches no other row."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        RETRY = "retry", "To retry"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Not needed"

    reminder = models.ForeignKey(ReminderLog, on_delete=models.CASCADE, related_name="pushes")
    device = models.ForeignKey(
        "accounts.PushDevice", on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    due_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    # The push service's status code or the exception's class name, never a message.
    last_error = models.CharField(max_length=100, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "device"], name="reminders_push_once_per_device"
            ),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False) | ~Q(status="sent"),
                name="reminders_push_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_at"], condition=Q(status="retry"), name="reminders_push_retry_due"
            ),
        ]

    def __str__(self) -> str:
        return f"Push {self.pk} ({self.status})"
