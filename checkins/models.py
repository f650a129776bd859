import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import validate_time_zone
from content.models import Dimension, Practice, Prompt, SafetyChoice, SafetyQuestion
from couples.models import Couple
from intimacy.encryption import EncryptedTextField

from . import slots

NOTE_MAX_LENGTH = 2000


def new_round_code() -> str:
    return secrets.token_urlsafe(12)


class Schedule(models.Model):
    """When a couple (or one person alone) checks in. Slots are the weekday and time of day in
    the schedule's zone; each partner is reminded at that time in their own zone."""

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        FORTNIGHTLY = "fortnightly", _("Every two weeks")
        DAILY = "daily", _("Every day")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    couple = models.OneToOneField(
        Couple, on_delete=models.CASCADE, null=True, blank=True, related_name="schedule"
    )
    # A person without a partner keeps a private journal on a schedule of their own.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="solo_schedules",
    )
    cadence = models.CharField(max_length=12, choices=Cadence.choices, default=Cadence.WEEKLY)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.SUNDAY)
    time_of_day = models.TimeField()
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])
    # Fortnightly slots fall on the weeks an even number of weeks from this Monday.
    anchor_date = models.DateField()
    is_paused = models.BooleanField(default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(couple__isnull=False, owner__isnull=True)
                | Q(couple__isnull=True, owner__isnull=False),
                name="checkins_schedule_couple_or_owner",
            ),
            models.UniqueConstraint(fields=["owner"], name="checkins_schedule_one_solo_per_owner"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="checkins_schedule_weekday"),
        ]

    def __str__(self) -> str:
        return f"Schedule {self.pk} ({self.cadence})"

    @property
    def window_days(self) -> int:
        return 1 if self.cadence == self.Cadence.DAILY else 3

    @cached_property
    def slot_ahead(self) -> datetime:
        """The next slot, paused or not: each person is shown the schedule's day and time as
        this moment falls in their own zone, never the zone of whoever set it."""
        return slots.next_slot_after(self, timezone.now())


class Round(models.Model):
    """One check-in slot: open from opens_at until closes_at. Both partners answer the same
    prompts. Created ahead by a periodic task and when a schedule is made or changed, so the
    unique slot matters."""

    code = models.CharField(max_length=32, unique=True, default=new_round_code, editable=False)
    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="rounds")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    # The Monday of the ISO week the round opened in, in the schedule's zone: weekly trends
    # group by it in SQL without converting zones row by row.
    week_start = models.DateField()
    is_skipped = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["schedule", "opens_at"], name="checkins_round_slot"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="checkins_round_closes_after_open"
            ),
        ]
        indexes = [
            # History and the current round: a schedule's rounds, newest first.
            models.Index(fields=["schedule", "-opens_at"], name="checkins_round_recent"),
        ]

    def __str__(self) -> str:
        return f"Round {self.code}"

    def is_open(self, *, now: datetime | None = None) -> bool:
        """Open for answers: not skipped, inside its window, and its couple (if any) active."""
        now = now or timezone.now()
        couple = self.schedule.couple
        return (
            not self.is_skipped
            and self.opens_at <= now < self.closes_at
            and (couple is None or couple.is_active)
        )

    def has_participant(self, user) -> bool:
        """Whether `user` may answer it: its journal's owner, or an active member of its couple."""
        schedule = self.schedule
        if schedule.owner_id is not None:
            return schedule.owner_id == user.pk
        return schedule.couple.members.filter(user=user, is_active=True).exists()


class RoundPrompt(models.Model):
    """A question a round asks: per dimension its pulse item and one reflection question (rounds
    from before the pulse asked only the rotating one)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="round_prompts")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    prompt = models.ForeignKey(Prompt, on_delete=models.PROTECT, related_name="round_prompts")
    # The prompt's kind when the round was made: answers and trends select by it.
    is_pulse = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "dimension", "is_pulse"],
                name="checkins_roundprompt_one_per_dimension_and_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.prompt_id}"


class Submission(models.Model):
    """That a person has answered a round. Seen only by that person: the partner's pages never
    read it, so skipping and answering privately look the same from the other side."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="submissions")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions"
    )
    # When they first answered; each answer keeps the time of its own last edit.
    submitted_at = models.DateTimeField()
    care_note_dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="checkins_submission_once"),
        ]

    def __str__(self) -> str:
        return f"Submission {self.pk}"


