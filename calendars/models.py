import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

DEFAULT_TITLE = "Check-in"
TITLE_MAX_LENGTH = 40


def validate_event_title(value: str) -> None:
    # Control and format characters (line breaks, bidi overrides) would let a title look like
    # something else in a calendar app.
    if any(unicodedata.category(char).startswith("C") for char in value):
        raise ValidationError(_("Use letters, numbers and punctuation only, on one line."))


class CalendarFeed(models.Model):
    """A person's private calendar address and the name its events carry. Only the token's
    hash is stored, so the database alone never yields a working address; without one the
    feed is off and answers like an address that never existed."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    # Empty while the feed is off.
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    token_created_at = models.DateTimeField(null=True, blank=True)
    title = models.CharField(
        max_length=TITLE_MAX_LENGTH, default=DEFAULT_TITLE, validators=[validate_event_title]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # The feed's lookup by address, and no two people behind one address.
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~Q(token_hash=""),
                name="calendars_feed_token_unique",
            ),
            models.CheckConstraint(
                condition=Q(token_hash="", token_created_at__isnull=True)
                | (~Q(token_hash="") & Q(token_created_at__isnull=False)),
                name="calendars_feed_token_has_time",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="calendars_feed_title_not_empty"),
        ]

    def __str__(self) -> str:
        return f"Calendar feed {self.pk} ({'on' if self.is_on else 'off'})"

    @property
    def is_on(self) -> bool:
        return bool(self.token_hash)
