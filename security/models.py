from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEventKind(models.TextChoices):
    LOGGED_IN = "logged_in", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Wrong password entered")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset by email link")
    EMAIL_ADDED = "email_added", _("Email address added")
    EMAIL_REMOVED = "email_removed", _("Email address removed")
    EMAIL_CHANGED = "email_changed", _("Main email address changed")
    TWO_FACTOR_ADDED = "two_factor_added", _("Two-factor method turned on")
    TWO_FACTOR_REMOVED = "two_factor_removed", _("Two-factor method turned off")
    TWO_FACTOR_FAILED = "two_factor_failed", _("Wrong two-factor code entered")
    RECOVERY_CODES_RENEWED = "recovery_codes_renewed", _("New recovery codes made")
    DATA_EXPORTED = "data_exported", _("All your data downloaded")
    ANSWERS_EXPORTED = "answers_exported", _("Your answers downloaded as a spreadsheet")
    PARTNER_LINKED = "partner_linked", _("Linked with a partner")
    PARTNER_UNLINKED = "partner_unlinked", _("You ended the link with your partner")
    SUMMARY_OPENED = "summary_opened", _("A summary's share link was opened")


class SecurityEvent(models.Model):
    """Something that happened to a person's account, shown to that person only, so that
    nobody can use or change their account without it showing up on their own page.

    It records what happened, when, and from which address and browser; never anything the
    person wrote, and nothing about their partner."""

    Kind = SecurityEventKind

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="security_events"
    )
    kind = models.CharField(max_length=30, choices=SecurityEventKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    # The client address as the rate limits see it (TRUSTED_PROXY_COUNT), and the browser's
    # own description of itself, cut short.
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="security_event_user_recent"),
            # The nightly prune deletes by age across everyone.
            models.Index(fields=["created_at"], name="security_event_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=SecurityEventKind.values),
                name="security_event_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.created_at:%Y-%m-%d %H:%M}"
