import hashlib
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class Couple(models.Model):
    """Two people linked as partners. Ended couples are kept so each person's history stays theirs;
    linking again makes a new couple."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active", ended_at__isnull=True)
                | Q(status="ended", ended_at__isnull=False),
                name="couples_couple_ended_at_iff_ended",
            ),
        ]

    def __str__(self) -> str:
        return f"Couple {self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class CoupleMember(models.Model):
    """One person's place in a couple. The partial unique index is what guarantees, whatever the
    races, that a person is in at most one active couple."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="members")
    # Deleting an account removes its membership; the former partner keeps the ended couple.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="couple_memberships"
    )
    slot = models.PositiveSmallIntegerField()
    # Mirrors the couple's status, kept here so that the partial unique index below can see it;
    # only couple_end_for_user changes either, in one transaction.
    is_active = models.BooleanField(default=True)
    joined_at = models.DateTimeField()
    # The name this person showed when the couple ended: a later rename does not reach the
    # former partner.
    display_name_at_end = models.CharField(max_length=50, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(is_active=True),
                name="couples_member_one_active_couple_per_user",
            ),
            models.UniqueConstraint(fields=["couple", "slot"], name="couples_member_two_slots"),
            models.UniqueConstraint(fields=["couple", "user"], name="couples_member_once"),
            models.CheckConstraint(condition=Q(slot__in=[1, 2]), name="couples_member_slot_1_or_2"),
        ]

    def __str__(self) -> str:
        return f"Member {self.slot} of couple {self.couple_id}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """A link one person shares to become partners. Only the token's hash is stored, so the
    database alone never yields a working link."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        REVOKED = "revoked", "Revoked"
        EXPIRED = "expired", "Expired"

    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_to_email = models.EmailField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    couple = models.ForeignKey(
        Couple, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["inviter"],
                condition=Q(status="pending"),
                name="couples_invitation_one_pending_per_inviter",
            ),
            models.CheckConstraint(
                condition=~Q(responded_by=F("inviter")),
                name="couples_invitation_not_to_oneself",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")),
                name="couples_invitation_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation {self.pk} ({self.status})"

    def effective_status(self, now: datetime | None = None) -> str:
        """The status, with a pending link past its expiry counted as expired."""
        now = now or timezone.now()
        if self.status == self.Status.PENDING and self.expires_at <= now:
            return self.Status.EXPIRED
        return self.status