class Answer(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="answers")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="answers"
    )
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    # The exact prompt version answered: once answered, its wording is never edited in place.
    prompt = models.ForeignKey(Prompt, on_delete=models.PROTECT, related_name="answers")
    # An answer to a pulse item: the only answers charted and averaged. Answers from before the
    # pulse (rotating prompts) are not.
    is_pulse = models.BooleanField(default=False)
    # None: "does not apply" on a pulse item, or a reflection question answered with a note
    # alone. Averages leave it out; charts show a gap.
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    # Encrypted at rest; the 2,000-character limit is checked before encryption (the form and
    # checkin_submit), since the database only sees ciphertext.
    note = EncryptedTextField(blank=True, max_length=NOTE_MAX_LENGTH)
    is_shared = models.BooleanField()
    # "I'd like to talk about this": puts the answer on the round's talk agenda, which both
    # partners see, so only a shared answer can carry it.
    wants_talk = models.BooleanField(default=False)
    # The language the question was shown in when the answer was last saved (English where the
    # person's language had no translation of that version yet: Prompt.language_shown). Every
    # page that shows the answer later shows the question and its labels in it, whatever
    # language the person or their partner has chosen since.
    language = models.CharField(max_length=8, default="en", db_default="en")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person", "dimension", "is_pulse"],
                name="checkins_answer_once_per_question",
            ),
            models.CheckConstraint(
                condition=Q(wants_talk=False) | Q(is_shared=True),
                name="checkins_answer_talk_only_when_shared",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="checkins_answer_score_1_to_5",
            ),
        ]
        indexes = [
            # A person's own answers over time (history, their own trends).
            models.Index(fields=["person", "round"], name="checkins_answer_person_round"),
        ]

    def __str__(self) -> str:
        return f"Answer {self.pk}"

    @property
    def question_text(self) -> str:
        """The question as it was asked: this prompt version's words in the answer's language."""
        return self.prompt.in_language("text", self.language)

    @property
    def score_text(self) -> str:
        """The answer as the person chose it: "4 / 5 · Often", or the pulse item's "does not
        apply" label, or "No score" for a reflection question answered with a note alone."""
        label = self.prompt.label_for(self.score, self.language)
        if self.score is None:
            return (self.is_pulse and label) or gettext("No score")
        if label:
            return gettext("%(score)s / 5 · %(label)s") % {"score": self.score, "label": label}
        return gettext("%(score)s / 5") % {"score": self.score}

    @property
    def score_words(self) -> str:
        """The words of the point chosen ("Often"), or of "does not apply", or ''."""
        return self.prompt.label_for(self.score, self.language) or ""


class WeighingAnswer(models.Model):
    """What has weighed on a person lately beyond the two of them (work, family, money,
    health): unscored context for the talk after a check-in, never charted or averaged. Kept
    only when something is chosen; the partner sees it only if shared, under the reveal rule
    of answers. The topics come from the articles' list of what wears closeness down (work
    stress, raising children, money worries, health; docs/measurement.md)."""

    TOPICS = {
        "work": _("Work or studies"),
        "family": _("Children or caring for family"),
        "money": _("Money"),
        "health": _("Health"),
        "other": _("Something else"),
    }

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="weighing_answers")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    work = models.BooleanField(default=False)
    family = models.BooleanField(default=False)
    money = models.BooleanField(default=False)
    health = models.BooleanField(default=False)
    other = models.BooleanField(default=False)
    is_shared = models.BooleanField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="checkins_weighing_once"),
            # Nothing chosen is no row: skipping leaves nothing behind.
            models.CheckConstraint(
                condition=Q(work=True)
                | Q(family=True)
                | Q(money=True)
                | Q(health=True)
                | Q(other=True),
                name="checkins_weighing_something",
            ),
        ]

    def __str__(self) -> str:
        return f"Weighing answer {self.pk}"

    @property
    def topics(self) -> list[str]:
        return [topic for topic in self.TOPICS if getattr(self, topic)]

    @property
    def topic_labels(self) -> list[str]:
        return [str(self.TOPICS[topic]) for topic in self.topics]


class SafetyAnswer(models.Model):
    """A person's answer to a private safety question in a round. It has no share switch, no
    reverse accessor on the round or the person and no admin page: only its author's own pages
    and export read it, by person."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(SafetyQuestion, on_delete=models.PROTECT, related_name="+")
    choice = models.ForeignKey(SafetyChoice, on_delete=models.PROTECT, related_name="+")
    # The question and choice as they were when answered, and what the choice meant then: an
    # admin's later edit changes neither the export nor the support note.
    question_text = models.CharField(max_length=200)
    choice_label = models.CharField(max_length=80)
    is_worrying = models.BooleanField()
    # When this choice was last saved: a support note hidden before it shows again.
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person", "question"], name="checkins_safetyanswer_once"
            ),
        ]

    def __str__(self) -> str:
        return f"Safety answer {self.pk}"


class Suggestion(models.Model):
    """A practice suggested to a person after a round; kept so the next round can avoid it."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="suggestions")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggestions"
    )

    class Reason(models.TextChoices):
        BAND = "band", "The score is in the practice's band"
        GAP = "gap", "Partners' shared scores differ by 2 or more"

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=10, choices=Reason.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person", "practice"], name="checkins_suggestion_once"
            ),
            models.CheckConstraint(
                condition=Q(reason__in=["band", "gap"]), name="checkins_suggestion_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"Suggestion {self.pk}"
