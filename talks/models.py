"""What comes after a check-in: the couple's talk about it. Everything here is seen by both
partners (a topic one adds, the agreement), except a skip, which only its author sees."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from checkins.models import Round
from intimacy.encryption import EncryptedTextField

AGREEMENT_MAX_LENGTH = 2000
TOPIC_MAX_LENGTH = 80


class Agreement(models.Model):
    """The "What we agreed" of a round: one shared note either partner may edit. Last edit wins,
    but only an edit made on the current text: `version` goes up by one with each save, and a
    save names the version it was made on (talks.services.agreement_save)."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="+")
    # Encrypted at rest like every note; the length is checked before encryption.
    text = EncryptedTextField(blank=True, max_length=AGREEMENT_MAX_LENGTH)
    version = models.PositiveIntegerField(default=0)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # A saved agreement says who saved it and when (unless that person has since
            # deleted their account); version 0 is the empty row before the first save.
            models.CheckConstraint(
                condition=Q(version=0) | Q(changed_at__isnull=False),
                name="talks_agreement_saved_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Agreement {self.pk}"


class Topic(models.Model):
    """A topic of a partner's own for a round's talk, in a few words; one per person per round,
    shown to both on the agenda."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = EncryptedTextField(max_length=TOPIC_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="talks_topic_one_per_person"),
        ]

    def __str__(self) -> str:
        return f"Topic {self.pk}"


class Skip(models.Model):
    """That a person would rather not talk about this round. Read only for that person: the
    partner's pages never read it, so they see "no talk yet" as for any round without one."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="talks_skip_once"),
        ]

    def __str__(self) -> str:
        return f"Talk skip {self.pk}"
