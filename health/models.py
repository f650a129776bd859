from django.db import models


class Heartbeat(models.Model):
    """The last time a periodic task ran: proof that beat schedules and a worker executes."""

    name = models.CharField(max_length=50)
    last_seen_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name"], name="health_heartbeat_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} at {self.last_seen_at:%Y-%m-%d %H:%M:%S}"
