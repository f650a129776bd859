from django.conf import settings
from django.db import models

from checkins.models import Schedule
from content.models import Dimension


class WeeklyTrend(models.Model):
    """One person's scores on one dimension for one ISO week of one schedule (a couple's, or
    their own journal's). Derived data: rebuilt from answers at any time.

    `mean`/`count` include private answers and are for the person alone; dashboards show a
    partner only `shared_mean`/`shared_count`."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weekly_trends"
    )
    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField(help_text="Monday of the ISO week, in the schedule's zone.")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="+")
    mean = models.FloatField()
    count = models.PositiveIntegerField()
    shared_mean = models.FloatField(null=True, blank=True)
    shared_count = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "week_start", "person", "dimension"],
                name="trends_weekly_one_row",
            ),
        ]
        indexes = [
            # Dashboards: a schedule's recent weeks.
            models.Index(fields=["schedule", "-week_start"], name="trends_weekly_recent"),
        ]

    def __str__(self) -> str:
        return f"Trend {self.week_start} {self.dimension_id}"
