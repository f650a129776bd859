from django.conf import settings
from django.db import models

from checkins.models import Schedule
from content.models import Dimension


class WeeklyTrend(models.Model):
    """One person's scores on one dimension for one ISO week of one schedule (a couple's, or
    their own journal's). Derived data: rebuilt from answers at any time.

    `mean`/`count` include private answers and are for the person alone; dashboards show a
    partner only `shared_mean`/`shared_count`."""

    # The indexes below serve these two foreign keys too: every index here is paid for on each
    # of the millions of rows a full rebuild writes (docs/performance.md).
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="weekly_trends",
        db_index=False,
    )
    schedule = models.ForeignKey(
        Schedule, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    week_start = models.DateField(help_text="Monday of the ISO week, in the schedule's zone.")
    # No index: a dimension is never deleted once answered (answers protect it).
    dimension = models.ForeignKey(
        Dimension, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    mean = models.FloatField()
    count = models.PositiveIntegerField()
    shared_mean = models.FloatField(null=True, blank=True)
    shared_count = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # Also the index of "our trends" (a schedule's weeks) and of the rebuild's upsert.
            models.UniqueConstraint(
                fields=["schedule", "week_start", "person", "dimension"],
                name="trends_weekly_one_row",
            ),
        ]
        indexes = [
            # "My trends" (a person's weeks across schedules), and deleting a person's rows.
            models.Index(fields=["person", "week_start"], name="trends_weekly_person_week"),
        ]

    def __str__(self) -> str:
        return f"Trend {self.week_start} {self.dimension_id}"


class PendingWeekUpdate(models.Model):
    """A schedule's week whose trend update could not be queued after a submit (the broker was
    down): the catch-up sweep (trends.tasks.update_pending_weeks) updates it once a worker runs,
    rather than leaving the dashboard behind until the nightly rebuild."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "week_start"], name="trends_pending_week_once"
            ),
        ]

    def __str__(self) -> str:
        return f"Pending trend update {self.schedule_id} {self.week_start}"
