import functools
import secrets
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not (extra_fields["is_staff"] and extra_fields["is_superuser"]):
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person, identified by email. No username: it would be one more thing to leak."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        constraints = [
            # Case-insensitive: Alex@example.com and alex@example.com are one person.
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs) -> None:
        # allauth compares addresses in lower case; storing them so keeps one account per person
        # whichever path (sign-up, admin, shell) created it.
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


def validate_time_zone(value: str) -> None:
    if value not in available_time_zones():
        raise ValidationError(_("Choose a time zone from the list, such as Europe/Paris."))


@functools.cache
def available_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@functools.cache
def time_zone_choices() -> list[tuple[str, str]]:
    """Every zone, sorted, for a form's select."""
    return [(zone, zone) for zone in sorted(available_time_zones())]


def new_unsubscribe_token() -> str:
    return secrets.token_urlsafe(32)


class Profile(models.Model):
    """What a person chooses about themselves: the name their partner sees, zone, reminders."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(
        max_length=50, help_text=_("The name your partner sees. It can be a nickname.")
    )
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    # Pages, emails and notifications in this language; set at sign-up from the browser's.
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    reminders_enabled = models.BooleanField(default=True)
    # The credential of the one-click unsubscribe link in reminder emails: random, so the link
    # names nobody, and replaced when reminders are turned back on, so an old email's link can
    # no longer turn them off.
    unsubscribe_token = models.CharField(
        max_length=64, unique=True, default=new_unsubscribe_token, editable=False
    )

    class ReminderChannels(models.TextChoices):
        EMAIL = "email", _("Email")
        PUSH = "push", _("Notifications on my devices")
        BOTH = "both", _("Both")

    # Plain English here, marked for the catalogue: the notification's payload (reminders.push)
    # is JSON, which a lazy translation cannot be. Shown translated with gettext (ProfileForm,
    # the notifications page), in the reader's language.
    class PushText(models.TextChoices):
        READY = "ready", gettext_noop("A check-in is ready")
        REMINDER = "reminder", gettext_noop("Reminder")

    # Push goes only to devices the person turned it on for: with none, "both" is email alone.
    reminder_channels = models.CharField(
        max_length=5, choices=ReminderChannels.choices, default=ReminderChannels.BOTH
    )
    push_text = models.CharField(max_length=8, choices=PushText.choices, default=PushText.READY)
    # Reminders that fall inside quiet hours wait for their end; the span may cross midnight.
    # With none, follow-ups still wait out the night (reminders.timing.DEFAULT_QUIET_HOURS).
    quiet_hours_start = models.TimeField(null=True, blank=True)
    quiet_hours_end = models.TimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(quiet_hours_start__isnull=True, quiet_hours_end__isnull=True)
                    | (
                        Q(quiet_hours_start__isnull=False, quiet_hours_end__isnull=False)
                        & ~Q(quiet_hours_start=F("quiet_hours_end"))
                    )
                ),
                name="accounts_profile_quiet_hours_both_or_neither",
            ),
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _ in settings.LANGUAGES]),
                name="accounts_profile_language_offered",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or f"Profile {self.pk}"

    @property
    def wants_email(self) -> bool:
        return self.reminder_channels != self.ReminderChannels.PUSH

    @property
    def wants_push(self) -> bool:
        return self.reminder_channels != self.ReminderChannels.EMAIL

    def replace_unsubscribe_token(self) -> None:
        self.unsubscribe_token = new_unsubscribe_token()


class PushDevice(models.Model):
    """A browser that receives reminders by web push: the subscription its push service gave it
    (the endpoint and the keys that encrypt each message to it). Tied to the session that made
    it, so logging that device out stops its notifications."""

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="push_devices")
    # The push service's URL for this browser: unique, so subscribing twice keeps one row.
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    # "Firefox on Android": what the device list shows, from the browser's User-Agent.
    label = models.CharField(max_length=100)
    session_key = models.CharField(max_length=40, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Push device {self.pk}"
