import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from checkins.models import Schedule
from couples.models import Couple

PERIODS = (4, 8, 12)
# The longest a share link may work: a therapist reads it before a session, not for months.
SHARE_LINK_MAX_DAYS = 30


def new_summary_code() -> str:
    return secrets.token_urlsafe(12)


class Summary(models.Model):
    """A couple's shared pulse trends over a fixed period, to print or show a therapist.

    It covers the couple only once both agreed; until then it shows only what its proposer
    shared. Withdrawing consent deletes the row (and its share links)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for your partner"
        AGREED = "agreed", "Both agreed"
        DECLINED = "declined", "Declined"

    code = models.CharField(max_length=32, unique=True, default=new_summary_code, editable=False)
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    # The couple's schedule: its weekly trend rows are what the summary shows.
    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="+")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    weeks = models.PositiveSmallIntegerField(choices=[(n, f"{n} weeks") for n in PERIODS])
    # Mondays of the first and last ISO week covered, in the schedule's zone, fixed when made.
    first_week = models.DateField()
    last_week = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    created_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(weeks__in=PERIODS), name="summaries_summary_period_known"
            ),
            models.CheckConstraint(
                condition=Q(last_week__gte=F("first_week")), name="summaries_summary_weeks_order"
            ),
            models.CheckConstraint(
                condition=Q(status="proposed", responded_at__isnull=True)
                | Q(status__in=["agreed", "declined"], responded_at__isnull=False),
                name="summaries_summary_responded_iff_answered",
            ),
        ]
        indexes = [
            # A person's summaries page: the summaries of the couples they were in, newest first.
            models.Index(fields=["couple", "-created_at"], name="summaries_summary_couple"),
        ]

    def __str__(self) -> str:
        return f"Summary {self.code} ({self.status})"

    @property
    def week_list(self) -> list:
        return [self.first_week + timedelta(weeks=n) for n in range(self.weeks)]


class ShareLink(models.Model):
    """A read-only address of an agreed summary for someone without an account. Only the
    token's hash is stored; the link works until it expires or either partner revokes it."""

    summary = models.ForeignKey(Summary, on_delete=models.CASCADE, related_name="share_links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at"))
                & Q(expires_at__lte=F("created_at") + timedelta(days=SHARE_LINK_MAX_DAYS)),
                name="summaries_sharelink_at_most_30_days",
            ),
        ]

    def __str__(self) -> str:
        return f"Share link {self.pk} of summary {self.summary_id}"
